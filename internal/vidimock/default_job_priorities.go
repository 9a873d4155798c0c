package vidimock

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// Default priorities per job type (/API/configuration/job-priority). The endpoint is newer
// than the 5.0 specification; the mock serves it from ServerVersion 5.1 (the version it
// reports by default) and answers older versions 404, as for any path a server does not have.
// Jobs started without a priority still get MEDIUM: the mock stores the document, it does not
// apply it.

// defaultJobPriorities is the document as stored.
type defaultJobPriorities struct {
	Job []defaultJobPriority `json:"job,omitempty"`

	extra map[string]json.RawMessage // members the mock does not interpret, kept as sent
}

func (d *defaultJobPriorities) UnmarshalJSON(b []byte) error {
	type plain defaultJobPriorities
	if err := json.Unmarshal(b, (*plain)(d)); err != nil {
		return err
	}
	var err error
	d.extra, err = extraMembers(b, plain{})
	return err
}

func (d defaultJobPriorities) MarshalJSON() ([]byte, error) {
	type plain defaultJobPriorities
	return marshalWithExtra(plain(d), d.extra)
}

// defaultJobPriority is one entry: jobs of Type get priority Value.
type defaultJobPriority struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

func (p *defaultJobPriority) UnmarshalJSON(b []byte) error {
	type plain defaultJobPriority
	return decodeStrict(b, (*plain)(p))
}

// hasDefaultJobPriorities answers 404 on a server too old for the endpoint.
func (c *call) hasDefaultJobPriorities() bool {
	if c.s.versionAtLeast(5, 1) {
		return true
	}
	c.fail(errNotFound("resource", c.r.URL.Path, "no such API resource"))
	return false
}

// getDefaultJobPriorities: GET /API/configuration/job-priority; {} when nothing is set.
func (c *call) getDefaultJobPriorities() {
	if c.hasDefaultJobPriorities() {
		c.ok(c.s.state.defaultJobPriorities)
	}
}

// putDefaultJobPriorities: PUT /API/configuration/job-priority replaces the document ({}
// clears it) and answers 200 without a body. Each job type must exist and appear once; each
// value is a priority name.
func (c *call) putDefaultJobPriorities() {
	if !c.hasDefaultJobPriorities() {
		return
	}
	st := c.s.state
	var in defaultJobPriorities
	if err := c.decode(&in); err != nil {
		c.fail(err)
		return
	}
	seen := map[string]bool{}
	for _, p := range in.Job {
		var err *apiError
		switch {
		case p.Type == "":
			err = errInvalid("job-priority", "", "", "every entry needs a job type")
		case !st.jobTypeExists(p.Type):
			err = errInvalid("job-priority", p.Type, p.Type, "unknown job type "+strconv.Quote(p.Type))
		case seen[p.Type]:
			err = errInvalid("job-priority", p.Type, p.Type, "job type "+p.Type+" has more than one default priority")
		case !slices.Contains(priorities, p.Value):
			err = errInvalid("job-priority", p.Type, p.Value, "the priority of "+p.Type+" must be one of "+strings.Join(priorities, ", "))
		}
		if err != nil {
			c.fail(err)
			return
		}
		seen[p.Type] = true
	}
	st.defaultJobPriorities = in
	c.empty()
}

// deleteDefaultJobPriorities: DELETE /API/configuration/job-priority clears the document.
func (c *call) deleteDefaultJobPriorities() {
	if c.hasDefaultJobPriorities() {
		c.s.state.defaultJobPriorities = defaultJobPriorities{}
		c.empty()
	}
}
