package vidimock

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Jobs started through the API (POST /API/job, re-run) run their type's task definitions; the
// seeded jobs keep the clock-only life cycle of job.view.
//
// A run is a simulation on the server clock, computed lazily: at the start of every API
// request, under the state lock, each unfinished run catches up to the request's instant
// (state.advanceRuns), executing in time order every try of a step that has ended by then. A
// step takes one step duration per try and its script (or bean) takes effect at the end of the
// try, so what a client reads is the job as it stands at that instant, however seldom it looks,
// and a manual clock drives runs exactly. The POST that starts a job answers it READY; nothing
// runs before the next request.
//
// Order: the non-cleanup steps start when the job leaves READY, each as its dependency allows
// (the rules of task_definition_graph.go: no dependency = after the step before it; previous,
// allPrevious, step N; a parallelDependency waits for the other step to start, not to end).
// Cleanup steps form their own sequence after the others, and run only when the job failed or
// is aborted (see doc.go). A dependency on a step outside the step's own sequence is ignored.

// maxTries is how often a failing step runs in all before it fails for good.
const maxTries = 5

// scriptTimeout is how long a script may run (wall time) before it is interrupted.
const scriptTimeout = 250 * time.Millisecond

// runTask is one step of a running job.
type runTask struct {
	def      *taskDefinition // the step as its job type had it when the job started
	pos      int             // 1-based position in the job: the main steps, then the cleanup steps
	start    time.Time       // zero: not scheduled (yet)
	tryStart time.Time       // start of the current try
	end      time.Time       // zero: not ended
	attempts int             // tries that have ended
	status   string          // once ended: FINISHED, FAILED_TOTAL or FAILED_FATAL
	err      string          // the error of the last failed try
	subSteps []subStepDocument
}

type subStepDocument struct {
	Timestamp   string `json:"timestamp"`
	Description string `json:"description"`
}

// jobRun is the run of one job.
type jobRun struct {
	main, cleanup []*runTask
	startAt       time.Time // when the first steps start (the end of READY)
	stepFor       time.Duration
	beans         map[string][]string

	stopAt      time.Time // non-zero: no non-cleanup step starts from here on (failure or abort)
	failure     string    // what failed the job
	failedStep  *runTask  // the step that failed it (nil for a dependency cycle)
	aborted     bool
	withCleanup bool      // abort: run the cleanup steps
	cleanupFrom time.Time // non-zero: the cleanup steps run from here
	finished    time.Time // non-zero: the run ended here
}

// newRun plans the run of a job of type typ started at now.
func (st *state) newRun(typ string, now time.Time) *jobRun {
	r := &jobRun{startAt: now.Add(st.readyFor), stepFor: st.stepFor, beans: st.beans}
	for _, td := range st.taskDefinitionsOfType(typ) {
		cp := *td
		if td.Cleanup != nil && *td.Cleanup {
			r.cleanup = append(r.cleanup, &runTask{def: &cp})
		} else {
			r.main = append(r.main, &runTask{def: &cp})
		}
	}
	if len(r.main) == 0 {
		for _, g := range genericSteps {
			r.main = append(r.main, &runTask{def: &taskDefinition{Step: ptr(g.step), Description: g.description}})
		}
	}
	for i, t := range r.tasks() {
		t.pos = i + 1
	}
	return r
}

// tasks are the main steps, then the cleanup steps.
func (r *jobRun) tasks() []*runTask { return slices.Concat(r.main, r.cleanup) }

// phase is the sequence that runs now: the main steps, or the cleanup steps once they started.
func (r *jobRun) phase() []*runTask {
	if r.cleanupFrom.IsZero() {
		return r.main
	}
	return r.cleanup
}

// advanceRuns brings every unfinished run up to now.
func (st *state) advanceRuns(now time.Time) {
	st.running = slices.DeleteFunc(st.running, func(j *job) bool {
		j.run.advance(st, j, now)
		return !j.run.finished.IsZero()
	})
}

// advance executes, in time order, every try that has ended by now.
func (r *jobRun) advance(st *state, j *job, now time.Time) {
	for r.finished.IsZero() {
		r.schedule()
		if t := r.nextTry(now); t != nil {
			r.runTry(j, t)
			continue
		}
		if !r.endPhase(st, j, now) {
			return
		}
	}
}

