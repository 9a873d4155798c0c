package vidimock

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
)

// taskDefinition is a TaskDefinitionDocument as stored and answered. The server fills two
// defaults when they are left out: critical=true and cleanup=false; everything else is kept as
// sent, members the mock does not interpret included (a PUT replaces the whole document, so a
// client that leaves metadata out of a PUT erases it, as on a real server).
type taskDefinition struct {
	ID                 int             `json:"id"`
	Description        string          `json:"description,omitempty"`
	Extradata          string          `json:"extradata,omitempty"`
	Flags              *int            `json:"flags,omitempty"`
	Bean               string          `json:"bean,omitempty"`
	Method             string          `json:"method,omitempty"`
	Plugin             *bool           `json:"plugin,omitempty"`
	Script             string          `json:"script,omitempty"`
	Step               *int            `json:"step"`
	Dependency         *dependency     `json:"dependency,omitempty"`
	ParallelDependency *dependency     `json:"parallelDependency,omitempty"`
	JobType            string          `json:"jobType"`
	Cleanup            *bool           `json:"cleanup,omitempty"`
	Critical           *bool           `json:"critical,omitempty"`
	Metadata           json.RawMessage `json:"metadata,omitempty"`

	extra map[string]json.RawMessage // members the mock does not interpret, kept as sent
}

func (td *taskDefinition) UnmarshalJSON(b []byte) error {
	type plain taskDefinition
	if err := json.Unmarshal(b, (*plain)(td)); err != nil {
		return err
	}
	var err error
	td.extra, err = extraMembers(b, plain{})
	return err
}

func (td taskDefinition) MarshalJSON() ([]byte, error) {
	type plain taskDefinition
	return marshalWithExtra(plain(td), td.extra)
}

// dependency members are independent and optional (TaskDefinitionDependency in the 5.x
// specification); the mock stores only those sent.
type dependency struct {
	Step        *int  `json:"step,omitempty"`
	Previous    *bool `json:"previous,omitempty"`
	AllPrevious *bool `json:"allPrevious,omitempty"`
}

type taskDefinitionList struct {
	Task []*taskDefinition `json:"task,omitempty"`
}

// Custom job type ids must lie in this range.
const minCustomTypeID, maxCustomTypeID = 20000, 30000

var jobTypeNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

func (st *state) taskDefinitionsOfType(typ string) []*taskDefinition {
	var out []*taskDefinition
	for _, td := range st.taskDefinitions {
		if td.JobType == typ {
			out = append(out, td)
		}
	}
	slices.SortStableFunc(out, func(a, b *taskDefinition) int { return *a.Step - *b.Step })
	return out
}

func (st *state) taskDefinitionByStep(typ string, step int) *taskDefinition {
	for _, td := range st.taskDefinitions {
		if td.JobType == typ && *td.Step == step {
			return td
		}
	}
	return nil
}

func (st *state) taskDefinitionByID(id int) *taskDefinition {
	for _, td := range st.taskDefinitions {
		if td.ID == id {
			return td
		}
	}
	return nil
}

