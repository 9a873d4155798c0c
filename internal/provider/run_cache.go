package provider

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// runCache remembers, for one configured provider, the answer of one read per key. Terraform
// starts the provider afresh for every command it runs (plan, apply, refresh, import), so an
// answer lives for one run and the next run asks the server again. Concurrent callers of the
// same key wait for the first one's request instead of sending their own; failures are not
// remembered, so a later caller asks again.
type runCache[T any] struct {
	mu      sync.Mutex
	entries map[string]*runCacheEntry[T]
}

type runCacheEntry[T any] struct {
	done chan struct{} // closed when val and err are set
	val  T
	err  error
}

// get returns the value of key, calling fetch only when no caller has asked for it yet. It
// reports shared=true when the value came from an earlier or concurrent caller.
func (c *runCache[T]) get(ctx context.Context, key string, fetch func(context.Context) (T, error)) (val T, shared bool, err error) {
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return val, false, ctx.Err()
		}
		return e.val, true, e.err
	}
	if c.entries == nil {
		c.entries = map[string]*runCacheEntry[T]{}
	}
	e := &runCacheEntry[T]{done: make(chan struct{})}
	c.entries[key] = e
	c.mu.Unlock()

	e.val, e.err = fetch(ctx)
	if e.err != nil {
		c.forget(key, e)
	}
	close(e.done)
	return e.val, false, e.err
}

// forget drops the entry of key (only entry e, when e is not nil), so the next caller asks
// the server again.
func (c *runCache[T]) forget(key string, e *runCacheEntry[T]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cur, ok := c.entries[key]; ok && (e == nil || cur == e) {
		delete(c.entries, key)
	}
}

// update applies a write this provider made to the remembered value of key, so that the
// next caller sees it without asking the server again. An answer still on its way may or
// may not include the write, so it is dropped instead: the next caller asks again. The
// value is replaced, never changed in place: callers may still hold the old one.
func (c *runCache[T]) update(key string, change func(T) T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return
	}
	select {
	case <-e.done:
		done := make(chan struct{})
		close(done)
		c.entries[key] = &runCacheEntry[T]{done: done, val: change(e.val)}
	default:
		delete(c.entries, key)
	}
}

// runClaims records what a resource owns alone on its server for one configured provider, that
// is one Terraform run of one provider configuration, so that a second resource planning to own
// the same thing is refused at plan time. A resource claims in ModifyPlan, which Terraform calls
// once per resource instance in a run (a plan, and again in the run that applies it), except
// for a replacement (-replace), whose create half Terraform plans a second time: the claim's
// token, kept in the instance's private state, lets that second plan through. A resource
// being destroyed claims nothing, and refresh-only and import runs plan nothing.
type runClaims struct {
	mu     sync.Mutex
	tokens map[string]string
}

// claim takes key for the resource instance that presents token (the one claim gave it
// earlier in the run, or "" for none). It returns the token the instance keeps, and false when
// another instance holds key.
func (c *runClaims) claim(key, token string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if held, ok := c.tokens[key]; ok {
		return held, held == token
	}
	if c.tokens == nil {
		c.tokens = map[string]string{}
	}
	// Random, so unlike any token left in private state by an earlier run.
	held := rand.Text()
	c.tokens[key] = held
	return held, true
}

// claimPrivateKey is the private-state key a claim's token is kept under.
const claimPrivateKey = "run_claim"

// claimAlone claims key for the instance being planned (see runClaims) and reports whether it
// may have it; the token goes into the plan's private state.
func claimAlone(ctx context.Context, d *providerData, key string, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) bool {
	var presented string
	if raw, diags := req.Private.GetKey(ctx, claimPrivateKey); !diags.HasError() && len(raw) > 0 {
		_ = json.Unmarshal(raw, &presented) // a token that does not decode is no token
	}
	token, ok := d.claims.claim(key, presented)
	if ok {
		raw, _ := json.Marshal(token)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, claimPrivateKey, raw)...)
	}
	return ok
}
