package vidimock

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Job states, step states and priorities.
var (
	jobStates      = []string{"READY", "STARTED", "VIDINET_JOB", "WAITING", "HOLD", "ABORTED_PENDING", "FINISHED", "FINISHED_WARNING", "FAILED_TOTAL", "ABORTED"}
	terminalStates = []string{"FINISHED", "FINISHED_WARNING", "FAILED_TOTAL", "ABORTED"}
	priorities     = []string{"LOWEST", "LOW", "MEDIUM", "HIGH", "HIGHEST", "IMMEDIATE"} // ascending
)

func isTerminal(state string) bool { return slices.Contains(terminalStates, state) }

// jobStep is one step a job runs, taken from its type's task definitions when the job starts.
type jobStep struct {
	step        int
	description string
}

type keyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// job is a stored job. A seeded job's state is never stored: view computes it from the clock,
// so it moves READY → STARTED (one step after another) → outcome as the clock advances. A job
// started through the API has a run (job_run.go) that executes its steps.
type job struct {
	num      int // the n of VX-n
	typ      string
	user     string
	priority string
	created  time.Time
	readyFor time.Duration // seeded jobs: time spent READY before the first step
	stepFor  time.Duration // seeded jobs: time each step takes
	steps    []jobStep     // seeded jobs: never empty; shared between jobs, never modified
	outcome  string        // FINISHED, FINISHED_WARNING, FAILED_TOTAL or ABORTED once all steps ran
	data     []keyValue

	freezeAt time.Time // non-zero: the run stands still from here on (seeded running jobs)
	hold     string    // WAITING, HOLD or VIDINET_JOB shown instead of READY/STARTED (seeded jobs)
	waiting  *waitingDocument
	problem  *problemDocument // the WAITING problem, or the failure one once the outcome is reached

	abortAt     time.Time // non-zero: abort requested at this instant
	abortDone   time.Time // ABORTED_PENDING until here, then ABORTED
	abortReason string

	run *jobRun // jobs started through the API: the run of their steps (job_run.go); nil for seeded jobs
}

func (j *job) id() string { return "VX-" + strconv.Itoa(j.num) }

func (j *job) dataValue(key string) string {
	v, _ := j.lookup(key)
	return v
}

// view is a job's state at one instant.
type view struct {
	status        string
	finished      time.Time
	current       int // index in steps of the current (or last) step; -1 before the first step
	done          int // steps finished
	currentStatus string
	progress      float64 // percent of the current step
	errorMessage  string
}

func (j *job) view(now time.Time) view {
	if j.run != nil {
		return j.run.view(j, now)
	}
	t := now
	if !j.freezeAt.IsZero() && t.After(j.freezeAt) {
		t = j.freezeAt
	}
	if !j.abortAt.IsZero() && t.After(j.abortAt) {
		t = j.abortAt
	}
	e, n := t.Sub(j.created), len(j.steps)
	runFor := j.readyFor + time.Duration(n)*j.stepFor
	v := view{current: -1}
	switch {
	case e < j.readyFor:
		v.status = "READY"
	case e < runFor:
		in := e - j.readyFor
		k := int(in / j.stepFor)
		v.status, v.current, v.done, v.currentStatus = "STARTED", k, k, "STARTED"
		v.progress = float64(in%j.stepFor) * 100 / float64(j.stepFor)
	default:
		v.status, v.finished, v.current = j.outcome, j.created.Add(runFor), n-1
		if j.outcome == "FINISHED" || j.outcome == "FINISHED_WARNING" {
			v.done, v.currentStatus, v.progress = n, "FINISHED", 100
		} else {
			v.done, v.currentStatus, v.progress, v.errorMessage = n-1, "FAILED_FATAL", 50, j.failureMessage()
		}
	}
	if j.hold != "" && !isTerminal(v.status) {
		v.status = j.hold
		if j.hold == "WAITING" && v.current >= 0 {
			v.currentStatus = "WAITING"
		}
	}
	if !j.abortAt.IsZero() {
		if now.Before(j.abortDone) {
			v.status = "ABORTED_PENDING"
		} else {
			v.status, v.finished = "ABORTED", j.abortDone
			if v.current >= v.done {
				v.currentStatus, v.errorMessage = "FAILED_FATAL", strings.TrimSpace("Job aborted. "+j.abortReason)
			}
		}
	}
	return v
}

