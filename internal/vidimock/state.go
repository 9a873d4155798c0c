package vidimock

import (
	"slices"
	"strconv"
	"time"
)

// state is everything the server holds; Server.mu guards it.
type state struct {
	users  map[string]*user
	tokens map[string]*token

	jobs        []*job // ordered by id number
	nextJob     int
	nextProblem int64
	running     []*job              // jobs whose run has not ended (job_run.go)
	readyFor    time.Duration       // how long a job started through the API stays READY
	stepFor     time.Duration       // how long each try of its steps takes
	beans       map[string][]string // the beans bean steps resolve (Options.Beans)

	taskDefinitions    []*taskDefinition // ordered by id
	nextTaskDefinition int
	customTypes        []customType

	notifications      []*storedNotification // ordered by id number
	nextNotification   int
	httpTimeoutMissing string // Options.HTTPTimeoutMissing

	jobPools             jobPoolList                      // job_pools.go; the zero value is the unset configuration
	taskGroups           map[string]*taskGroup            // task_groups.go, by name
	defaultJobPriorities defaultJobPriorities             // default_job_priorities.go
	properties           map[string]configurationProperty // configuration_properties.go, by key
}

type customType struct {
	name string
	id   int
}

// Job life cycle of jobs started through the API when Options.StepDuration is 0: READY for a
// second, then two seconds per step.
const (
	apiReadyFor = time.Second
	apiStepFor  = 2 * time.Second
)

// mockOutcomes are the values of the job-data key mockOutcome that make a started job end
// other than FINISHED.
var mockOutcomes = []string{"FINISHED", "FINISHED_WARNING", "FAILED_TOTAL", "ABORTED"}

// job finds a job by the number of its id.
func (st *state) job(num int) *job {
	i, ok := slices.BinarySearchFunc(st.jobs, num, func(j *job, n int) int { return j.num - n })
	if !ok {
		return nil
	}
	return st.jobs[i]
}

func (st *state) jobTypeExists(name string) bool {
	return slices.Contains(builtinJobTypes, name) || st.customType(name) != nil
}

func (st *state) customType(name string) *customType {
	for i := range st.customTypes {
		if st.customTypes[i].name == name {
			return &st.customTypes[i]
		}
	}
	return nil
}

func (st *state) jobTypeNames() []string {
	names := slices.Clone(builtinJobTypes)
	for _, ct := range st.customTypes {
		names = append(names, ct.name)
	}
	return names
}

// genericSteps is what a job runs when its type has no task definitions.
var genericSteps = []jobStep{{100, "Preparing"}, {200, "Processing"}, {300, "Finishing"}}

// stepsFor returns the steps a seeded job of type typ shows: its non-cleanup task definitions
// in step order, or the three generic steps.
func (st *state) stepsFor(typ string) []jobStep {
	var steps []jobStep
	for _, td := range st.taskDefinitionsOfType(typ) {
		if td.Cleanup == nil || !*td.Cleanup {
			steps = append(steps, jobStep{*td.Step, td.Description})
		}
	}
	if len(steps) == 0 {
		return genericSteps
	}
	return steps
}

// startJob creates a READY job that runs its type's steps on the server clock (job_run.go).
// The job data key mockOutcome=FAILED_TOTAL or ABORTED makes its last non-cleanup step fail
// fatally; FINISHED_WARNING makes a successful run end so.
func (st *state) startJob(typ, userName, priority string, data []keyValue, now time.Time) *job {
	st.nextJob++
	j := &job{num: st.nextJob, typ: typ, user: userName, priority: priority, created: now, outcome: "FINISHED",
		data: data, run: st.newRun(typ, now)}
	if o := j.dataValue("mockOutcome"); slices.Contains(mockOutcomes, o) {
		j.outcome = o
	}
	st.jobs = append(st.jobs, j)
	st.running = append(st.running, j)
	return j
}

func (st *state) newProblem(typ string, j *job, data ...keyValue) *problemDocument {
	st.nextProblem++
	return &problemDocument{ID: st.nextProblem, Type: typ, Data: data, Job: []string{j.id()}}
}

func itoa(n int) string { return strconv.Itoa(n) }
