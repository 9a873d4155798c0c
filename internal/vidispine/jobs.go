package vidispine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Enumerations of job documents and filters (see doc.go).
var (
	// JobStates are the values of a job's status and of the state filter of GET /API/job. The
	// pending abort has two spellings: ABORTED_PENDING (servers and admin tool) and
	// ABORT_PENDING (the 5.x specification's abort documentation); both are accepted.
	JobStates = []string{
		"READY", "STARTED", "VIDINET_JOB", "WAITING", "HOLD", "ABORTED_PENDING", "ABORT_PENDING",
		"FINISHED", "FINISHED_WARNING", "FAILED_TOTAL", "ABORTED",
	}
	// StepStates are the values of a step's status (log.task[].status, currentStep.status).
	StepStates = []string{
		"NONE", "READY", "STARTED", "STARTED_ASYNCHRONOUS", "STARTED_PARALLEL",
		"STARTED_PARALLEL_ASYNCHRONOUS", "STARTED_SUBTASKS", "FINISHED", "FAILED_RETRY",
		"FAILED_FATAL", "FAILED_TOTAL", "WAITING", "DISAPPEARED",
	}
	// Priorities from highest to lowest; MEDIUM is the server's default.
	Priorities = []string{"IMMEDIATE", "HIGHEST", "HIGH", "MEDIUM", "LOW", "LOWEST"}
	// SortFields are the fields GET /API/job can sort on ("<field> asc|desc").
	SortFields = []string{"jobId", "type", "state", "user", "startTime", "priority"}

	terminalStates = []string{"FINISHED", "FINISHED_WARNING", "FAILED_TOTAL", "ABORTED"}
)

// IsTerminalState reports whether a job in this state will not change any more.
func IsTerminalState(state string) bool {
	return slices.Contains(terminalStates, state)
}