// schedule gives a start to every step of the phase whose dependencies allow it.
func (r *jobRun) schedule() {
	seq := r.phase()
	base := r.startAt
	if !r.cleanupFrom.IsZero() {
		base = r.cleanupFrom
	} else if !r.stopAt.IsZero() {
		return
	}
	for i, t := range seq {
		if !t.start.IsZero() {
			continue
		}
		if at, ok := dependenciesMet(seq, i, base); ok {
			t.start, t.tryStart = at, at
		}
	}
}

// dependenciesMet reports when step i of seq may start, if that is known yet.
func dependenciesMet(seq []*runTask, i int, base time.Time) (time.Time, bool) {
	at := base
	after := func(p *runTask, parallel bool) bool {
		x := p.end
		if parallel {
			x = p.start
		}
		if x.IsZero() {
			return false
		}
		if x.After(at) {
			at = x
		}
		return true
	}
	for _, d := range dependencies(seq[i].def, i) {
		from := slices.Clone(seq[d.from:i])
		if d.step > 0 {
			if k := slices.IndexFunc(seq, func(p *runTask) bool { return *p.def.Step == d.step }); k >= 0 && k != i {
				from = append(from, seq[k])
			}
		}
		for _, p := range from {
			if !after(p, d.parallel) {
				return time.Time{}, false
			}
		}
	}
	return at, true
}

// nextTry is the running step whose try ends first, by now (ties: the earlier step).
func (r *jobRun) nextTry(now time.Time) *runTask {
	var next *runTask
	for _, t := range r.phase() {
		if t.start.IsZero() || !t.end.IsZero() {
			continue
		}
		end := t.tryStart.Add(r.stepFor)
		if end.After(now) {
			continue
		}
		if next == nil || end.Before(next.tryStart.Add(r.stepFor)) {
			next = t
		}
	}
	return next
}

// runTry executes one try of t at its end and records the result.
func (r *jobRun) runTry(j *job, t *runTask) {
	at := t.tryStart.Add(r.stepFor)
	res := r.execute(j, t, at)
	t.attempts++
	retry := r.stopAt.IsZero() || !r.cleanupFrom.IsZero() // a stopping job lets running steps end, not retry
	switch {
	case res.ok:
		t.end, t.status, t.err = at, "FINISHED", ""
	case res.fatal:
		t.end, t.status, t.err = at, "FAILED_FATAL", res.msg
		r.fail(at, t, res.msg)
	case t.attempts >= maxTries || !retry:
		t.end, t.status, t.err = at, "FAILED_TOTAL", res.msg
		if t.def.Critical == nil || *t.def.Critical {
			r.fail(at, t, res.msg)
		}
	default:
		t.err, t.tryStart = res.msg, at
	}
}

// fail records the first failure of the job (by step t, nil for none) and stops it at; a
// failing cleanup step changes nothing more.
func (r *jobRun) fail(at time.Time, t *runTask, msg string) {
	if r.failure != "" || !r.cleanupFrom.IsZero() {
		return
	}
	r.failure, r.failedStep = msg, t
	r.stop(at)
}

// stop keeps main steps that have not begun by at from starting.
func (r *jobRun) stop(at time.Time) {
	if !r.stopAt.IsZero() {
		return
	}
	r.stopAt = at
	for _, t := range r.main {
		if t.attempts == 0 && t.end.IsZero() && !t.start.Before(at) {
			t.start, t.tryStart = time.Time{}, time.Time{}
		}
	}
}

// abort stops the job at now: running steps end their try, then the cleanup steps run when
// withCleanup, or when the job had started (SDK abort_job: cleanup=false skips them "unless the
// job is already running").
func (r *jobRun) abort(now time.Time, withCleanup bool) {
	started := slices.ContainsFunc(r.main, func(t *runTask) bool { return !t.start.IsZero() && !t.start.After(now) })
	r.aborted, r.withCleanup = true, withCleanup || started
	r.stop(now)
}