// checkTaskDefinition validates a task definition and fills the defaults; selfID is the id it
// replaces (0 for new).
func (st *state) checkTaskDefinition(td *taskDefinition, selfID int) *apiError {
	id := ""
	if selfID != 0 {
		id = itoa(selfID)
	}
	switch {
	case td.JobType == "":
		return errInvalid("task-definition", id, "", "jobType is required")
	case !st.jobTypeExists(td.JobType):
		return errInvalid("task-definition", id, td.JobType, "unknown job type "+strconv.Quote(td.JobType)+"; create a custom type with POST /API/task-definition/jobtype/{type}?id=")
	case td.Step == nil:
		return errInvalid("task-definition", id, "", "step is required")
	case *td.Step < 0:
		return errInvalid("task-definition", id, itoa(*td.Step), "step must be zero or greater")
	case !fitsInt32(td.Flags):
		return errInvalid("task-definition", id, itoa(*td.Flags), outOfRange("flags"))
	case td.Script != "" && (td.Bean != "" || td.Method != ""):
		return errInvalid("task-definition", id, "", "a task definition runs either a script or a bean and method, not both")
	case td.Script == "" && (td.Bean == "" || td.Method == ""):
		return errInvalid("task-definition", id, "", "a task definition needs a script, or both bean and method")
	}
	for name, n := range map[string]*int{"step": td.Step, "dependency.step": dependencyStep(td.Dependency),
		"parallelDependency.step": dependencyStep(td.ParallelDependency)} {
		if !fitsInt32(n) {
			return errInvalid("task-definition", id, itoa(*n), outOfRange(name))
		}
	}
	if other := st.taskDefinitionByStep(td.JobType, *td.Step); other != nil && other.ID != selfID {
		return errConflict("task-definition", itoa(other.ID), fmt.Sprintf("%s/%d", td.JobType, *td.Step),
			fmt.Sprintf("job type %s already has a task definition for step %d (id %d)", td.JobType, *td.Step, other.ID))
	}
	if td.Critical == nil {
		td.Critical = ptr(true)
	}
	if td.Cleanup == nil {
		td.Cleanup = ptr(false)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

func dependencyStep(d *dependency) *int {
	if d == nil {
		return nil
	}
	return d.Step
}

// listTaskDefinitions: GET /API/task-definition[?type=T].
func (c *call) listTaskDefinitions() {
	st := c.s.state
	if typ := c.query("type"); typ != "" {
		c.ok(taskDefinitionList{st.taskDefinitionsOfType(typ)})
		return
	}
	c.ok(taskDefinitionList{st.taskDefinitions})
}

// createTaskDefinitions: POST /API/task-definition with {"task":[...]}; all or nothing; answers
// the new ids.
func (c *call) createTaskDefinitions() {
	st := c.s.state
	var in taskDefinitionList
	if err := c.decode(&in); err != nil {
		c.fail(err)
		return
	}
	if len(in.Task) == 0 {
		c.fail(errInvalid("task-definition", "", "", "the document holds no task"))
		return
	}
	for i, td := range in.Task {
		if td == nil {
			c.fail(errInvalid("task-definition", "", "", "null task in the document"))
			return
		}
		if err := st.checkTaskDefinition(td, 0); err != nil {
			c.fail(err)
			return
		}
		for _, prev := range in.Task[:i] {
			if prev.JobType == td.JobType && *prev.Step == *td.Step {
				c.fail(errConflict("task-definition", "", fmt.Sprintf("%s/%d", td.JobType, *td.Step),
					fmt.Sprintf("the document defines step %d of job type %s twice", *td.Step, td.JobType)))
				return
			}
		}
	}
	var ids []string
	for _, td := range in.Task {
		st.nextTaskDefinition++
		td.ID = st.nextTaskDefinition
		st.taskDefinitions = append(st.taskDefinitions, td)
		ids = append(ids, itoa(td.ID))
	}
	c.ok(uriList{URI: ids})
}

// taskDefinitionFromPath resolves {id}: 400 when it is not an integer, 404 when unknown.
func (c *call) taskDefinitionFromPath() (*taskDefinition, *apiError) {
	raw := c.params["id"]
	id, err := strconv.Atoi(raw)
	if err != nil || id <= 0 || !fitsInt32(&id) {
		return nil, errInvalid("task-definition", raw, raw, "a task definition id is an integer between 1 and 2147483647")
	}
	td := c.s.state.taskDefinitionByID(id)
	if td == nil {
		return nil, errNotFound("task-definition", raw, "")
	}
	return td, nil
}

// stepFromPath resolves {type}/step/{step}: 400 for a bad step, 404 for an unknown type.
func (c *call) stepFromPath() (typ string, step int, _ *apiError) {
	typ, raw := c.params["type"], c.params["step"]
	step, err := strconv.Atoi(raw)
	if err != nil || step < 0 || !fitsInt32(&step) {
		return "", 0, errInvalid("task-definition", raw, raw, "a step is an integer between 0 and 2147483647")
	}
	if !c.s.state.jobTypeExists(typ) {
		return "", 0, errNotFound("job-type", typ, "")
	}
	return typ, step, nil
}

// taskDefinitionFromStepPath resolves {type}/step/{step} to its task definition: 400 for a bad
// step, 404 for an unknown type or a step the type does not have.
func (c *call) taskDefinitionFromStepPath() (*taskDefinition, *apiError) {
	typ, step, err := c.stepFromPath()
	if err != nil {
		return nil, err
	}
	td := c.s.state.taskDefinitionByStep(typ, step)
	if td == nil {
		return nil, errNotFound("task-definition", fmt.Sprintf("%s/%d", typ, step), "")
	}
	return td, nil
}

// A task definition has two addresses: its id (/API/task-definition/{id}) and its step
// (/API/task-definition/jobtype/{type}/step/{step}). The GET, DELETE and validate handlers of
// the two differ only in how they find it (taskDefinitionFromPath, taskDefinitionFromStepPath).

// withTaskDefinition answers find's error, or hands do the task definition it finds.
func (c *call) withTaskDefinition(find func() (*taskDefinition, *apiError), do func(*taskDefinition)) {
	if td, err := find(); err != nil {
		c.fail(err)
	} else {
		do(td)
	}
}

// getTaskDefinition: GET /API/task-definition/{id}.
func (c *call) getTaskDefinition() {
	c.withTaskDefinition(c.taskDefinitionFromPath, c.answerTaskDefinition)
}

// getTaskDefinitionByStep: GET /API/task-definition/jobtype/{type}/step/{step}.
func (c *call) getTaskDefinitionByStep() {
	c.withTaskDefinition(c.taskDefinitionFromStepPath, c.answerTaskDefinition)
}

// deleteTaskDefinition: DELETE /API/task-definition/{id}.
func (c *call) deleteTaskDefinition() {
	c.withTaskDefinition(c.taskDefinitionFromPath, c.removeTaskDefinition)
}

// deleteTaskDefinitionByStep: DELETE /API/task-definition/jobtype/{type}/step/{step}.
func (c *call) deleteTaskDefinitionByStep() {
	c.withTaskDefinition(c.taskDefinitionFromStepPath, c.removeTaskDefinition)
}

func (c *call) answerTaskDefinition(td *taskDefinition) { c.ok(td) }

func (c *call) removeTaskDefinition(td *taskDefinition) {
	c.s.state.taskDefinitions = slices.DeleteFunc(c.s.state.taskDefinitions, func(x *taskDefinition) bool { return x == td })
	c.empty()
}

// putTaskDefinition: PUT /API/task-definition/{id} replaces the document; a missing jobType or
// step keeps the old one.
func (c *call) putTaskDefinition() {
	c.withTaskDefinition(c.taskDefinitionFromPath, func(old *taskDefinition) { c.replaceTaskDefinition(old, "", nil) })
}

// replaceTaskDefinition stores the document of the request in place of old, or as a new task
// definition when old is nil; typ and step, when set, come from the path and win over the body.
func (c *call) replaceTaskDefinition(old *taskDefinition, typ string, step *int) {
	st := c.s.state
	var td taskDefinition
	if err := c.decode(&td); err != nil {
		c.fail(err)
		return
	}
	if typ != "" {
		td.JobType, td.Step = typ, step
	}
	if td.JobType == "" && old != nil {
		td.JobType = old.JobType
	}
	if td.Step == nil && old != nil {
		td.Step = old.Step
	}
	selfID := 0
	if old != nil {
		selfID = old.ID
	}
	if err := st.checkTaskDefinition(&td, selfID); err != nil {
		c.fail(err)
		return
	}
	if old != nil {
		td.ID = old.ID
		st.taskDefinitions[slices.Index(st.taskDefinitions, old)] = &td
	} else {
		st.nextTaskDefinition++
		td.ID = st.nextTaskDefinition
		st.taskDefinitions = append(st.taskDefinitions, &td)
	}
	c.ok(&td)
}

// putTaskDefinitionByStep: PUT /API/task-definition/jobtype/{type}/step/{step} replaces that step,
// or creates it when the job type has no such step yet. The path sets jobType and step.
func (c *call) putTaskDefinitionByStep() {
	typ, step, err := c.stepFromPath()
	if err != nil {
		c.fail(err)
		return
	}
	c.replaceTaskDefinition(c.s.state.taskDefinitionByStep(typ, step), typ, &step)
}

// listTaskDefinitionsOfType: GET /API/task-definition/jobtype/{type}, ordered by step; 404 for
// an unknown type.
func (c *call) listTaskDefinitionsOfType() {
	typ := c.params["type"]
	if !c.s.state.jobTypeExists(typ) {
		c.fail(errNotFound("job-type", typ, ""))
		return
	}
	c.ok(taskDefinitionList{c.s.state.taskDefinitionsOfType(typ)})
}

// createJobType: POST /API/task-definition/jobtype/{type}?id=N. Like the real server, an id
// outside 20000–30000 is answered 404 (the admin tool turns that 404 into the message below).
func (c *call) createJobType() {
	st := c.s.state
	name, raw := c.params["type"], c.query("id")
	if !jobTypeNamePattern.MatchString(name) {
		c.fail(errInvalid("job-type", name, name, "a job type name is a letter followed by letters, digits or underscores"))
		return
	}
	id, err := strconv.Atoi(raw)
	if err != nil {
		c.fail(errInvalid("job-type", name, raw, "id is required: an integer between 20000 and 30000"))
		return
	}
	if id < minCustomTypeID || id > maxCustomTypeID {
		c.fail(errNotFound("job-type", raw, "id must be between 20000 and 30000"))
		return
	}
	if slices.Contains(builtinJobTypes, name) {
		c.fail(errConflict("job-type", name, name, name+" is a system job type"))
		return
	}
	for _, ct := range st.customTypes {
		if ct.name == name {
			c.fail(errConflict("job-type", name, name, fmt.Sprintf("job type %s already exists (id %d)", name, ct.id)))
			return
		}
		if ct.id == id {
			c.fail(errConflict("job-type", raw, raw, fmt.Sprintf("id %d is already used by job type %s", id, ct.name)))
			return
		}
	}
	st.customTypes = append(st.customTypes, customType{name, id})
	c.ok(taskDefinitionList{})
}

// deleteJobType: DELETE /API/task-definition/jobtype/{type} removes a custom type and its steps.
func (c *call) deleteJobType() {
	st := c.s.state
	name := c.params["type"]
	if slices.Contains(builtinJobTypes, name) {
		c.fail(errInvalid("job-type", name, name, "system job types cannot be deleted"))
		return
	}
	if st.customType(name) == nil {
		c.fail(errNotFound("job-type", name, ""))
		return
	}
	st.customTypes = slices.DeleteFunc(st.customTypes, func(ct customType) bool { return ct.name == name })
	st.taskDefinitions = slices.DeleteFunc(st.taskDefinitions, func(td *taskDefinition) bool { return td.JobType == name })
	c.empty()
}
