package vidispine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

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
// A graceful stop (Terraform cancels ctx on Ctrl-C) is such a failure too: the request may
// have taken effect on its way. verify then runs with a context of its own
// (bookkeepingContext), so the caller can hand Terraform what was made, and nothing is sent
// again. Nothing is sent at all once ctx is done.
//
// It returns posted=true with out decoded when the server answered the POST, and
// posted=false when verify found the effect of an earlier attempt.
func (c *Client) postOnce(ctx context.Context, r *request, out any, verify verifyFunc) (posted bool, err error) {
	if err := notSentAfterStop(ctx, c, r); err != nil {
		return false, err
	}
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
		case ctx.Err() != nil:
			return false, stoppedOutcome(ctx, err, verify)
		case !retryableError(err) || isDialError(err):
			// Permanent, or never sent: nothing to verify.
			return false, err
		default:
			cause = err
		}

		tflog.Debug(cl.ctx, "Vidispine request outcome unknown; checking the server before trying again",
			map[string]any{"method": r.method, "path": cl.apiPath(), "attempt": cl.attempts, "error": cause.Error()})
		found, verr := verifyAfterStop(ctx, verify)
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
			return false, fmt.Errorf("%s %s: %w (not sent again: the server does not hold its effect)", r.method, cl.apiPath(), err)
		}
	}
}

// write sends an update (PUT) or a delete and decodes the answer into out. When Terraform
// stops the provider while the request is on its way, verify looks, with a context of its own
// (bookkeepingContext), whether it took effect: then write succeeds, so Terraform records the
// outcome; otherwise it says that the change was not made. Nothing is sent once ctx is done.
// verify nil: a stopped write is an error.
func (c *Client) write(ctx context.Context, r *request, out any, verify verifyFunc) error {
	if err := notSentAfterStop(ctx, c, r); err != nil {
		return err
	}
	cl := c.newCall(ctx, r)
	resp, err := cl.send()
	switch {
	case err == nil:
		return cl.decode(resp, out)
	case ctx.Err() == nil:
		return err
	}
	return stoppedOutcome(ctx, err, verify)
}

// stopGrace bounds the bookkeeping after Terraform's stop: the look-ups that tell whether a
// write on its way took effect.
const stopGrace = 30 * time.Second

// bookkeepingContext is ctx without its cancellation, bounded by stopGrace: for the look-ups
// after a write whose answer Terraform's stop (or a failure) cut off. The caller must call
// cancel.
func bookkeepingContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), stopGrace)
}

// verifyAfterStop runs verify with a bookkeeping context, so that it still runs when ctx has
// been cancelled by Terraform's stop.
func verifyAfterStop(ctx context.Context, verify verifyFunc) (bool, error) {
	vctx, cancel := bookkeepingContext(ctx)
	defer cancel()
	return verify(vctx)
}

// notSentAfterStop refuses to start a write once ctx is done (Terraform is stopping).
func notSentAfterStop(ctx context.Context, c *Client, r *request) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s %s: not sent: %w (Terraform is stopping)", r.method, c.basePath()+r.path, err)
	}
	return nil
}

// stoppedOutcome is the result of a write cut off by Terraform's stop (cause): cause itself
// when the request never reached the server or there is no verify; else, once verify has
// looked for its effect, nil when it took effect, or an error saying what is known.
func stoppedOutcome(ctx context.Context, cause error, verify verifyFunc) error {
	if isDialError(cause) || verify == nil {
		return cause
	}
	found, verr := verifyAfterStop(ctx, verify)
	switch {
	case verr != nil:
		return fmt.Errorf("%w: Terraform stopped the provider while the request was on its way, and checking "+
			"whether it took effect failed (%v): check the server; the next plan reports what it finds", cause, verr)
	case found:
		return nil
	}
	return fmt.Errorf("%w: Terraform stopped the provider while the request was on its way; the server does not "+
		"show its effect, so it was not made (a server that finishes it later: the next plan reports it)", cause)
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

// putVerify is the verify of a PUT of sent: read answers the server's document, which holds
// everything sent (holdsDocument); *stored is then set to it.
func putVerify[T any](read func(context.Context) (*T, error), sent *T, stored *T) verifyFunc {
	return readVerify(read, func(got *T) (bool, error) { return holdsDocument(sent, got) }, stored)
}

// readVerify is the verify of a write whose effect read shows: took reports whether the
// document read holds it; *stored, unless stored is nil, is then set to that document.
func readVerify[T any](read func(context.Context) (*T, error), took func(*T) (bool, error), stored *T) verifyFunc {
	return func(ctx context.Context) (bool, error) {
		got, err := read(ctx)
		if err != nil {
			return false, err
		}
		ok, err := took(got)
		if ok && stored != nil {
			*stored = *got
		}
		return ok, err
	}
}

// writeRead sends r with write (a PUT or DELETE that answers nothing) and returns the document
// as stored afterwards: when Terraform's stop cut the request off, the one the look-up found
// (took holds for it); else the one read reads. A read-back that the stop cuts off is made
// again with a context of its own (bookkeepingContext): the write has taken effect, and
// Terraform is to record it.
func writeRead[T any](ctx context.Context, c *Client, r *request, read func(context.Context) (*T, error), took func(*T) (bool, error)) (*T, error) {
	var stored T
	found := false
	verify := readVerify(read, func(got *T) (bool, error) {
		ok, err := took(got)
		found = ok
		return ok, err
	}, &stored)
	if err := c.write(ctx, r, nil, verify); err != nil {
		return nil, err
	}
	if found {
		return &stored, nil
	}
	got, err := read(ctx)
	if err != nil && ctx.Err() != nil {
		rctx, cancel := bookkeepingContext(ctx)
		defer cancel()
		return read(rctx)
	}
	return got, err
}

// deleteVerify is the verify of a DELETE: read answers not found.
func deleteVerify[T any](read func(context.Context) (T, error)) verifyFunc {
	return func(ctx context.Context) (bool, error) {
		_, err := read(ctx)
		if IsNotFound(err) {
			return true, nil
		}
		return false, err
	}
}

// holdsDocument reports whether got, as JSON, holds every member of want with the same value.
// Members the server adds (defaults) do not count as a difference.
func holdsDocument(want, got any) (bool, error) {
	var w, g any
	for _, p := range []struct {
		v   any
		dst *any
	}{{want, &w}, {got, &g}} {
		b, err := json.Marshal(p.v)
		if err != nil {
			return false, err
		}
		if err := json.Unmarshal(b, p.dst); err != nil {
			return false, err
		}
	}
	return jsonSubset(w, g), nil
}