// KeyValue is one entry of a job's data (job metadata) or of a problem's data.
type KeyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func (kv *KeyValue) UnmarshalJSON(b []byte) error {
	var aux struct {
		Key   flexString `json:"key"`
		Value flexString `json:"value"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	kv.Key, kv.Value = string(aux.Key), string(aux.Value)
	return nil
}

// Job is a JobDocument.
type Job struct {
	ID          string             `json:"jobId"`
	User        string             `json:"user,omitempty"`
	Started     string             `json:"started,omitempty"` // raw timestamp as the server sent it
	Finished    string             `json:"finished,omitempty"`
	Status      string             `json:"status"`
	Type        string             `json:"type"`
	Priority    string             `json:"priority"`
	CurrentStep *JobCurrentStep    `json:"currentStep,omitempty"`
	TotalSteps  int                `json:"totalSteps,omitempty"`
	Data        flexList[KeyValue] `json:"data,omitempty"`
	Log         *JobLog            `json:"log,omitempty"`
	Waiting     *JobWaiting        `json:"waiting,omitempty"`
}

func (j *Job) UnmarshalJSON(b []byte) error {
	type plain Job
	aux := struct {
		*plain
		ID         flexString `json:"jobId"`
		TotalSteps flexInt    `json:"totalSteps"`
	}{plain: (*plain)(j)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	j.ID, j.TotalSteps = string(aux.ID), int(aux.TotalSteps)
	return nil
}

// Metadata returns the job's data as a map; a repeated key keeps its last value.
func (j *Job) Metadata() map[string]string {
	m := make(map[string]string, len(j.Data))
	for _, kv := range j.Data {
		m[kv.Key] = kv.Value
	}
	return m
}

// JobCurrentStep is the step a job is at.
type JobCurrentStep struct {
	Description string `json:"description"`
	Number      int    `json:"number"`
	Status      string `json:"status"`
}

func (s *JobCurrentStep) UnmarshalJSON(b []byte) error {
	type plain JobCurrentStep
	aux := struct {
		*plain
		Number flexInt `json:"number"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	s.Number = int(aux.Number)
	return nil
}

// JobLog is the step history of a job.
type JobLog struct {
	Task flexList[JobTask] `json:"task,omitempty"`
}

// JobTask is one entry of a job's step history.
type JobTask struct {
	ID           int          `json:"id"`
	Step         int          `json:"step"`
	Attempts     int          `json:"attempts"`
	Status       string       `json:"status"`
	Timestamp    string       `json:"timestamp"`
	Description  string       `json:"description,omitempty"`
	Progress     *JobProgress `json:"progress,omitempty"`
	ErrorMessage string       `json:"errorMessage,omitempty"`
}

func (t *JobTask) UnmarshalJSON(b []byte) error {
	type plain JobTask
	aux := struct {
		*plain
		ID       flexInt `json:"id"`
		Step     flexInt `json:"step"`
		Attempts flexInt `json:"attempts"`
	}{plain: (*plain)(t)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	t.ID, t.Step, t.Attempts = int(aux.ID), int(aux.Step), int(aux.Attempts)
	return nil
}

// JobProgress is the progress of a step: Value done out of Total, in Unit (bytes or percent).
type JobProgress struct {
	Value float64 `json:"value"`
	Total int64   `json:"total,omitempty"`
	Unit  string  `json:"unit,omitempty"`
}

func (p *JobProgress) UnmarshalJSON(b []byte) error {
	var aux struct {
		Value flexFloat  `json:"value"`
		Total flexInt    `json:"total"`
		Unit  flexString `json:"unit"`
	}
	// A bridge that drops the XML attributes sends the bare decimal.
	if err := json.Unmarshal(b, &aux); err != nil {
		var v flexFloat
		if json.Unmarshal(b, &v) != nil {
			return err
		}
		aux.Value = v
	}
	*p = JobProgress{Value: float64(aux.Value), Total: int64(aux.Total), Unit: string(aux.Unit)}
	return nil
}

// JobWaiting names the resource a WAITING job waits for.
type JobWaiting struct {
	ResourceID   string `json:"resourceId,omitempty"`
	ResourceType string `json:"resourceType,omitempty"`
	Requirement  string `json:"requirement,omitempty"`
}

// JobList is a JobListDocument: Hits is the total number of matches, not the page size.
type JobList struct {
	Hits int           `json:"hits"`
	Jobs flexList[Job] `json:"job,omitempty"`
}

func (l *JobList) UnmarshalJSON(b []byte) error {
	type plain JobList
	aux := struct {
		*plain
		Hits flexInt `json:"hits"`
	}{plain: (*plain)(l)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	l.Hits = int(aux.Hits)
	return nil
}

// JobProblem is an unresolved problem that jobs wait on.
type JobProblem struct {
	ID   int64              `json:"id"`
	Type string             `json:"type"`
	Data flexList[KeyValue] `json:"data,omitempty"`
	Jobs []string           `json:"job,omitempty"`
}

func (p *JobProblem) UnmarshalJSON(b []byte) error {
	type plain JobProblem
	aux := struct {
		*plain
		ID   flexInt              `json:"id"`
		Jobs flexList[flexString] `json:"job"`
	}{plain: (*plain)(p)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.ID = int64(aux.ID)
	p.Jobs = nil
	for _, j := range aux.Jobs {
		p.Jobs = append(p.Jobs, string(j))
	}
	return nil
}

type jobProblemList struct {
	Problem flexList[JobProblem] `json:"problem,omitempty"`
}

// ListJobsOptions are the filters and switches of GET /API/job. Empty fields are not sent.
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

// jobPath is the path of one job.
func jobPath(id string) string { return "/job/" + url.PathEscape(id) }

// ListJobs fetches one page of jobs.
//
// GET /API/job
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
//
// GET /API/job
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
//
// GET /API/job
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
//
// GET /API/job/{id}
func (c *Client) GetJob(ctx context.Context, id string, withMetadata bool) (*Job, error) {
	q := url.Values{}
	if withMetadata {
		q.Set("metadata", "true")
	}
	var job Job
	if err := c.do(ctx, &request{method: "GET", path: jobPath(id), query: q}, &job); err != nil {
		return nil, err
	}
	if job.ID == "" {
		return nil, fmt.Errorf("GET %s/job/%s: the server answered without a job document", c.basePath(), id)
	}
	return &job, nil
}

// SetJobPriority changes the priority of a job and returns the job as it is afterwards (the
// PUT answers nothing: the job is read back). Cut off by Terraform's stop, the read-back tells
// whether the job has the priority (writeRead).
//
// PUT /API/job/{id}
// GET /API/job/{id}
func (c *Client) SetJobPriority(ctx context.Context, id, priority string) (*Job, error) {
	q := url.Values{"priority": {priority}}
	read := func(ctx context.Context) (*Job, error) { return c.GetJob(ctx, id, false) }
	has := func(j *Job) (bool, error) { return j.Priority == priority, nil }
	return writeRead(ctx, c, &request{method: "PUT", path: jobPath(id), query: q}, read, has)
}

// AbortJob asks the server to abort a job; cleanup runs the job's cleanup steps first.
// The job is typically ABORTED_PENDING right after, ABORTED later. Cut off by Terraform's
// stop, it reads the job to tell whether the abort took effect: the job is being aborted or
// has ended (write).
//
// DELETE /API/job/{id}
// GET /API/job/{id}
func (c *Client) AbortJob(ctx context.Context, id, reason string, cleanup bool) error {
	q := url.Values{"cleanup": {strconv.FormatBool(cleanup)}}
	if reason != "" {
		q.Set("reason", reason)
	}
	read := func(ctx context.Context) (*Job, error) { return c.GetJob(ctx, id, false) }
	aborting := func(j *Job) (bool, error) { return IsAbortPending(j.Status) || IsTerminalState(j.Status), nil }
	return c.write(ctx, &request{method: "DELETE", path: jobPath(id), query: q}, nil, readVerify(read, aborting, nil))
}

// IsAbortPending reports whether a job is being aborted. Servers write ABORTED_PENDING; the
// documentation spells the same state ABORT_PENDING, so both count.
func IsAbortPending(status string) bool {
	return status == "ABORTED_PENDING" || status == "ABORT_PENDING"
}

// RerunJob duplicates a job and starts the copy, at priority (empty: the original's). It
// returns the new job. The POST is never repeated blindly: after an unclear failure the
// client looks for a job newer than the newest one before the POST, with the original's
// type and data, and returns it if found.
//
// GET /API/job/{id}
// GET /API/job
// POST /API/job/{id}/re-run
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
	posted, err := c.postOnce(ctx, &request{method: "POST", path: jobPath(id) + "/re-run", query: q}, &job, verify)
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
//
// GET /API/job/problem
// GET /API/job/{id}/problem
func (c *Client) JobProblems(ctx context.Context, id string) ([]JobProblem, error) {
	path := "/job/problem"
	if id != "" {
		path = jobPath(id) + "/problem"
	}
	var list jobProblemList
	if err := c.do(ctx, &request{method: "GET", path: path}, &list); err != nil {
		return nil, err
	}
	return list.Problem, nil
}

// StartMarkerKey is the job-data key under which StartJob records a random value unique to
// one start, so that the job can be found again when the answer to its POST is lost.
const StartMarkerKey = "terraformStartId"

// StartJobOptions describe a job to start. Data becomes the job's data (job metadata); it must
// not hold StartMarkerKey, which StartJob sets.
type StartJobOptions struct {
	Type     string
	Priority string // empty: the server's default (MEDIUM)
	Data     map[string]string
}

// StartJob starts a job of a type: POST /API/job?type=T&priority=P with the data as repeated
// jobmetadata=key%3Dvalue parameters (understood by 4.x and 5.x alike). The answer is the new
// job. Every start carries a random marker under StartMarkerKey; the POST is never repeated
// blindly: after an unclear failure the client looks for the job by its marker
// (GET /API/job?jobmetadata=KEY%3DVALUE&user=false) and returns it if found.
//
// POST /API/job
// GET /API/job
func (c *Client) StartJob(ctx context.Context, opts StartJobOptions) (*Job, error) {
	if _, taken := opts.Data[StartMarkerKey]; taken {
		return nil, fmt.Errorf("job data key %q is reserved: it marks each start", StartMarkerKey)
	}
	marker, err := newStartMarker()
	if err != nil {
		return nil, err
	}
	q := url.Values{"type": {opts.Type}}
	if opts.Priority != "" {
		q.Set("priority", opts.Priority)
	}
	keys := make([]string, 0, len(opts.Data))
	for k := range opts.Data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		q.Add("jobmetadata", k+"="+opts.Data[k])
	}
	q.Add("jobmetadata", StartMarkerKey+"="+marker)

	var found *Job
	verify := func(ctx context.Context) (bool, error) {
		j, err := c.FindStartedJob(ctx, marker)
		found = j
		return j != nil, err
	}
	var job Job
	posted, err := c.postOnce(ctx, &request{method: "POST", path: "/job", query: q}, &job, verify)
	switch {
	case err != nil:
		return nil, err
	case !posted:
		return found, nil
	case job.ID == "":
		return nil, fmt.Errorf("POST %s/job?type=%s: the server answered without the new job", c.basePath(), opts.Type)
	}
	return &job, nil
}

// FindStartedJob finds the job StartJob started with this marker, among the jobs of every user;
// nil when there is none.
//
// GET /API/job
func (c *Client) FindStartedJob(ctx context.Context, marker string) (*Job, error) {
	list, err := c.ListJobs(ctx, ListJobsOptions{
		JobMetadata: []KeyValue{{StartMarkerKey, marker}}, AllUsers: true, IncludeMetadata: true,
		Sort: "jobId desc", Number: 10,
	})
	if err != nil {
		return nil, err
	}
	for i := range list.Jobs {
		// A server that ignored the filter would list other jobs: only the marker counts.
		if j := &list.Jobs[i]; j.Metadata()[StartMarkerKey] == marker {
			return j, nil
		}
	}
	return nil, nil
}

// newStartMarker is a random marker value: 128 bits, hex.
func newStartMarker() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("making the job's start marker: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// FollowOptions say how FollowJob polls.
type FollowOptions struct {
	// Interval is the first wait between two polls (default 2s). While nothing changes, each
	// wait is half as long again as the one before, up to MaxInterval (default 30s, at least
	// Interval); any change of the job's state or step starts again from Interval.
	Interval    time.Duration
	MaxInterval time.Duration
	// OnChange, if set, is called with the job whenever its state, step, step state or step
	// progress changed since the last poll (and with the first answer).
	OnChange func(*Job)
}

// FollowJob polls a job until it reaches a terminal state and returns it as last seen. Each
// poll is one GET /API/job/{id} without the job's data (metadata=false, the cheap form that
// still carries currentStep, totalSteps and the step log). It ends with ctx's error, and the
// job as last seen, when ctx is done first.
//
// GET /API/job/{id}
func (c *Client) FollowJob(ctx context.Context, id string, opts FollowOptions) (*Job, error) {
	interval := opts.Interval
	if interval <= 0 {
		interval = 2 * time.Second
	}
	maxInterval := max(opts.MaxInterval, interval)
	if opts.MaxInterval <= 0 {
		maxInterval = max(30*time.Second, interval)
	}
	var last *Job
	lastSeen := ""
	pause := interval
	for {
		job, err := c.GetJob(ctx, id, false)
		if err != nil {
			return last, err
		}
		last = job
		if seen := JobPosition(job); seen != lastSeen {
			lastSeen, pause = seen, interval
			if opts.OnChange != nil {
				opts.OnChange(job)
			}
		}
		if IsTerminalState(job.Status) {
			return job, nil
		}
		if err := wait(ctx, pause); err != nil {
			return last, err
		}
		pause = min(pause+pause/2, maxInterval)
	}
}

// JobPosition says where a job is, for progress messages: "STARTED: step 2 of 3
// (Transcode) STARTED, 40.0 of 100 percent". A terminal job is its state alone.
func JobPosition(job *Job) string {
	var b strings.Builder
	b.WriteString(job.Status)
	if cs := job.CurrentStep; cs != nil && !IsTerminalState(job.Status) {
		fmt.Fprintf(&b, ": step %d of %d", cs.Number, job.TotalSteps)
		if cs.Description != "" {
			fmt.Fprintf(&b, " (%s)", cs.Description)
		}
		if cs.Status != "" {
			fmt.Fprintf(&b, " %s", cs.Status)
		}
		if job.Log != nil && len(job.Log.Task) > 0 {
			if p := job.Log.Task[len(job.Log.Task)-1].Progress; p != nil {
				fmt.Fprintf(&b, ", %.1f of %d %s", p.Value, p.Total, p.Unit)
			}
		}
	}
	return b.String()
}
