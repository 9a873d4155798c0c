package vidispine

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
)

// TaskDefinition is a TaskDefinitionDocument: one step of a job type. A step runs either a
// Java bean method (Bean, Method, Plugin) or a JavaScript (Script). A document read from the
// server writes back the members the client does not model unchanged (see members.go), so
// an update that starts from the stored document (UpdateTaskDefinition) never drops them.
type TaskDefinition struct {
	ID                 int             `json:"id,omitempty"`
	Description        string          `json:"description,omitempty"`
	Extradata          string          `json:"extradata,omitempty"`
	Flags              *int            `json:"flags,omitempty"`
	Bean               string          `json:"bean,omitempty"`
	Method             string          `json:"method,omitempty"`
	Plugin             *bool           `json:"plugin,omitempty"`
	Script             string          `json:"script,omitempty"`
	Step               int             `json:"step"`
	Dependency         *TaskDependency `json:"dependency,omitempty"`
	ParallelDependency *TaskDependency `json:"parallelDependency,omitempty"`
	JobType            string          `json:"jobType"`
	Cleanup            *bool           `json:"cleanup,omitempty"`
	Critical           *bool           `json:"critical,omitempty"`
	Metadata           *SimpleMetadata `json:"metadata,omitempty"`

	raw json.RawMessage // the server's document; nil for one built by the caller
}

