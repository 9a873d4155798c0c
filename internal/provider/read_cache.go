package provider

import (
	"context"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// sharedReads remembers, for one configured provider (one Terraform walk: Terraform starts
// the provider afresh for each plan, apply, refresh or import), the answer of one read per
// key. Concurrent callers of the same key wait for the first one's request instead of
// sending their own (single flight); failures are not remembered, so a later caller asks
// again.
type sharedReads[T any] struct {
	mu      sync.Mutex
	entries map[string]*sharedRead[T]
}

type sharedRead[T any] struct {
	done chan struct{} // closed when val and err are set
	val  T
	err  error
}

// get returns the value of key, calling fetch only when no caller has asked for it yet. It
// reports shared=true when the value came from an earlier or concurrent caller.
func (c *sharedReads[T]) get(ctx context.Context, key string, fetch func(context.Context) (T, error)) (val T, shared bool, err error) {
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
		c.entries = map[string]*sharedRead[T]{}
	}
	e := &sharedRead[T]{done: make(chan struct{})}
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
func (c *sharedReads[T]) forget(key string, e *sharedRead[T]) {
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
func (c *sharedReads[T]) update(key string, change func(T) T) {
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
		c.entries[key] = &sharedRead[T]{done: done, val: change(e.val)}
	default:
		delete(c.entries, key)
	}
}

// taskDefinitions returns the steps of jobType as the server listed them once in this walk
// (GET /API/task-definition/jobtype/{type}): N task definitions over K job types cost K
// requests per walk instead of N. A job type the server does not know has no steps. Writes
// through this provider are applied to the list (taskDefinitionWritten); changes made
// behind Terraform's back before the walk are in it, as in a read per resource.
func (d *providerData) taskDefinitions(ctx context.Context, jobType string) ([]vidispine.TaskDefinition, error) {
	list, _, err := d.taskDefs.get(ctx, jobType, func(ctx context.Context) ([]vidispine.TaskDefinition, error) {
		list, err := d.client.ListTaskDefinitions(ctx, jobType)
		if vidispine.IsNotFound(err) {
			return nil, nil
		}
		return list, err
	})
	return list, err
}

// freshTaskDefinitions forgets the remembered steps of jobType and lists them again: for
// the look-up after a POST whose outcome is unknown.
func (d *providerData) freshTaskDefinitions(ctx context.Context, jobType string) ([]vidispine.TaskDefinition, error) {
	d.taskDefs.forget(jobType, nil)
	return d.taskDefinitions(ctx, jobType)
}

// taskDefinitionWritten applies a create or update (td) or a delete (td == nil) of task
// definition id of jobType, made through this provider, to the remembered list.
func (d *providerData) taskDefinitionWritten(jobType string, id int, td *vidispine.TaskDefinition) {
	d.taskDefs.update(jobType, func(list []vidispine.TaskDefinition) []vidispine.TaskDefinition {
		out := slices.DeleteFunc(slices.Clone(list), func(t vidispine.TaskDefinition) bool { return t.ID == id })
		if td != nil {
			out = append(out, *td)
		}
		return out
	})
}

// readTaskDefinition finds task definition id in the walk's list of the steps of jobType,
// the job type the state holds. When it is not there (deleted, moved to another job type on
// the server, or imported by id so the job type is not known yet) it is read by id
// (GET /API/task-definition/{id}): a step deleted on the server costs one request more and
// is still reported as not found.
func (d *providerData) readTaskDefinition(ctx context.Context, jobType types.String, id int) (*vidispine.TaskDefinition, error) {
	if jobType.ValueString() != "" {
		list, err := d.taskDefinitions(ctx, jobType.ValueString())
		if err != nil {
			return nil, err
		}
		if td := findTaskDefinition(list, func(td vidispine.TaskDefinition) bool { return td.ID == id }); td != nil {
			return td, nil
		}
	}
	return d.client.GetTaskDefinition(ctx, id)
}

// readTaskDefinitionByStep finds step of jobType in the walk's list, so adopting a whole job
// type (import blocks by identity, as `terraform query -generate-config-out` writes them)
// costs one list per job type. A step not in the list is looked up by step
// (GET /API/task-definition/jobtype/{type}/step/{step}), which reports it as not found.
func (d *providerData) readTaskDefinitionByStep(ctx context.Context, jobType string, step int) (*vidispine.TaskDefinition, error) {
	list, err := d.taskDefinitions(ctx, jobType)
	if err != nil {
		return nil, err
	}
	if td := findTaskDefinition(list, func(td vidispine.TaskDefinition) bool { return td.Step == step }); td != nil {
		return td, nil
	}
	return d.client.GetTaskDefinitionByStep(ctx, jobType, step)
}

// stepHolder is a vidispine.StepLookup over the list of this walk: the task definition that
// holds step of jobType, nil when the step is free. fresh lists the steps again first.
func (d *providerData) stepHolder(ctx context.Context, jobType string, step int, fresh bool) (*vidispine.TaskDefinition, error) {
	get := d.taskDefinitions
	if fresh {
		get = d.freshTaskDefinitions
	}
	list, err := get(ctx, jobType)
	if err != nil {
		return nil, err
	}
	return findTaskDefinition(list, func(td vidispine.TaskDefinition) bool { return td.Step == step }), nil
}

// findTaskDefinition returns a copy of the first task definition of list that match
// accepts, or nil (the list is shared: callers must not change it).
func findTaskDefinition(list []vidispine.TaskDefinition, match func(vidispine.TaskDefinition) bool) *vidispine.TaskDefinition {
	if i := slices.IndexFunc(list, match); i >= 0 {
		td := list[i]
		return &td
	}
	return nil
}
