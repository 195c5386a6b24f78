package deploy

import (
	"errors"

	"github.com/deploybot/deploybot/deploy/fault"
	"github.com/deploybot/deploybot/deploy/yamledit"
)

// editError returns err, from package yamledit, as the *Error deploybot
// shows: a yamledit.ErrInvalid refusal becomes CodeInvalid and an
// ErrUnverified one CodeInternal, with the message unchanged. Any other
// error (and nil) is returned as it is.
func editError(err error) error {
	var ye *yamledit.Error
	if !errors.As(err, &ye) {
		return err
	}
	code := fault.CodeInvalid
	if errors.Is(ye, yamledit.ErrUnverified) {
		code = fault.CodeInternal
	}
	return &fault.Error{Code: code, Message: ye.Message}
}
