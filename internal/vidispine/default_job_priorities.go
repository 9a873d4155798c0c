package vidispine

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
)

// DefaultJobPriorities is the job-priority configuration document: the priority a job of a
// type gets when its request names none. It is newer than the 5.0 specification (see doc.go).
// A document read from the server writes back the members the client does not model unchanged.
type DefaultJobPriorities struct {
	Jobs []DefaultJobPriority `json:"job,omitempty"`

	raw json.RawMessage // the server's document; nil for one built by the caller
}

// DefaultJobPriority is one entry: jobs of JobType get Priority (one of Priorities).
type DefaultJobPriority struct {
	JobType  string `json:"type"`
	Priority string `json:"value"`
}

func (d *DefaultJobPriority) UnmarshalJSON(b []byte) error {
	var aux struct {
		Type  flexString `json:"type"`
		Value flexString `json:"value"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*d = DefaultJobPriority{JobType: string(aux.Type), Priority: string(aux.Value)}
	return nil
}

func (p *DefaultJobPriorities) UnmarshalJSON(b []byte) error {
	var aux struct {
		Job flexList[DefaultJobPriority] `json:"job"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*p = DefaultJobPriorities{Jobs: aux.Job, raw: append(json.RawMessage(nil), b...)}
	return nil
}

func (p DefaultJobPriorities) MarshalJSON() ([]byte, error) {
	type plain DefaultJobPriorities
	b, err := json.Marshal(plain(p))
	if err != nil || p.raw == nil {
		return b, err
	}
	return mergeDocument(p.raw, b, defaultJobPriorityMembers)
}

// defaultJobPriorityMembers is what DefaultJobPriorities models of its document.
var defaultJobPriorityMembers = docObject(nil, "job")

// Priority returns the default priority of jobType, and whether the document sets one.
func (p *DefaultJobPriorities) Priority(jobType string) (string, bool) {
	for _, j := range p.Jobs {
		if j.JobType == jobType {
			return j.Priority, true
		}
	}
	return "", false
}

// Set makes priority the default of jobType, in place of the one it had.
func (p *DefaultJobPriorities) Set(jobType, priority string) {
	for i := range p.Jobs {
		if p.Jobs[i].JobType == jobType {
			p.Jobs[i].Priority = priority
			return
		}
	}
	p.Jobs = append(p.Jobs, DefaultJobPriority{JobType: jobType, Priority: priority})
}

// Remove drops the default of jobType; the other types keep theirs.
func (p *DefaultJobPriorities) Remove(jobType string) {
	p.Jobs = slices.DeleteFunc(p.Jobs, func(j DefaultJobPriority) bool { return j.JobType == jobType })
}

// UnsupportedError says the server has no endpoint for a feature: it answered 404 for a
// document that every server with the feature serves. Unwrap gives the server's answer, so
// IsNotFound holds for it too.
type UnsupportedError struct {
	Feature string // e.g. "default job priorities"
	Err     *APIError
}

func (e *UnsupportedError) Error() string {
	return "this server has no " + e.Feature + " (VidiCore releases newer than the 5.0 API specification have it): " + e.Err.Error()
}

func (e *UnsupportedError) Unwrap() error { return e.Err }

// IsUnsupported reports whether the server lacks the endpoint of a feature (UnsupportedError).
func IsUnsupported(err error) bool {
	var u *UnsupportedError
	return errors.As(err, &u)
}

const defaultJobPriorityPath = "/configuration/job-priority"

// defaultJobPrioritiesMu serializes read-change-write cycles of the one shared document, so
// the resources of one process that each own a job type's default never lose each other's
// writes. Other processes writing the same server are not covered.
var defaultJobPrioritiesMu sync.Mutex

// GetDefaultJobPriorities reads the default priorities per job type (an empty document when
// none is set). A server without the endpoint gives an IsUnsupported error.
//
// GET /API/configuration/job-priority
func (c *Client) GetDefaultJobPriorities(ctx context.Context) (*DefaultJobPriorities, error) {
	var p DefaultJobPriorities
	if err := c.do(ctx, &request{method: "GET", path: defaultJobPriorityPath}, &p); err != nil {
		return nil, unsupportedIfNotFound(err, "default job priorities")
	}
	if p.raw == nil {
		p.raw = json.RawMessage(`{}`) // an empty answer: nothing to keep, but a document read from the server
	}
	return &p, nil
}

// unsupportedIfNotFound turns the 404 of a document every server with feature serves into an
// UnsupportedError.
func unsupportedIfNotFound(err error, feature string) error {
	if e := asAPIError(err); e != nil && IsNotFound(err) && !IsUnsupported(err) {
		return &UnsupportedError{Feature: feature, Err: e}
	}
	return err
}

// UpdateDefaultJobPriorities changes the default priorities and returns them as stored. It
// reads the server's document, lets change set the job types the caller manages (Set,
// Remove), and writes the whole document back, so the other types' defaults stay; cycles of
// one process never interleave. The PUT answers nothing: the document is read back. Cut off by
// Terraform's stop, the read-back tells whether the server holds what was sent (writeRead).
//
// GET /API/configuration/job-priority
// PUT /API/configuration/job-priority
func (c *Client) UpdateDefaultJobPriorities(ctx context.Context, change func(*DefaultJobPriorities)) (*DefaultJobPriorities, error) {
	defaultJobPrioritiesMu.Lock()
	defer defaultJobPrioritiesMu.Unlock()
	p, err := c.GetDefaultJobPriorities(ctx)
	if err != nil {
		return nil, err
	}
	change(p)
	holdsSent := func(got *DefaultJobPriorities) (bool, error) { return holdsDocument(p, got) }
	stored, err := writeRead(ctx, c, &request{method: "PUT", path: defaultJobPriorityPath, body: p}, c.GetDefaultJobPriorities, holdsSent)
	return stored, unsupportedIfNotFound(err, "default job priorities")
}

// DeleteDefaultJobPriorities removes the default of every job type. Cut off by Terraform's
// stop, it reads the document to tell whether it is empty (write).
//
// DELETE /API/configuration/job-priority
// GET /API/configuration/job-priority
func (c *Client) DeleteDefaultJobPriorities(ctx context.Context) error {
	empty := readVerify(c.GetDefaultJobPriorities, func(got *DefaultJobPriorities) (bool, error) { return len(got.Jobs) == 0, nil }, nil)
	err := c.write(ctx, &request{method: "DELETE", path: defaultJobPriorityPath}, nil, empty)
	return unsupportedIfNotFound(err, "default job priorities")
}