// failureMessage is the last step's error of a job whose outcome is a failure.
func (j *job) failureMessage() string {
	if m := j.dataValue("errorMessage"); m != "" {
		return m
	}
	if j.dataValue("mockOutcome") != "" {
		return "The job ended " + j.outcome + " because its job data asked for it (mockOutcome=" + j.outcome + ")"
	}
	return "Step failed"
}

// problems are the job's current problems: the WAITING one, or the failure once it happened.
func (j *job) problems(v view) []problemDocument {
	if j.problem == nil {
		return nil
	}
	if j.hold == "WAITING" || (j.abortAt.IsZero() && v.status == j.outcome) {
		return []problemDocument{*j.problem}
	}
	return nil
}

type waitingDocument struct {
	ResourceID   string `json:"resourceId,omitempty"`
	ResourceType string `json:"resourceType,omitempty"`
	Requirement  string `json:"requirement,omitempty"`
}

type problemDocument struct {
	ID   int64      `json:"id"`
	Type string     `json:"type"`
	Data []keyValue `json:"data,omitempty"`
	Job  []string   `json:"job,omitempty"`
}

type problemList struct {
	Problem []problemDocument `json:"problem,omitempty"`
}

type currentStepDocument struct {
	Description string `json:"description"`
	Number      int    `json:"number"`
	Status      string `json:"status"`
}

type progressDocument struct {
	Value float64 `json:"value"`
	Total int     `json:"total"`
	Unit  string  `json:"unit"`
}

type taskDocument struct {
	ID           int               `json:"id"`
	Step         int               `json:"step"`
	Attempts     int               `json:"attempts"`
	Status       string            `json:"status"`
	Timestamp    string            `json:"timestamp"`
	Description  string            `json:"description,omitempty"`
	Progress     *progressDocument `json:"progress,omitempty"`
	ErrorMessage string            `json:"errorMessage,omitempty"`
	SubStep      []subStepDocument `json:"subStep,omitempty"` // job.log messages of a script step
}

type logDocument struct {
	Task []taskDocument `json:"task"` // the real server sends {"task":[]} for an empty log
}

type jobDocument struct {
	JobID       string               `json:"jobId"`
	User        string               `json:"user"`
	Started     string               `json:"started,omitempty"`
	Finished    string               `json:"finished,omitempty"`
	Status      string               `json:"status"`
	Type        string               `json:"type"`
	Priority    string               `json:"priority"`
	Waiting     *waitingDocument     `json:"waiting,omitempty"`
	CurrentStep *currentStepDocument `json:"currentStep,omitempty"`
	Data        []keyValue           `json:"data,omitempty"`
	TotalSteps  int                  `json:"totalSteps,omitempty"`
	Log         *logDocument         `json:"log,omitempty"`
}

// document renders a job as it is at now; withSteps adds currentStep and totalSteps, withData
// the job data, withLog the step log.
func (j *job) document(now time.Time, withSteps, withData, withLog bool) jobDocument {
	v := j.view(now)
	d := jobDocument{JobID: j.id(), User: j.user, Started: formatTime(j.created), Status: v.status, Type: j.typ, Priority: j.priority}
	if !v.finished.IsZero() {
		d.Finished = formatTime(v.finished)
	}
	if v.status == "WAITING" {
		d.Waiting = j.waiting
	}
	if withData {
		d.Data = j.data
	}
	if j.run != nil {
		j.run.fill(&d, j, now, withSteps, withLog)
		return d
	}
	if withSteps {
		d.TotalSteps = len(j.steps)
		if v.current >= 0 {
			st := v.currentStatus
			if v.current < v.done {
				st = "FINISHED"
			}
			d.CurrentStep = &currentStepDocument{j.steps[v.current].description, v.current + 1, st}
		}
	}
	if withLog {
		d.Log = &logDocument{Task: []taskDocument{}}
		for k := 0; k <= v.current && k < len(j.steps); k++ {
			start := j.created.Add(j.readyFor + time.Duration(k)*j.stepFor)
			t := taskDocument{ID: j.num*100 + k + 1, Step: j.steps[k].step, Attempts: 1, Description: j.steps[k].description}
			if k < v.done {
				t.Status, t.Timestamp = "FINISHED", formatTime(start.Add(j.stepFor))
				t.Progress = &progressDocument{100, 100, "percent"}
			} else {
				t.Status, t.Timestamp, t.ErrorMessage = v.currentStatus, formatTime(start), v.errorMessage
				t.Progress = &progressDocument{float64(int(v.progress*10)) / 10, 100, "percent"}
			}
			d.Log.Task = append(d.Log.Task, t)
		}
	}
	return d
}