func (td *TaskDefinition) UnmarshalJSON(b []byte) error {
	type plain TaskDefinition
	aux := struct {
		*plain
		ID       flexInt   `json:"id"`
		Step     flexInt   `json:"step"`
		Flags    *flexInt  `json:"flags"`
		Plugin   *flexBool `json:"plugin"`
		Cleanup  *flexBool `json:"cleanup"`
		Critical *flexBool `json:"critical"`
	}{plain: (*plain)(td)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	td.ID, td.Step = int(aux.ID), int(aux.Step)
	td.Flags, td.Plugin = intPtr(aux.Flags), boolPtr(aux.Plugin)
	td.Cleanup, td.Critical = boolPtr(aux.Cleanup), boolPtr(aux.Critical)
	td.raw = append(json.RawMessage(nil), b...)
	return nil
}

func (td TaskDefinition) MarshalJSON() ([]byte, error) {
	type plain TaskDefinition
	b, err := json.Marshal(plain(td))
	if err != nil || td.raw == nil {
		return b, err
	}
	return mergeDocument(td.raw, b, taskDefinitionMembers)
}

// taskDefinitionMembers is what TaskDefinition models of a TaskDefinitionDocument.
var taskDefinitionMembers = docObject(map[string]*docMembers{
	"dependency":         docObject(nil, "step", "previous", "allPrevious"),
	"parallelDependency": docObject(nil, "step", "previous", "allPrevious"),
	"metadata":           docObject(nil, "field"),
}, "id", "description", "extradata", "flags", "bean", "method", "plugin", "script", "step", "jobType", "cleanup", "critical")

// TaskDependency says when a step may start: after step Step, after the previous step, or
// after all previous steps. Each member is optional and sent only when set: what a server
// makes of a missing one (or of step 0) is its own business.
type TaskDependency struct {
	Step        *int  `json:"step,omitempty"`
	Previous    *bool `json:"previous,omitempty"`
	AllPrevious *bool `json:"allPrevious,omitempty"`
}

func (d *TaskDependency) UnmarshalJSON(b []byte) error {
	var aux struct {
		Step        *flexInt  `json:"step"`
		Previous    *flexBool `json:"previous"`
		AllPrevious *flexBool `json:"allPrevious"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*d = TaskDependency{Step: intPtr(aux.Step), Previous: boolPtr(aux.Previous), AllPrevious: boolPtr(aux.AllPrevious)}
	return nil
}

// SimpleMetadata is a SimpleMetadataDocument: key/value pairs.
type SimpleMetadata struct {
	Field flexList[KeyValue] `json:"field,omitempty"`
}

type taskDefinitionList struct {
	Task flexList[TaskDefinition] `json:"task,omitempty"`
}

// ListTaskDefinitions lists the steps of one job type.
//
// GET /API/task-definition/jobtype/{type}
func (c *Client) ListTaskDefinitions(ctx context.Context, jobType string) ([]TaskDefinition, error) {
	var list taskDefinitionList
	if err := c.do(ctx, &request{method: "GET", path: jobTypePath(jobType)}, &list); err != nil {
		return nil, err
	}
	return list.Task, nil
}

// GetTaskDefinition fetches a task definition by id.
//
// GET /API/task-definition/{id}
func (c *Client) GetTaskDefinition(ctx context.Context, id int) (*TaskDefinition, error) {
	return c.getTaskDefinition(ctx, taskDefinitionPath(id))
}

// GetTaskDefinitionByStep fetches the task definition of one step of a job type.
//
// GET /API/task-definition/jobtype/{type}/step/{step}
func (c *Client) GetTaskDefinitionByStep(ctx context.Context, jobType string, step int) (*TaskDefinition, error) {
	return c.getTaskDefinition(ctx, taskDefinitionStepPath(jobType, step))
}

// taskDefinitionListPath is the collection of task definitions; new ones are posted to it.
const taskDefinitionListPath = "/task-definition"

// taskDefinitionPath is the path of one task definition by id.
func taskDefinitionPath(id int) string { return taskDefinitionListPath + "/" + strconv.Itoa(id) }

// taskDefinitionStepPath is the path of the task definition of one step of a job type.
func taskDefinitionStepPath(jobType string, step int) string {
	return jobTypePath(jobType) + "/step/" + strconv.Itoa(step)
}

func (c *Client) getTaskDefinition(ctx context.Context, path string) (*TaskDefinition, error) {
	var td TaskDefinition
	if err := c.do(ctx, &request{method: "GET", path: path}, &td); err != nil {
		return nil, err
	}
	return &td, nil
}

// StepLookup finds the task definition that holds step of jobType, nil when the step is
// free. With fresh it asks the server for its current state (the look-up after a POST whose
// outcome is unknown); otherwise an answer remembered from earlier in the run may do.
type StepLookup func(ctx context.Context, jobType string, step int, fresh bool) (*TaskDefinition, error)

// lookupStep is the StepLookup of a single request.
//
// GET /API/task-definition/jobtype/{type}/step/{step}
func (c *Client) lookupStep(ctx context.Context, jobType string, step int, _ bool) (*TaskDefinition, error) {
	td, err := c.GetTaskDefinitionByStep(ctx, jobType, step)
	if IsNotFound(err) {
		return nil, nil
	}
	return td, err
}

// CreateTaskDefinition adds a step to a job type and returns it as stored. A step that
// lookup (nil: one GET of the step) finds taken is refused with an IsConflict error naming its
// id. The POST is never repeated blindly: after an unclear failure the step is looked up
// afresh first. A server that answers the POST without the new id is asked for the step.
//
// GET /API/task-definition/jobtype/{type}/step/{step}
// POST /API/task-definition
// GET /API/task-definition/{id}
func (c *Client) CreateTaskDefinition(ctx context.Context, td TaskDefinition, lookup StepLookup) (*TaskDefinition, error) {
	if lookup == nil {
		lookup = c.lookupStep
	}
	existing, err := lookup(ctx, td.JobType, td.Step, false)
	switch {
	case err != nil:
		return nil, err
	case existing != nil:
		return nil, &APIError{
			Kind: KindConflict, Method: "POST", Path: c.basePath() + taskDefinitionListPath,
			Explanation: fmt.Sprintf("job type %s already has a step %d (task definition id %d)", td.JobType, td.Step, existing.ID),
		}
	}

	var found *TaskDefinition
	verify := func(ctx context.Context) (bool, error) {
		var err error
		found, err = lookup(ctx, td.JobType, td.Step, true)
		return found != nil, err
	}
	td.ID = 0
	var ids uriList
	body := taskDefinitionList{Task: []TaskDefinition{td}}
	posted, err := c.postOnce(ctx, &request{method: "POST", path: taskDefinitionListPath, body: body}, &ids, verify)
	if err != nil {
		return nil, err
	}
	if !posted {
		return found, nil
	}
	if list := ids.ids(); len(list) > 0 {
		if id, err := strconv.Atoi(list[0]); err == nil {
			stored, err := c.GetTaskDefinition(ctx, id)
			td.ID = id
			return storedOrSent(ctx, "task definition", id, stored, err, &td), nil
		}
	}
	return c.GetTaskDefinitionByStep(ctx, td.JobType, td.Step)
}

// UpdateTaskDefinition changes task definition id and returns it as stored. It starts from
// the server's current document, lets change set the fields the caller manages, and writes the
// whole document back, so metadata and members the client does not model survive. Cut off by
// Terraform's stop, it reads the document back to tell whether the change was made (write).
//
// GET /API/task-definition/{id}
// PUT /API/task-definition/{id}
func (c *Client) UpdateTaskDefinition(ctx context.Context, id int, change func(*TaskDefinition)) (*TaskDefinition, error) {
	td, err := c.GetTaskDefinition(ctx, id)
	if err != nil {
		return nil, err
	}
	change(td)
	td.ID = id
	var out TaskDefinition
	read := func(ctx context.Context) (*TaskDefinition, error) { return c.GetTaskDefinition(ctx, id) }
	if err := c.write(ctx, &request{method: "PUT", path: taskDefinitionPath(id), body: td}, &out, putVerify(read, td, &out)); err != nil {
		return nil, err
	}
	if out.ID == 0 && out.JobType == "" {
		return c.GetTaskDefinition(ctx, id) // a server that answers PUT with an empty body
	}
	return &out, nil
}

// DeleteTaskDefinition deletes a task definition. Cut off by Terraform's stop, it looks whether
// the task definition is gone (write).
//
// DELETE /API/task-definition/{id}
// GET /API/task-definition/{id}
func (c *Client) DeleteTaskDefinition(ctx context.Context, id int) error {
	read := func(ctx context.Context) (*TaskDefinition, error) { return c.GetTaskDefinition(ctx, id) }
	return c.write(ctx, &request{method: "DELETE", path: taskDefinitionPath(id)}, nil, deleteVerify(read))
}

// ValidateTaskDefinition asks the server whether the bean of task definition id resolves and
// has its method (the answer is text/plain). It returns the server's informational text. A
// bean or method that does not resolve is an IsInvalidInput error (HTTP 400) carrying the
// server's reason; a script step always passes.
//
// GET /API/task-definition/{id}/validate
func (c *Client) ValidateTaskDefinition(ctx context.Context, id int) (string, error) {
	return c.getText(ctx, taskDefinitionPath(id)+"/validate", "text/plain")
}

// ValidateTaskDefinitionByStep is ValidateTaskDefinition for one step of a job type.
//
// GET /API/task-definition/jobtype/{type}/step/{step}/validate
func (c *Client) ValidateTaskDefinitionByStep(ctx context.Context, jobType string, step int) (string, error) {
	return c.getText(ctx, taskDefinitionStepPath(jobType, step)+"/validate", "text/plain")
}
