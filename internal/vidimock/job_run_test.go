package vidimock

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// runStep is the step duration of these tests: a job is READY for one step, then each try of a
// step takes one.
const runStep = time.Second

// runServer is a server on a manual clock whose started jobs take runStep a step.
func runServer(t *testing.T) (*Server, *Clock) {
	clock := NewManualClock(epoch)
	return startServer(t, Options{Clock: clock, StepDuration: runStep}), clock
}

// pipeline creates the custom job type typ (with id) and its steps over the API.
func pipeline(t *testing.T, s *Server, typ string, id int, steps ...graphTask) {
	t.Helper()
	expect(t, s, 200, "POST", fmt.Sprintf("/API/task-definition/jobtype/%s?id=%d", typ, id), nil)
	for i := range steps {
		steps[i].JobType = typ
	}
	expect(t, s, 200, "POST", "/API/task-definition", map[string]any{"task": steps})
}

// startRun starts a job of typ with job data from key=value pairs and returns its answer.
func startRun(t *testing.T, s *Server, typ string, data ...string) testRunJob {
	t.Helper()
	path := "/API/job?type=" + typ
	for _, kv := range data {
		path += "&jobmetadata=" + url.QueryEscape(kv)
	}
	var j testRunJob
	expect(t, s, 200, "POST", path, nil).decode(t, &j)
	return j
}

// testRunJob is a job document with the members of a run's steps.
type testRunJob struct {
	testJob
	Log *struct {
		Task []testRunTask `json:"task"`
	} `json:"log"`
}

type testRunTask struct {
	Step         int    `json:"step"`
	Attempts     int    `json:"attempts"`
	Status       string `json:"status"`
	Timestamp    string `json:"timestamp"`
	ErrorMessage string `json:"errorMessage"`
	SubStep      []struct {
		Description string `json:"description"`
	} `json:"subStep"`
}

func getRun(t *testing.T, s *Server, id string) testRunJob {
	t.Helper()
	var j testRunJob
	expect(t, s, 200, "GET", "/API/job/"+id, nil).decode(t, &j)
	return j
}

// runAfter moves the clock on by d and reads the job.
func runAfter(t *testing.T, s *Server, clock *Clock, id string, d time.Duration) testRunJob {
	t.Helper()
	clock.Advance(d)
	return getRun(t, s, id)
}

// steps lists the log as step:status:attempts.
func (j testRunJob) steps() string {
	var out []string
	if j.Log != nil {
		for _, task := range j.Log.Task {
			out = append(out, fmt.Sprintf("%d:%s:%d", task.Step, task.Status, task.Attempts))
		}
	}
	return strings.Join(out, " ")
}

// after is the timestamp d after the job started.
func (j testRunJob) after(d time.Duration) string {
	started, _ := time.Parse(timeLayout, j.Started)
	return formatTime(started.Add(d))
}

func (j testRunJob) task(step int) testRunTask {
	if j.Log != nil {
		for _, task := range j.Log.Task {
			if task.Step == step {
				return task
			}
		}
	}
	return testRunTask{}
}

type testProblems struct {
	Problem []struct {
		Type string     `json:"type"`
		Data []keyValue `json:"data"`
	} `json:"problem"`
}