// jobIDPattern is the 5.x specification's site id: a site prefix of letters and up to 32 digits.
var jobIDPattern = regexp.MustCompile(`^([A-Za-z]+)-([0-9]{1,32})$`)

// findJob resolves the {id} of the path: 400 for a malformed id, 404 for an unknown one.
func (c *call) findJob() (*job, *apiError) {
	id := c.params["id"]
	m := jobIDPattern.FindStringSubmatch(id)
	if m == nil {
		return nil, errInvalid("job", id, id, "malformed job id "+strconv.Quote(id)+": expected a site id such as VX-29")
	}
	n, err := strconv.Atoi(m[2]) // longer than an int: no job of this mock has it
	if j := c.s.state.job(n); err == nil && j != nil && m[1] == "VX" {
		return j, nil
	}
	return nil, errNotFound("Job", id, "")
}

// getJob: GET /API/job/{id}. The log and the job data are always included.
func (c *call) getJob() {
	j, err := c.findJob()
	if err != nil {
		c.fail(err)
		return
	}
	if c.wantsText() {
		c.text(j.view(c.now).status)
		return
	}
	if e := boolParam(c.query("metadata"), "metadata"); e != nil {
		c.fail(e)
		return
	}
	c.ok(j.document(c.now, true, true, true))
}

// setPriority: PUT /API/job/{id}?priority=P.
func (c *call) setPriority() {
	j, err := c.findJob()
	if err != nil {
		c.fail(err)
		return
	}
	p := c.query("priority")
	if !slices.Contains(priorities, p) {
		c.fail(errInvalid("job", j.id(), p, "priority must be one of "+strings.Join(priorities, ", ")))
		return
	}
	j.priority = p
	c.empty()
}

// abortJob: DELETE /API/job/{id}. A seeded job is ABORTED_PENDING for one second of server
// time, then ABORTED; a job started through the API is ABORTED_PENDING while its running steps
// end their try and its cleanup steps run (job_run.go). A READY job aborted with cleanup=false
// is ABORTED at once. Aborting a job that has ended, or is already being aborted, changes
// nothing.
func (c *call) abortJob() {
	j, err := c.findJob()
	if err != nil {
		c.fail(err)
		return
	}
	cleanup := true
	if v := c.query("cleanup"); v != "" {
		b, perr := strconv.ParseBool(v)
		if perr != nil {
			c.fail(errInvalid("job", j.id(), v, "cleanup must be true or false"))
			return
		}
		cleanup = b
	}
	v := j.view(c.now)
	if isTerminal(v.status) || !j.abortAt.IsZero() {
		c.empty()
		return
	}
	if j.run != nil {
		if !j.run.aborted {
			j.run.abort(c.now, cleanup)
		}
		c.empty()
		return
	}
	j.abortAt, j.abortDone, j.abortReason = c.now, c.now.Add(time.Second), c.query("reason")
	if v.status == "READY" && !cleanup {
		j.abortDone = c.now
	}
	c.empty()
}

// rerunJob: POST /API/job/{id}/re-run[?priority=]: a new job of the same type and data.
func (c *call) rerunJob() {
	j, err := c.findJob()
	if err != nil {
		c.fail(err)
		return
	}
	p := j.priority
	if q := c.query("priority"); q != "" {
		if !slices.Contains(priorities, q) {
			c.fail(errInvalid("job", j.id(), q, "priority must be one of "+strings.Join(priorities, ", ")))
			return
		}
		p = q
	}
	nj := c.s.state.startJob(j.typ, c.user.name, p, slices.Clone(j.data), c.now)
	c.ok(nj.document(c.now, true, true, true))
}

