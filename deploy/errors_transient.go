package deploy

import (
	"fmt"
	"strings"

	"github.com/deploybot/deploybot/deploy/fault"
)

// untouched returns err, a failure met before anything was written, in
// words that tell the person so: a dependency failure keeps its code and
// gains "nothing was changed" (and "try again" unless it says so
// already); other errors are returned as they are.
func untouched(err error) error {
	de := fault.Dependency(err)
	if de == nil {
		return err
	}
	msg := strings.TrimRight(de.Message, ". ")
	if strings.Contains(msg, "try again") {
		msg += ". Nothing was changed."
	} else {
		msg += " — nothing was changed, try again."
	}
	return &fault.Error{Code: de.Code, Err: err, Message: msg}
}

// pending returns err, a transient failure met after p was recorded, in
// words that say p is kept and will be retried: the code stays (a
// dependency failure is still one).
func pending(p Promotion, err error) error {
	msg := "deploybot failed inside"
	code := fault.ErrorCode(err)
	if de := fault.Dependency(err); de != nil {
		msg = strings.TrimRight(de.Message, ". ")
	}
	return &fault.Error{Code: code, Err: err, Message: fmt.Sprintf(
		"Promotion %s of %s to %s is recorded, but its pull request is not open yet: %s. deploybot keeps trying and will announce it when it is open.",
		p.ID, p.Service, p.Env, msg)}
}
