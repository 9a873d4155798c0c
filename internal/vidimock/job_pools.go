package vidimock

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// Job pools (/API/configuration/job-pool). The mock stores and validates the document; it does
// not schedule by it: jobs start as they always do (see seed.go), whatever the limit says.
//
// Choices where the sources are silent: a pool admits jobs whose priority is at or above its
// threshold, and its size is a number of slots on top of the concurrentJobs general ones, so
// sizes are not checked against concurrentJobs (a real server's sum rule is not published, and
// the mock refuses nothing it cannot justify).

// defaultConcurrentJobs is the concurrentJobs configuration property nobody has set.
const defaultConcurrentJobs = 3

// jobPoolList is a JobPoolListDocument as stored; ConcurrentJobs nil means the default.
type jobPoolList struct {
	ConcurrentJobs *int      `json:"concurrentJobs,omitempty"`
	Pool           []jobPool `json:"pool,omitempty"`

	extra map[string]json.RawMessage // members the mock does not interpret, kept as sent
}

func (l *jobPoolList) UnmarshalJSON(b []byte) error {
	type plain jobPoolList
	if err := json.Unmarshal(b, (*plain)(l)); err != nil {
		return err
	}
	var err error
	l.extra, err = extraMembers(b, plain{})
	return err
}

func (l jobPoolList) MarshalJSON() ([]byte, error) {
	type plain jobPoolList
	return marshalWithExtra(plain(l), l.extra)
}

// jobPool is a JobPoolDocument; the specification lists both members and requires them.
type jobPool struct {
	PriorityThreshold string `json:"priorityThreshold"`
	Size              *int   `json:"size"`
}

func (p *jobPool) UnmarshalJSON(b []byte) error {
	type plain jobPool
	return decodeStrict(b, (*plain)(p))
}

// checkJobPools validates a document to PUT: thresholds are priority names, each once; sizes
// and concurrentJobs are at least 1 and Java ints.
func checkJobPools(l *jobPoolList) *apiError {
	if n := l.ConcurrentJobs; n != nil && (*n < 1 || !fitsInt32(n)) {
		return errInvalid("job-pool", "", itoa(*n), "concurrentJobs must be an integer between 1 and 2147483647")
	}
	seen := map[string]bool{}
	for _, p := range l.Pool {
		switch {
		case p.PriorityThreshold == "":
			return errInvalid("job-pool", "", "", "every pool needs a priorityThreshold")
		case !slices.Contains(priorities, p.PriorityThreshold):
			return errInvalid("job-pool", p.PriorityThreshold, p.PriorityThreshold,
				"priorityThreshold must be one of "+strings.Join(priorities, ", "))
		case seen[p.PriorityThreshold]:
			return errInvalid("job-pool", p.PriorityThreshold, p.PriorityThreshold,
				"there is more than one pool for priority "+p.PriorityThreshold)
		case p.Size == nil:
			return errInvalid("job-pool", p.PriorityThreshold, "", "the pool for "+p.PriorityThreshold+" needs a size")
		case *p.Size < 1 || !fitsInt32(p.Size):
			return errInvalid("job-pool", p.PriorityThreshold, strconv.Itoa(*p.Size),
				"a pool's size must be an integer between 1 and 2147483647")
		}
		seen[p.PriorityThreshold] = true
	}
	return nil
}

// getJobPools: GET /API/configuration/job-pool; concurrentJobs is always there.
func (c *call) getJobPools() {
	doc := c.s.state.jobPools
	if doc.ConcurrentJobs == nil {
		doc.ConcurrentJobs = ptr(defaultConcurrentJobs)
	}
	c.ok(doc)
}

// putJobPools: PUT /API/configuration/job-pool replaces the document and answers 200 without a
// body. A document without concurrentJobs leaves the limit as it is (it is a configuration
// property of its own); pools left out are removed.
func (c *call) putJobPools() {
	st := c.s.state
	var in jobPoolList
	if err := c.decode(&in); err != nil {
		c.fail(err)
		return
	}
	if err := checkJobPools(&in); err != nil {
		c.fail(err)
		return
	}
	if in.ConcurrentJobs == nil {
		in.ConcurrentJobs = st.jobPools.ConcurrentJobs
	}
	st.jobPools = in
	c.empty()
}

// deleteJobPools: DELETE /API/configuration/job-pool removes every pool and keeps
// concurrentJobs, as the specification says.
func (c *call) deleteJobPools() {
	c.s.state.jobPools.Pool = nil
	c.empty()
}

// deleteJobPool: DELETE /API/configuration/job-pool/{priority} removes one pool: 400 for a
// name that is no priority, 404 when there is no pool for it.
func (c *call) deleteJobPool() {
	st, p := c.s.state, c.params["priority"]
	if !slices.Contains(priorities, p) {
		c.fail(errInvalid("job-pool", p, p, "priority must be one of "+strings.Join(priorities, ", ")))
		return
	}
	i := slices.IndexFunc(st.jobPools.Pool, func(jp jobPool) bool { return jp.PriorityThreshold == p })
	if i < 0 {
		c.fail(errNotFound("job-pool", p, ""))
		return
	}
	st.jobPools.Pool = slices.Delete(st.jobPools.Pool, i, i+1)
	c.empty()
}
