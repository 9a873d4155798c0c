package vidispine

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ListJobsOptions are the filters and switches of GET /job. Empty fields are not sent.
type ListJobsOptions struct {
	Types      []string // job types (comma list)
	States     []string // job states
	Priorities []string // priorities (servers 5.1+)
	First      int      // 1-based position of the first job; 0 = server default
	Number     int      // page size; 0 = server default (100)
	Sort       string   // e.g. "jobId desc"
	// AllUsers sends user=false (jobs of every user). The default sends user=true: only jobs
	// of the calling or RunAs user, which is also the server's default.
	AllUsers        bool
	IncludeSteps    bool       // step=true: currentStep and totalSteps in each entry
	IncludeMetadata bool       // metadata=true: data in each entry
	JobMetadata     []KeyValue // each sent as jobmetadata=key%3Dvalue; all must match
	StartedAfter    string     // ISO-8601, starttime-from
	StartedBefore   string     // starttime-to
	FinishedAfter   string     // finishtime-from
	FinishedBefore  string     // finishtime-to
}

func (o ListJobsOptions) query() url.Values {
	q := url.Values{}
	setList := func(k string, v []string) {
		if len(v) > 0 {
			q.Set(k, strings.Join(v, ","))
		}
	}
	setList("type", o.Types)
	setList("state", o.States)
	setList("priority", o.Priorities)
	if o.First > 0 {
		q.Set("first", strconv.Itoa(o.First))
	}
	if o.Number > 0 {
		q.Set("number", strconv.Itoa(o.Number))
	}
	if o.Sort != "" {
		q.Set("sort", o.Sort)
	}
	q.Set("user", strconv.FormatBool(!o.AllUsers))
	if o.IncludeSteps {
		q.Set("step", "true")
	}
	if o.IncludeMetadata {
		q.Set("metadata", "true")
	}
	for _, kv := range o.JobMetadata {
		q.Add("jobmetadata", kv.Key+"="+kv.Value)
	}
	for k, v := range map[string]string{
		"starttime-from": o.StartedAfter, "starttime-to": o.StartedBefore,
		"finishtime-from": o.FinishedAfter, "finishtime-to": o.FinishedBefore,
	} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// ListJobs fetches one page of jobs.
func (c *Client) ListJobs(ctx context.Context, opts ListJobsOptions) (*JobList, error) {
	var list JobList
	if err := c.do(ctx, &request{method: "GET", path: "/job", query: opts.query()}, &list); err != nil {
		return nil, err
	}
	return &list, nil
}

const maxPageSize = 1000

// ListAllJobs pages through the jobs matching opts, starting at opts.First, in pages of
// min(opts.Number, 1000) (1000 when unset), until limit jobs (limit <= 0: no limit) or the
// end of the list. It also returns the server's total number of matches (hits).
func (c *Client) ListAllJobs(ctx context.Context, opts ListJobsOptions, limit int) ([]Job, int, error) {
	pageSize := opts.Number
	if pageSize <= 0 || pageSize > maxPageSize {
		pageSize = maxPageSize
	}
	pos := max(opts.First, 1)
	var (
		jobs []Job
		hits int
		seen = map[string]bool{}
	)
	for {
		page := opts
		page.First = pos
		page.Number = pageSize
		if limit > 0 {
			page.Number = min(pageSize, limit-len(jobs))
		}
		list, err := c.ListJobs(ctx, page)
		if err != nil {
			return nil, 0, err
		}
		hits = list.Hits
		for _, j := range list.Jobs {
			// New jobs arriving while we page shift the list; never return one twice.
			if !seen[j.ID] {
				seen[j.ID] = true
				jobs = append(jobs, j)
			}
		}
		pos += len(list.Jobs)
		if len(list.Jobs) == 0 || pos > hits || (limit > 0 && len(jobs) >= limit) {
			break
		}
	}
	if limit > 0 && len(jobs) > limit {
		jobs = jobs[:limit]
	}
	return jobs, hits, nil
}

// CountJobs returns the number of jobs matching opts (First, Number and Sort are ignored):
// one request for a single job, reading hits.
func (c *Client) CountJobs(ctx context.Context, opts ListJobsOptions) (int, error) {
	opts.First, opts.Number, opts.Sort = 1, 1, ""
	opts.IncludeSteps, opts.IncludeMetadata = false, false
	list, err := c.ListJobs(ctx, opts)
	if err != nil {
		return 0, err
	}
	return list.Hits, nil
}

// GetJob fetches one job with its step log; withMetadata adds all of its data.
func (c *Client) GetJob(ctx context.Context, id string, withMetadata bool) (*Job, error) {
	q := url.Values{}
	if withMetadata {
		q.Set("metadata", "true")
	}
	var job Job
	if err := c.do(ctx, &request{method: "GET", path: "/job/" + url.PathEscape(id), query: q}, &job); err != nil {
		return nil, err
	}
	if job.ID == "" {
		return nil, fmt.Errorf("GET %s/job/%s: the server answered without a job document", c.basePath(), id)
	}
	return &job, nil
}

// SetJobPriority changes the priority of a job.
func (c *Client) SetJobPriority(ctx context.Context, id, priority string) error {
	q := url.Values{"priority": {priority}}
	return c.do(ctx, &request{method: "PUT", path: "/job/" + url.PathEscape(id), query: q}, nil)
}

// AbortJob asks the server to abort a job; cleanup runs the job's cleanup steps first.
// The job is typically ABORTED_PENDING right after, ABORTED later.
func (c *Client) AbortJob(ctx context.Context, id, reason string, cleanup bool) error {
	q := url.Values{"cleanup": {strconv.FormatBool(cleanup)}}
	if reason != "" {
		q.Set("reason", reason)
	}
	return c.do(ctx, &request{method: "DELETE", path: "/job/" + url.PathEscape(id), query: q}, nil)
}

// RerunJob duplicates a job and starts the copy, at priority (empty: the original's). It
// returns the new job. The POST is never repeated blindly: after an unclear failure the
// client looks for a job newer than the newest one before the POST, with the original's
// type and data, and returns it if found.
func (c *Client) RerunJob(ctx context.Context, id, priority string) (*Job, error) {
	orig, err := c.GetJob(ctx, id, true)
	if err != nil {
		return nil, err
	}
	newest, err := c.ListJobs(ctx, ListJobsOptions{Sort: "jobId desc", Number: 1, AllUsers: true})
	if err != nil {
		return nil, err
	}
	var before string
	if len(newest.Jobs) > 0 {
		before = newest.Jobs[0].ID
	}

	var found *Job
	verify := func(ctx context.Context) (bool, error) {
		list, err := c.ListJobs(ctx, ListJobsOptions{
			Types: []string{orig.Type}, Sort: "jobId desc", Number: 100, AllUsers: true, IncludeMetadata: true,
		})
		if err != nil {
			return false, err
		}
		for i := range list.Jobs {
			j := &list.Jobs[i]
			if j.ID != orig.ID && j.Type == orig.Type && newerJobID(j.ID, before) && sameData(orig.Data, j.Data) {
				found = j
				return true, nil
			}
		}
		return false, nil
	}

	q := url.Values{}
	if priority != "" {
		q.Set("priority", priority)
	}
	var job Job
	posted, err := c.postOnce(ctx, &request{method: "POST", path: "/job/" + url.PathEscape(id) + "/re-run", query: q}, &job, verify)
	switch {
	case err != nil:
		return nil, err
	case !posted:
		return found, nil
	case job.ID == "":
		return nil, fmt.Errorf("POST %s/job/%s/re-run: the server answered without the new job", c.basePath(), id)
	}
	return &job, nil
}

// newerJobID reports whether site id a (e.g. "VX-120") was created after b. Ids of other
// sites and an empty b count as newer.
func newerJobID(a, b string) bool {
	if b == "" {
		return true
	}
	pa, na, okA := splitSiteID(a)
	pb, nb, okB := splitSiteID(b)
	if !okA || !okB || pa != pb {
		return a != b
	}
	return na > nb
}

func splitSiteID(id string) (string, int64, bool) {
	i := strings.LastIndex(id, "-")
	n, err := strconv.ParseInt(id[i+1:], 10, 64)
	return id[:i+1], n, err == nil
}

// sameData reports whether every key/value of want is in got.
func sameData(want, got []KeyValue) bool {
	g := (&Job{Data: got}).Metadata()
	for _, kv := range want {
		if v, ok := g[kv.Key]; !ok || v != kv.Value {
			return false
		}
	}
	return true
}

// JobProblems lists the unresolved problems of one job, or of all jobs when id is "".
func (c *Client) JobProblems(ctx context.Context, id string) ([]JobProblem, error) {
	path := "/job/problem"
	if id != "" {
		path = "/job/" + url.PathEscape(id) + "/problem"
	}
	var list jobProblemList
	if err := c.do(ctx, &request{method: "GET", path: path}, &list); err != nil {
		return nil, err
	}
	return list.Problem, nil
}
