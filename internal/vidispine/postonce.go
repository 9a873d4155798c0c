package vidispine

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// verifyFunc looks on the server for the effect of a POST whose outcome is unknown. It
// reports true when the effect is there (and remembers what it found for the caller).
type verifyFunc func(ctx context.Context) (bool, error)

// postOnce sends a request that must not take effect twice: a create or a re-run. A
// duplicate is data damage, so the request is repeated only when it certainly did not reach
// the server (dial error, retried inside send) or was explicitly refused (429). After any
// other retryable failure (502/503/504, a connection dropped after sending, a timeout) it
// calls verify first, and only when verify finds nothing does it try again, within the same
// retry budget.
//
// It returns posted=true with out decoded when the server answered the POST, and
// posted=false when verify found the effect of an earlier attempt.
func (c *Client) postOnce(ctx context.Context, r *request, out any, verify verifyFunc) (posted bool, err error) {
	cl := c.newCall(ctx, r)
	cl.nonIdempotent = true
	for {
		resp, err := cl.send()
		var cause error
		switch {
		case err == nil && !outcomeUnknownStatus(resp.StatusCode):
			return true, cl.decode(resp, out)
		case err == nil:
			cause = cl.apiError(resp)
		case ctx.Err() != nil || !retryableError(err) || isDialError(err):
			// Canceled, permanent, or never sent: nothing to verify.
			return false, err
		default:
			cause = err
		}

		tflog.Debug(cl.ctx, "Vidispine request outcome unknown; checking the server before trying again",
			map[string]any{"method": r.method, "path": cl.apiPath(), "attempt": cl.attempts, "error": cause.Error()})
		found, verr := verify(ctx)
		if verr != nil {
			return false, fmt.Errorf("%w; checking whether it took effect failed too (%v), so it was not sent again "+
				"to avoid a duplicate: check the server before retrying", cause, verr)
		}
		if found {
			tflog.Debug(cl.ctx, "Vidispine request had taken effect despite the failure",
				map[string]any{"method": r.method, "path": cl.apiPath(), "attempt": cl.attempts})
			return false, nil
		}
		if cl.attempts > c.maxRetries {
			return false, cause
		}
		if err := wait(ctx, cl.backoff(c.waitMin, c.waitMax, cl.attempts-1, resp)); err != nil {
			return false, fmt.Errorf("%s %s: %w", r.method, cl.apiPath(), err)
		}
	}
}

// outcomeUnknownStatus: statuses after which a POST may or may not have taken effect.
func outcomeUnknownStatus(status int) bool {
	switch status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// storedOrSent is what a create hands back once the server holds the new object: the object
// as stored (read back with err), or, when reading it back failed, sent, the document as sent
// with its new id. An error instead would leave the object on the server unmanaged: the next
// apply would create it a second time (or refuse its step as taken). The next refresh reads
// the server's document.
func storedOrSent[T any](ctx context.Context, what string, id any, stored *T, err error, sent *T) *T {
	if err != nil {
		tflog.Warn(ctx, what+" created, but reading it back failed; keeping the document as sent",
			map[string]any{"id": id, "error": err.Error()})
		return sent
	}
	return stored
}
