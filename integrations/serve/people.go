package serve

import (
	"context"
	"errors"
	"sync"

	"github.com/deploybot/deploybot/deploy"
)

// personLookup is what the bot answers about a Slack user: their ID with
// the configured user groups they belong to (bot.Bot.Person).
type personLookup interface {
	Person(ctx context.Context, id string) deploy.Person
}

// forwardPeople breaks the cycle between the engine (which needs a
// person lookup when it is made) and the bot (which needs the engine),
// as forwardNotifier does: the engine and the local API get it at once,
// the bot is set once it exists. Both ask the same Slack user groups
// (usergroups.users.list, cached by the bot), so a promoter or approver
// listed as a group counts in Slack, through a GitHub review and on the
// command line alike.
type forwardPeople struct {
	mu     sync.RWMutex
	target personLookup
}

// set makes l the lookup people are resolved with.
func (f *forwardPeople) set(l personLookup) {
	f.mu.Lock()
	f.target = l
	f.mu.Unlock()
}

// errNoPeople is groups' error before set: the person then counts by
// their user ID only.
var errNoPeople = errors.New("the Slack bot is not set up yet, so user groups can't be read")

// person is the engine's deploy.PersonLookup: who id is, with their user
// groups; only the ID before set (fewer rights, never more).
func (f *forwardPeople) person(ctx context.Context, id string) deploy.Person {
	f.mu.RLock()
	t := f.target
	f.mu.RUnlock()
	if t == nil {
		return deploy.Person{ID: id}
	}
	return t.Person(ctx, id)
}

// groups is the local API's Groups hook: the configured user groups
// Slack user id belongs to. A group Slack can't read is left out by the
// bot (logged there); before set it returns errNoPeople.
func (f *forwardPeople) groups(ctx context.Context, id string) ([]string, error) {
	f.mu.RLock()
	t := f.target
	f.mu.RUnlock()
	if t == nil {
		return nil, errNoPeople
	}
	return t.Person(ctx, id).Groups, nil
}