// superAccessRole is the role a job needs to be started at priority IMMEDIATE (reference §13).
const superAccessRole = "_super_access_user"

// createJob: POST /API/job?type=T[&priority=][&jobmetadata=k%3Dv...], optional body
// {"field":[{"key","value"}]} whose keys override same-named jobmetadata. The job is answered
// READY; its steps run from the next request on (job_run.go).
func (c *call) createJob() {
	st := c.s.state
	typ := c.query("type")
	if !st.jobTypeExists(typ) {
		c.fail(errInvalid("job", "", typ, "unknown job type "+strconv.Quote(typ)))
		return
	}
	p := c.query("priority")
	switch {
	case p == "":
		p = "MEDIUM"
	case !slices.Contains(priorities, p):
		c.fail(errInvalid("job", "", p, "priority must be one of "+strings.Join(priorities, ", ")))
		return
	case p == "IMMEDIATE" && !c.user.isAdmin() && !c.user.hasRole(superAccessRole):
		c.fail(errForbidden("job", "", "priority IMMEDIATE needs the "+superAccessRole+" role, which user "+strconv.Quote(c.user.name)+" lacks"))
		return
	}
	nj := &job{} // collects the job data
	for _, m := range c.r.URL.Query()["jobmetadata"] {
		k, v, ok := strings.Cut(m, "=")
		if !ok || k == "" {
			c.fail(errInvalid("job", "", m, "jobmetadata must be key=value (with = encoded as %3D)"))
			return
		}
		nj.setData(k, v)
	}
	var body struct {
		Field []keyValue `json:"field"`
	}
	if _, err := c.decodeOptional(&body); err != nil {
		c.fail(err)
		return
	}
	for _, f := range body.Field {
		nj.setData(f.Key, f.Value)
	}
	j := st.startJob(typ, c.user.name, p, nj.data, c.now)
	c.ok(j.document(c.now, true, true, true))
}

// deleteJobs: DELETE /API/job?id=a,b removes jobs for good (not an abort).
func (c *call) deleteJobs() {
	st := c.s.state
	ids := splitList(c.query("id"))
	if len(ids) == 0 {
		c.fail(errInvalid("job", "", "", "id is required: a comma-separated list of job ids"))
		return
	}
	var nums []int
	for _, id := range ids {
		c.params = map[string]string{"id": id}
		j, err := c.findJob()
		if err != nil {
			c.fail(err)
			return
		}
		nums = append(nums, j.num)
	}
	gone := func(j *job) bool { return slices.Contains(nums, j.num) }
	st.jobs = slices.DeleteFunc(st.jobs, gone)
	st.running = slices.DeleteFunc(st.running, gone)
	c.empty()
}

// jobProblems: GET /API/job/{id}/problem.
func (c *call) jobProblems() {
	j, err := c.findJob()
	if err != nil {
		c.fail(err)
		return
	}
	c.ok(problemList{j.problems(j.view(c.now))})
}

// allProblems: GET /API/job/problem, every current problem ({} when there is none).
func (c *call) allProblems() {
	var out problemList
	for _, j := range c.s.state.jobs {
		if j.problem != nil {
			out.Problem = append(out.Problem, j.problems(j.view(c.now))...)
		}
	}
	c.ok(out)
}

// listJobTypes: GET /API/jobtype, built-in then custom types.
func (c *call) listJobTypes() {
	names := c.s.state.jobTypeNames()
	if c.wantsText() {
		c.text(strings.Join(names, "\r\n"))
		return
	}
	c.ok(uriList{URI: names})
}

type uriList struct {
	Hits *int     `json:"hits,omitempty"`
	URI  []string `json:"uri,omitempty"`
}

func boolParam(v, name string) *apiError {
	if v == "" {
		return nil
	}
	if _, err := strconv.ParseBool(v); err != nil {
		return errInvalid("job", "", v, name+" must be true or false")
	}
	return nil
}

// splitList splits a comma list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