// endPhase moves on when nothing of the phase is left to run by now: from the main steps to the
// cleanup steps or the end, from the cleanup steps to the end. It reports whether it did.
func (r *jobRun) endPhase(st *state, j *job, now time.Time) bool {
	seq := r.phase()
	at := r.startAt // the earliest end of the phase: when it began
	switch {
	case !r.cleanupFrom.IsZero():
		at = r.cleanupFrom
	case !r.stopAt.IsZero():
		at = r.stopAt
	}
	waiting := false
	for _, t := range seq {
		switch {
		case !t.end.IsZero():
			if t.end.After(at) {
				at = t.end
			}
		case !t.start.IsZero():
			return false // still running
		default:
			waiting = true
		}
	}
	if at.After(now) {
		return false
	}
	if r.cleanupFrom.IsZero() {
		if waiting && r.stopAt.IsZero() {
			var steps []string
			for _, t := range seq {
				if t.start.IsZero() {
					steps = append(steps, strconv.Itoa(*t.def.Step))
				}
			}
			r.fail(at, nil, "Steps "+strings.Join(steps, ", ")+" wait for each other: their dependencies form a cycle")
		}
		if r.failure != "" || r.aborted && r.withCleanup {
			if len(r.cleanup) > 0 {
				r.cleanupFrom = at
				return true
			}
		}
	}
	r.end(st, j, at)
	return true
}

// end closes the run at at with its outcome.
func (r *jobRun) end(st *state, j *job, at time.Time) {
	r.finished = at
	mock := j.dataValue("mockOutcome")
	switch {
	case r.aborted:
		j.outcome = "ABORTED"
	case r.failure != "":
		j.outcome = "FAILED_TOTAL"
		if mock == "ABORTED" {
			j.outcome = mock
		}
		data := []keyValue{{"errorMessage", r.failure}}
		if r.failedStep != nil {
			data = append(data, keyValue{"step", strconv.Itoa(*r.failedStep.def.Step)})
		}
		j.problem = st.newProblem("jobFailed", j, data...)
	case mock == "FINISHED_WARNING":
		j.outcome = mock
	default:
		j.outcome = "FINISHED"
	}
}

// view is the job's state at now (the run has caught up to now).
func (r *jobRun) view(j *job, now time.Time) view {
	v := view{current: -1}
	switch {
	case !r.finished.IsZero() && !r.finished.After(now):
		v.status, v.finished = j.outcome, r.finished
	case r.aborted:
		v.status = "ABORTED_PENDING"
	case !r.startAt.After(now):
		v.status = "STARTED"
	default:
		v.status = "READY"
	}
	return v
}

// shown are the steps that have begun by now, in position order.
func (r *jobRun) shown(now time.Time) []*runTask {
	var out []*runTask
	for _, t := range r.tasks() {
		if !t.start.IsZero() && !t.start.After(now) {
			out = append(out, t)
		}
	}
	return out
}

// fill adds the run's steps to a job document: currentStep (the first running step, else the
// last that ran), totalSteps (the cleanup steps count once they run) and the log.
func (r *jobRun) fill(d *jobDocument, j *job, now time.Time, withSteps, withLog bool) {
	shown := r.shown(now)
	if withSteps {
		d.TotalSteps = len(r.main)
		if !r.cleanupFrom.IsZero() {
			d.TotalSteps += len(r.cleanup)
		}
		var cur *runTask
		for _, t := range shown {
			if t.end.IsZero() {
				cur = t
				break
			}
			cur = t
		}
		if cur != nil {
			d.CurrentStep = &currentStepDocument{cur.def.Description, cur.pos, cur.statusAt()}
		}
	}
	if withLog {
		d.Log = &logDocument{Task: []taskDocument{}}
		for _, t := range shown {
			td := taskDocument{ID: j.num*100 + t.pos, Step: *t.def.Step, Attempts: t.attempts, Status: t.statusAt(),
				Description: t.def.Description, ErrorMessage: t.err, SubStep: t.subSteps}
			if t.end.IsZero() {
				td.Attempts++
				td.Timestamp = formatTime(t.start)
				td.Progress = &progressDocument{float64(int(float64(now.Sub(t.tryStart))*1000/float64(max(r.stepFor, 1)))) / 10, 100, "percent"}
			} else {
				td.Timestamp = formatTime(t.end)
				if t.status == "FINISHED" {
					td.Progress = &progressDocument{100, 100, "percent"}
				}
			}
			d.Log.Task = append(d.Log.Task, td)
		}
	}
}

func (t *runTask) statusAt() string {
	if t.end.IsZero() {
		return "STARTED"
	}
	return t.status
}
