package config

import "errors"

// isInvalid reports whether err is how the configuration model refuses
// input: an *InvalidError or a *FileError.
func isInvalid(err error) bool {
	var ie *InvalidError
	var ce *FileError
	return errors.As(err, &ie) || errors.As(err, &ce)
}
