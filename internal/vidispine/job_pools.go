package vidispine

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
)

// JobPoolConfiguration is a JobPoolListDocument: how many jobs the server runs at once and
// the pools of extra slots reserved for jobs of a priority or above. There is one per server,
// written whole. A document read from the server writes back the members the client does not
// model unchanged (see members.go); a pool is written whole.
type JobPoolConfiguration struct {
	ConcurrentJobs *int      `json:"concurrentJobs,omitempty"`
	Pools          []JobPool `json:"pool,omitempty"`

	raw json.RawMessage // the server's document; nil for one built by the caller
}

// JobPool is a JobPoolDocument: Size slots for jobs of priority PriorityThreshold (one of
// Priorities) or above. Both members are required.
type JobPool struct {
	PriorityThreshold string `json:"priorityThreshold"`
	Size              int    `json:"size"`
}

func (p *JobPool) UnmarshalJSON(b []byte) error {
	var aux struct {
		PriorityThreshold flexString `json:"priorityThreshold"`
		Size              flexInt    `json:"size"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*p = JobPool{PriorityThreshold: string(aux.PriorityThreshold), Size: int(aux.Size)}
	return nil
}

func (jp *JobPoolConfiguration) UnmarshalJSON(b []byte) error {
	var aux struct {
		ConcurrentJobs *flexInt          `json:"concurrentJobs"`
		Pool           flexList[JobPool] `json:"pool"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*jp = JobPoolConfiguration{ConcurrentJobs: intPtr(aux.ConcurrentJobs), Pools: aux.Pool,
		raw: append(json.RawMessage(nil), b...)}
	return nil
}

func (jp JobPoolConfiguration) MarshalJSON() ([]byte, error) {
	type plain JobPoolConfiguration
	b, err := json.Marshal(plain(jp))
	if err != nil || jp.raw == nil {
		return b, err
	}
	return mergeDocument(jp.raw, b, jobPoolMembers)
}

// jobPoolMembers is what JobPoolConfiguration models of a JobPoolListDocument.
var jobPoolMembers = docObject(nil, "concurrentJobs", "pool")

const jobPoolPath = "/configuration/job-pool"

// GetJobPoolConfiguration reads the server's job pool configuration.
//
// GET /API/configuration/job-pool
func (c *Client) GetJobPoolConfiguration(ctx context.Context) (*JobPoolConfiguration, error) {
	var jp JobPoolConfiguration
	if err := c.do(ctx, &request{method: "GET", path: jobPoolPath}, &jp); err != nil {
		return nil, err
	}
	return &jp, nil
}

// UpdateJobPoolConfiguration writes the job pool configuration and returns it as stored. It
// starts from the server's current document and lets change set what the caller manages; the
// PUT replaces the whole document (pools left out are removed), so change sets every pool the
// server is to keep. The PUT answers nothing: the document is read back. Cut off by
// Terraform's stop, the read-back tells whether the server holds what was sent (writeRead).
// Uncertain: a server that reorders the pools it stores shows a difference then, and the
// write is reported as not made (the next plan shows what the server holds).
//
// GET /API/configuration/job-pool
// PUT /API/configuration/job-pool
func (c *Client) UpdateJobPoolConfiguration(ctx context.Context, change func(*JobPoolConfiguration)) (*JobPoolConfiguration, error) {
	jp, err := c.GetJobPoolConfiguration(ctx)
	if err != nil {
		return nil, err
	}
	change(jp)
	holdsSent := func(got *JobPoolConfiguration) (bool, error) { return holdsDocument(jp, got) }
	return writeRead(ctx, c, &request{method: "PUT", path: jobPoolPath, body: jp}, c.GetJobPoolConfiguration, holdsSent)
}

// DeleteJobPools removes every pool. The concurrency limit (concurrentJobs) stays as it is:
// the server has no way to remove it. Cut off by Terraform's stop, it reads the configuration
// to tell whether the pools are gone (write).
//
// DELETE /API/configuration/job-pool
// GET /API/configuration/job-pool
func (c *Client) DeleteJobPools(ctx context.Context) error {
	return c.write(ctx, &request{method: "DELETE", path: jobPoolPath}, nil, c.jobPoolsGone(func(JobPool) bool { return true }))
}

// DeleteJobPool removes the pool of one priority threshold. Cut off by Terraform's stop, it
// reads the configuration to tell whether the pool is gone (write).
//
// DELETE /API/configuration/job-pool/{priority}
// GET /API/configuration/job-pool
func (c *Client) DeleteJobPool(ctx context.Context, priorityThreshold string) error {
	path := jobPoolPath + "/" + url.PathEscape(priorityThreshold)
	removed := func(p JobPool) bool { return p.PriorityThreshold == priorityThreshold }
	return c.write(ctx, &request{method: "DELETE", path: path}, nil, c.jobPoolsGone(removed))
}

// jobPoolsGone is the verify of a delete of the pools removed selects: the configuration holds
// none of them.
//
// GET /API/configuration/job-pool
func (c *Client) jobPoolsGone(removed func(JobPool) bool) verifyFunc {
	return readVerify(c.GetJobPoolConfiguration, func(got *JobPoolConfiguration) (bool, error) {
		return !slices.ContainsFunc(got.Pools, removed), nil
	}, nil)
}
