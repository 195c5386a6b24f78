package serve

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/deploybot/deploybot/deploy"
)

// TestForwardPeople: before the bot exists a person is their user ID
// only and the API's group lookup says why; after, both ask the bot.
func TestForwardPeople(t *testing.T) {
	ctx := context.Background()
	f := &forwardPeople{}
	t.Run("ErrNoBot", func(t *testing.T) {
		if diff := cmp.Diff(deploy.Person{ID: "U1"}, f.person(ctx, "U1")); diff != "" {
			t.Errorf("person (-want +got):\n%s", diff)
		}
		if _, err := f.groups(ctx, "U1"); err != errNoPeople {
			t.Errorf("groups error = %v, want %v", err, errNoPeople)
		}
	})
	t.Run("OK", func(t *testing.T) {
		f.set(fixedPeople{"U1": {"S0LEADS"}})
		if diff := cmp.Diff(deploy.Person{ID: "U1", Groups: []string{"S0LEADS"}}, f.person(ctx, "U1")); diff != "" {
			t.Errorf("person (-want +got):\n%s", diff)
		}
		got, err := f.groups(ctx, "U1")
		if diff := cmp.Diff([]string{"S0LEADS"}, got); diff != "" || err != nil {
			t.Errorf("groups = %v, %v; want S0LEADS (-want +got):\n%s", got, err, diff)
		}
	})
}

// fixedPeople is a personLookup of fixed group memberships.
type fixedPeople map[string][]string

func (f fixedPeople) Person(_ context.Context, id string) deploy.Person {
	return deploy.Person{ID: id, Groups: f[id]}
}
