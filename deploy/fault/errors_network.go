package fault

import (
	"context"
	"errors"
	"net"
	"syscall"
)

// NetworkReason names, in a few words, why a dependency gave no answer:
// "timeout", "connection refused", "connection reset", "unknown host X",
// or "no answer". Adapters use it in their CodeUnavailable messages.
func NetworkReason(err error) string {
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return "connection reset"
	case errors.As(err, &dns):
		return "unknown host " + dns.Name
	}
	return "no answer"
}