// problemData reads the job's problems as "type key=value ..." lines.
func problemData(t *testing.T, s *Server, id string) string {
	t.Helper()
	var p testProblems
	expect(t, s, 200, "GET", "/API/job/"+id+"/problem", nil).decode(t, &p)
	var out []string
	for _, pr := range p.Problem {
		line := pr.Type
		for _, d := range pr.Data {
			line += " " + d.Key + "=" + d.Value
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func TestRunPassesJobDataFromStepToStep(t *testing.T) {
	s, clock := runServer(t)
	pipeline(t, s, "ACME_GREET", 20200,
		graphTask{Step: 10, Description: "Greet", Script: `job.setData("greeting", "hello " + job.getData("name")); job.log("greeted " + job.getData("name"));`},
		graphTask{Step: 20, Description: "Measure", Script: `job.setData("length", job.getData("greeting").length); job.setData("keys", job.getKeys().join(","));`},
		graphTask{Step: 30, Description: "Sign", Script: `if (!job.containsKey("length")) job.fatalFail("no length");
job.setData("signature", [job.getDataOrDefault("missing", "dflt"), job.getId(), job.getUser(), job.getStepId(), job.getData("missing")].join("/"));
job.deleteData("name");`},
	)
	j := startRun(t, s, "ACME_GREET", "name=world")
	if j.Status != "READY" || j.TotalSteps != 3 || j.CurrentStep != nil || j.data("name") != "world" {
		t.Fatalf("the POST answers the READY job: %+v", j)
	}

	j = runAfter(t, s, clock, j.JobID, runStep+runStep/2)
	if j.Status != "STARTED" || j.CurrentStep == nil || j.CurrentStep.Number != 1 || j.CurrentStep.Status != "STARTED" ||
		j.CurrentStep.Description != "Greet" || j.steps() != "10:STARTED:1" || j.data("greeting") != "" {
		t.Errorf("half-way through the first step: %+v, steps %s", j, j.steps())
	}
	j = runAfter(t, s, clock, j.JobID, runStep)
	if j.data("greeting") != "hello world" || j.steps() != "10:FINISHED:1 20:STARTED:1" || j.CurrentStep.Number != 2 {
		t.Errorf("after the first step the next one sees its data: %v, steps %s", j.Data, j.steps())
	}
	if sub := j.task(10).SubStep; len(sub) != 1 || sub[0].Description != "greeted world" {
		t.Errorf("job.log of step 10: %+v", sub)
	}

	j = runAfter(t, s, clock, j.JobID, 10*runStep)
	want := map[string]string{"greeting": "hello world", "length": "11", "keys": "name,greeting,length",
		"signature": "dflt/" + j.JobID + "/admin/30/"}
	for k, v := range want {
		if j.data(k) != v {
			t.Errorf("job data %s = %q, want %q", k, j.data(k), v)
		}
	}
	if j.Status != "FINISHED" || j.data("name") != "" || j.steps() != "10:FINISHED:1 20:FINISHED:1 30:FINISHED:1" ||
		j.Finished != j.after(4*runStep) || j.CurrentStep.Number != 3 || j.CurrentStep.Status != "FINISHED" {
		t.Errorf("finished job: %+v, steps %s", j, j.steps())
	}
	if p := problemData(t, s, j.JobID); p != "" {
		t.Errorf("a finished job has problems: %s", p)
	}
	// Lists filter on the job data and the state the run reached, and show its steps.
	l := listJobs(t, s, "/API/job?metadata=true&step=true&state=FINISHED&jobmetadata=length%3D11")
	if ids(l) != j.JobID || l.Job[0].TotalSteps != 3 || l.Job[0].CurrentStep == nil || l.Job[0].CurrentStep.Number != 3 {
		t.Errorf("finished jobs with length=11: %+v", l)
	}

	// A re-run runs the steps again, on the data the job ended with.
	var again testRunJob
	expect(t, s, 200, "POST", "/API/job/"+j.JobID+"/re-run", nil).decode(t, &again)
	again = runAfter(t, s, clock, again.JobID, 10*runStep)
	if again.Status != "FINISHED" || again.data("greeting") != "hello null" {
		t.Errorf("re-run: %s, greeting %q", again.Status, again.data("greeting"))
	}
}

// countTries is a script that counts its tries in the job data and fails until try succeedAt.
const countTries = `var n = Number(job.getDataOrDefault("tries", "0")) + 1;
job.setData("tries", n);
if (n < Number(job.getData("succeedAt"))) job.fail("try " + n + " failed");
job.setData("done", "yes");`

func TestRunRetriesAFailingStepFiveTimes(t *testing.T) {
	s, clock := runServer(t)
	pipeline(t, s, "ACME_RETRY", 20201,
		graphTask{Step: 10, Script: countTries},
		graphTask{Step: 20, Script: `job.setData("after", "ran")`},
	)

	// Failing twice, then succeeding on the third try: the job finishes.
	j := startRun(t, s, "ACME_RETRY", "succeedAt=3")
	j = runAfter(t, s, clock, j.JobID, 2*runStep+runStep/2)
	if task := j.task(10); task.Status != "STARTED" || task.Attempts != 2 || task.ErrorMessage != "try 1 failed" {
		t.Errorf("retrying after the first failure: %+v", task)
	}
	j = runAfter(t, s, clock, j.JobID, 10*runStep)
	if j.Status != "FINISHED" || j.data("tries") != "3" || j.data("done") != "yes" || j.data("after") != "ran" ||
		j.steps() != "10:FINISHED:3 20:FINISHED:1" || j.task(10).ErrorMessage != "" {
		t.Errorf("third try succeeds: %s, data %v, steps %s", j.Status, j.Data, j.steps())
	}

	// Never succeeding: five tries in all, then the job fails with the message.
	j = startRun(t, s, "ACME_RETRY", "succeedAt=99")
	j = runAfter(t, s, clock, j.JobID, 20*runStep)
	if j.Status != "FAILED_TOTAL" || j.data("tries") != "5" || j.data("done") != "" || j.data("after") != "" ||
		j.steps() != "10:FAILED_TOTAL:5" || j.task(10).ErrorMessage != "try 5 failed" || j.Finished != j.after(6*runStep) {
		t.Errorf("five failed tries: %+v, steps %s", j, j.steps())
	}
	if p := problemData(t, s, j.JobID); p != "jobFailed errorMessage=try 5 failed step=10" {
		t.Errorf("problem of the failed job: %q", p)
	}
}

func TestRunFatalFailEndsTheJob(t *testing.T) {
	s, clock := runServer(t)
	pipeline(t, s, "ACME_FATAL", 20202,
		graphTask{Step: 10, Description: "Check", Script: `job.setData("before", "x"); try { job.fatalFail("itemId " + job.getData("itemId") + " has no original shape"); } catch (e) {} job.setData("after", "x");`},
		graphTask{Step: 20, Script: `job.setData("second", "ran")`},
	)
	j := startRun(t, s, "ACME_FATAL", "itemId=VX-9")
	j = runAfter(t, s, clock, j.JobID, 10*runStep)
	msg := "itemId VX-9 has no original shape"
	if j.Status != "FAILED_TOTAL" || j.steps() != "10:FAILED_FATAL:1" || j.task(10).ErrorMessage != msg ||
		j.data("before") != "x" || j.data("after") != "" || j.data("second") != "" {
		t.Errorf("fatalFail: %+v, steps %s", j, j.steps())
	}
	if j.CurrentStep == nil || j.CurrentStep.Status != "FAILED_FATAL" || j.CurrentStep.Description != "Check" {
		t.Errorf("current step of the failed job: %+v", j.CurrentStep)
	}
	if p := problemData(t, s, j.JobID); p != "jobFailed errorMessage="+msg+" step=10" {
		t.Errorf("problem: %q", p)
	}
}

func TestRunThrownExceptionFailsTheStep(t *testing.T) {
	s, clock := runServer(t)
	pipeline(t, s, "ACME_THROW", 20203, graphTask{Step: 10, Script: `throw new Error("disk full on " + job.getData("storage"))`})
	pipeline(t, s, "ACME_SYNTAX", 20204, graphTask{Step: 10, Script: `job.setData("a", `})
	pipeline(t, s, "ACME_API", 20205, graphTask{Step: 10, Script: `api.get("/item")`})
	cases := []struct{ typ, want string }{
		{"ACME_THROW", "Error: disk full on VX-2"},
		{"ACME_SYNTAX", "SyntaxError"},
		{"ACME_API", "ReferenceError: api is not defined"},
	}
	for _, c := range cases {
		j := startRun(t, s, c.typ, "storage=VX-2")
		j = runAfter(t, s, clock, j.JobID, 10*runStep)
		if task := j.task(10); j.Status != "FAILED_TOTAL" || task.Status != "FAILED_TOTAL" || task.Attempts != 5 || !strings.Contains(task.ErrorMessage, c.want) {
			t.Errorf("%s: %s, step %+v; want the error %q", c.typ, j.Status, task, c.want)
		}
	}
}

func TestRunNonCriticalStepFailureDoesNotFailTheJob(t *testing.T) {
	s, clock := runServer(t)
	no := false
	pipeline(t, s, "ACME_OPTIONAL", 20206,
		graphTask{Step: 10, Critical: &no, Script: `job.fail("thumbnail service unavailable")`},
		graphTask{Step: 20, Critical: &no, Script: `job.fatalFail("fatal is fatal")`},
		graphTask{Step: 30, Script: `job.setData("after", "ran")`},
	)
	j := startRun(t, s, "ACME_OPTIONAL")
	j = runAfter(t, s, clock, j.JobID, 20*runStep)
	// fail on a non-critical step: tried five times, then the job goes on; fatalFail fails the
	// job whatever critical says.
	if j.Status != "FAILED_TOTAL" || j.steps() != "10:FAILED_TOTAL:5 20:FAILED_FATAL:1" || j.data("after") != "" {
		t.Errorf("non-critical steps: %s, steps %s", j.Status, j.steps())
	}

	pipeline(t, s, "ACME_OPTIONAL2", 20207,
		graphTask{Step: 10, Critical: &no, Script: `throw "no thumbnails"`},
		graphTask{Step: 20, Script: `job.setData("after", "ran")`},
	)
	j = startRun(t, s, "ACME_OPTIONAL2")
	j = runAfter(t, s, clock, j.JobID, 20*runStep)
	if j.Status != "FINISHED" || j.steps() != "10:FAILED_TOTAL:5 20:FINISHED:1" || j.task(10).ErrorMessage != "no thumbnails" || j.data("after") != "ran" {
		t.Errorf("a failing non-critical step: %s, steps %s", j.Status, j.steps())
	}
	if p := problemData(t, s, j.JobID); p != "" {
		t.Errorf("problems: %s", p)
	}
}

// appendStep is a script that appends its step number to the job data key order.
const appendStep = `var o = job.getData("order"); job.setData("order", o === null ? String(job.getStepId()) : o + "," + job.getStepId());`

func TestRunHonoursDependencies(t *testing.T) {
	s, clock := runServer(t)
	pipeline(t, s, "ACME_DEPS", 20208,
		graphTask{Step: 10, Script: appendStep},
		graphTask{Step: 20, Script: appendStep, Dependency: &dependencyDocument{Step: 30}},
		graphTask{Step: 30, Script: appendStep, Dependency: &dependencyDocument{Step: 10}},
		graphTask{Step: 40, Script: appendStep, ParallelDependency: &dependencyDocument{Step: 20}},
		graphTask{Step: 50, Script: appendStep, Dependency: &dependencyDocument{AllPrevious: true, Step: 60}},
		graphTask{Step: 60, Script: appendStep, Dependency: &dependencyDocument{Step: 99}}, // no such step: no wait
	)
	j := startRun(t, s, "ACME_DEPS")
	// 10 and 60 start with the job; 30 after 10; 20 after 30, with 40 beside it; 50 last.
	j = runAfter(t, s, clock, j.JobID, 3*runStep+runStep/2)
	if j.steps() != "10:FINISHED:1 20:STARTED:1 30:FINISHED:1 40:STARTED:1 60:FINISHED:1" || j.data("order") != "10,60,30" {
		t.Errorf("two steps at once: steps %s, order %s", j.steps(), j.data("order"))
	}
	j = runAfter(t, s, clock, j.JobID, 10*runStep)
	if j.Status != "FINISHED" || j.data("order") != "10,60,30,20,40,50" || j.Finished != j.after(5*runStep) {
		t.Errorf("dependency order: %s, order %s, finished %s", j.Status, j.data("order"), j.Finished)
	}

	// Steps that wait for each other never start: the job fails saying so.
	pipeline(t, s, "ACME_CYCLE", 20209,
		graphTask{Step: 10, Script: appendStep, Dependency: &dependencyDocument{Step: 20}},
		graphTask{Step: 20, Script: appendStep, Dependency: &dependencyDocument{Step: 10}},
	)
	j = startRun(t, s, "ACME_CYCLE")
	j = runAfter(t, s, clock, j.JobID, 10*runStep)
	if p := problemData(t, s, j.JobID); j.Status != "FAILED_TOTAL" || !strings.Contains(p, "Steps 10, 20 wait for each other") || j.data("order") != "" {
		t.Errorf("a dependency cycle: %s, problem %q", j.Status, p)
	}
}

func TestRunCleanupStepsRunAfterAFailureOnly(t *testing.T) {
	s, clock := runServer(t)
	yes := true
	pipeline(t, s, "ACME_CLEANUP", 20210,
		graphTask{Step: 10, Script: `if (job.getData("mode") === "fail") job.fatalFail("boom")`},
		graphTask{Step: 20, Script: `job.setData("main", "done")`},
		graphTask{Step: 900, Script: `job.setData("cleaned", job.getData("mode"))`, Cleanup: &yes},
		graphTask{Step: 910, Bean: "CleanupBean", Method: "removeTemporaryFiles", Cleanup: &yes},
	)
	ok := runAfter(t, s, clock, startRun(t, s, "ACME_CLEANUP", "mode=ok").JobID, 10*runStep)
	if ok.Status != "FINISHED" || ok.TotalSteps != 2 || ok.steps() != "10:FINISHED:1 20:FINISHED:1" || ok.data("cleaned") != "" {
		t.Errorf("a successful job runs no cleanup step: %s, %d steps: %s", ok.Status, ok.TotalSteps, ok.steps())
	}

	j := startRun(t, s, "ACME_CLEANUP", "mode=fail")
	j = runAfter(t, s, clock, j.JobID, 2*runStep+runStep/2)
	if j.Status != "STARTED" || j.TotalSteps != 4 || j.CurrentStep.Number != 3 || j.steps() != "10:FAILED_FATAL:1 900:STARTED:1" {
		t.Errorf("cleaning up after the failure: %s, %d steps, current %+v: %s", j.Status, j.TotalSteps, j.CurrentStep, j.steps())
	}
	j = runAfter(t, s, clock, j.JobID, 10*runStep)
	if j.Status != "FAILED_TOTAL" || j.steps() != "10:FAILED_FATAL:1 900:FINISHED:1 910:FINISHED:1" || j.data("cleaned") != "fail" ||
		j.data("main") != "" || j.Finished != j.after(4*runStep) {
		t.Errorf("a failed job runs its cleanup steps: %s, %s, data %v", j.Status, j.steps(), j.Data)
	}
	if p := problemData(t, s, j.JobID); p != "jobFailed errorMessage=boom step=10" {
		t.Errorf("problem: %q", p)
	}
}

func TestRunAbortStopsBetweenSteps(t *testing.T) {
	s, clock := runServer(t)
	yes := true
	pipeline(t, s, "ACME_ABORT", 20211,
		graphTask{Step: 10, Script: appendStep},
		graphTask{Step: 20, Script: appendStep},
		graphTask{Step: 30, Script: appendStep},
		graphTask{Step: 900, Script: appendStep, Cleanup: &yes},
	)
	// Aborted half-way through step 20: that step ends its try, 30 never starts, the cleanup
	// step runs; ABORTED_PENDING until then.
	j := startRun(t, s, "ACME_ABORT")
	clock.Advance(2*runStep + runStep/2)
	expect(t, s, 200, "DELETE", "/API/job/"+j.JobID+"?reason=superseded", nil)
	if j = getRun(t, s, j.JobID); j.Status != "ABORTED_PENDING" || j.steps() != "10:FINISHED:1 20:STARTED:1" {
		t.Errorf("right after the abort: %s, %s", j.Status, j.steps())
	}
	j = runAfter(t, s, clock, j.JobID, runStep)
	if j.Status != "ABORTED_PENDING" || j.steps() != "10:FINISHED:1 20:FINISHED:1 900:STARTED:1" {
		t.Errorf("cleaning up: %s, %s", j.Status, j.steps())
	}
	j = runAfter(t, s, clock, j.JobID, 10*runStep)
	if j.Status != "ABORTED" || j.data("order") != "10,20,900" || j.Finished != j.after(4*runStep) {
		t.Errorf("aborted: %s, order %s, finished %s", j.Status, j.data("order"), j.Finished)
	}
	if p := problemData(t, s, j.JobID); p != "" {
		t.Errorf("an abort by a user is no problem: %s", p)
	}
	expect(t, s, 200, "DELETE", "/API/job/"+j.JobID, nil) // an ended job: nothing changes
	if again := getRun(t, s, j.JobID); again.Status != "ABORTED" || again.Finished != j.Finished {
		t.Errorf("aborting again: %+v", again)
	}

	// A READY job aborted with cleanup=false is ABORTED at once and runs nothing; with cleanup
	// it runs the cleanup steps first.
	ready := startRun(t, s, "ACME_ABORT")
	expect(t, s, 200, "DELETE", "/API/job/"+ready.JobID+"?cleanup=false", nil)
	if j := runAfter(t, s, clock, ready.JobID, 0); j.Status != "ABORTED" || j.steps() != "" || j.Finished != j.Started {
		t.Errorf("READY, cleanup=false: %s, %s", j.Status, j.steps())
	}
	ready = startRun(t, s, "ACME_ABORT")
	expect(t, s, 200, "DELETE", "/API/job/"+ready.JobID, nil)
	if j := runAfter(t, s, clock, ready.JobID, 10*runStep); j.Status != "ABORTED" || j.steps() != "900:FINISHED:1" {
		t.Errorf("READY, cleanup: %s, %s", j.Status, j.steps())
	}
}

func TestRunInterruptsALongScript(t *testing.T) {
	s, clock := runServer(t)
	pipeline(t, s, "ACME_SLOW", 20212, graphTask{Step: 10, Script: `if (!job.containsKey("looped")) { job.setData("looped", "yes"); while (true) {} }
job.setData("second", "try")`})
	j := startRun(t, s, "ACME_SLOW")
	began := time.Now()
	j = runAfter(t, s, clock, j.JobID, 2*runStep+runStep/2)
	if took := time.Since(began); took < scriptTimeout || took > 5*time.Second {
		t.Errorf("the looping try took %s", took)
	}
	task := j.task(10)
	if task.Status != "STARTED" || task.Attempts != 2 || task.ErrorMessage != "the script ran longer than 250ms and was interrupted" || j.data("looped") != "yes" {
		t.Errorf("after the interrupted try: %+v, data %v", task, j.Data)
	}
	j = runAfter(t, s, clock, j.JobID, runStep)
	if j.Status != "FINISHED" || j.data("second") != "try" || j.steps() != "10:FINISHED:2" {
		t.Errorf("the second try: %s, %s", j.Status, j.steps())
	}
}

func TestRunBeanStepsNeedAKnownBean(t *testing.T) {
	clock := NewManualClock(epoch)
	s := startServer(t, Options{Clock: clock, StepDuration: runStep, Beans: map[string][]string{"StitchBean": {"stitch"}}})
	pipeline(t, s, "ACME_BEANS", 20213,
		graphTask{Step: 10, Bean: "StitchBean", Method: "stitch"},
		graphTask{Step: 20, Script: `job.setData("after", "ran")`},
	)
	pipeline(t, s, "ACME_NO_BEAN", 20214, graphTask{Step: 10, Bean: "TranscodeBean", Method: "transcode"})
	pipeline(t, s, "ACME_NO_METHOD", 20215, graphTask{Step: 10, Bean: "StitchBean", Method: "unstitch"})

	if j := runAfter(t, s, clock, startRun(t, s, "ACME_BEANS").JobID, 10*runStep); j.Status != "FINISHED" || j.data("after") != "ran" {
		t.Errorf("a known bean: %s, %s", j.Status, j.steps())
	}
	for typ, want := range map[string]string{"ACME_NO_BEAN": "Could not resolve bean TranscodeBean", "ACME_NO_METHOD": "Bean StitchBean has no method unstitch"} {
		j := runAfter(t, s, clock, startRun(t, s, typ).JobID, 10*runStep)
		if j.Status != "FAILED_TOTAL" || j.task(10).ErrorMessage != want {
			t.Errorf("%s: %s, %+v", typ, j.Status, j.task(10))
		}
	}
}

func TestImmediatePriorityNeedsSuperAccess(t *testing.T) {
	s := startServer(t, Options{})
	r := expect(t, s, 403, "POST", "/API/job?type=TRANSCODE&priority=IMMEDIATE", nil, "RunAs", "alice")
	if f := errorDocument(t, r)["forbidden"]; f == nil || !strings.Contains(fmt.Sprint(f["explanation"]), "_super_access_user") {
		t.Errorf("refusal: %s", r.body)
	}
	expect(t, s, 200, "POST", "/API/job?type=TRANSCODE&priority=HIGHEST", nil, "RunAs", "alice")
	var j testJob
	expect(t, s, 200, "POST", "/API/job?type=TRANSCODE&priority=IMMEDIATE", nil).decode(t, &j)
	if j.Priority != "IMMEDIATE" {
		t.Errorf("admin's IMMEDIATE job: %+v", j)
	}
}

// TestRunOnTheRealClock: with the standalone mock's step duration, a three-step job ends
// within a second of wall time.
func TestRunOnTheRealClock(t *testing.T) {
	s := startServer(t, Options{Clock: newRealClock(), StepDuration: 100 * time.Millisecond})
	pipeline(t, s, "ACME_QUICK", 20216,
		graphTask{Step: 10, Script: `job.setData("a", "1")`},
		graphTask{Step: 20, Script: `job.setData("b", Number(job.getData("a")) + 1)`},
		graphTask{Step: 30, Bean: "TranscodeBean", Method: "transcode"},
	)
	began := time.Now()
	j := startRun(t, s, "ACME_QUICK")
	for time.Since(began) < 5*time.Second {
		if j = getRun(t, s, j.JobID); isTerminal(j.Status) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// READY for one step, then three: 400 ms of server time, however late the test looked.
	if j.Status != "FINISHED" || j.data("b") != "2" || j.Finished != j.after(400*time.Millisecond) {
		t.Errorf("after %s: %s, data %v, started %s, finished %s", time.Since(began), j.Status, j.Data, j.Started, j.Finished)
	}
}
