package vidispine

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ListTaskDefinitions lists the steps of one job type (GET /task-definition/jobtype/{type}).
func (c *Client) ListTaskDefinitions(ctx context.Context, jobType string) ([]TaskDefinition, error) {
	var list taskDefinitionList
	path := "/task-definition/jobtype/" + url.PathEscape(jobType)
	if err := c.do(ctx, &request{method: "GET", path: path}, &list); err != nil {
		return nil, err
	}
	return list.Task, nil
}

// GetTaskDefinition fetches a task definition by id (GET /task-definition/{id}).
func (c *Client) GetTaskDefinition(ctx context.Context, id int) (*TaskDefinition, error) {
	return c.getTaskDefinition(ctx, "/task-definition/"+strconv.Itoa(id))
}

// GetTaskDefinitionByStep fetches the task definition of one step of a job type
// (GET /task-definition/jobtype/{type}/step/{step}).
func (c *Client) GetTaskDefinitionByStep(ctx context.Context, jobType string, step int) (*TaskDefinition, error) {
	return c.getTaskDefinition(ctx, stepPath(jobType, step))
}

func stepPath(jobType string, step int) string {
	return "/task-definition/jobtype/" + url.PathEscape(jobType) + "/step/" + strconv.Itoa(step)
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

// lookupStep is the StepLookup of a single request:
// GET /API/task-definition/jobtype/{type}/step/{step}.
func (c *Client) lookupStep(ctx context.Context, jobType string, step int, _ bool) (*TaskDefinition, error) {
	td, err := c.GetTaskDefinitionByStep(ctx, jobType, step)
	if IsNotFound(err) {
		return nil, nil
	}
	return td, err
}

// CreateTaskDefinition adds a step to a job type (POST /API/task-definition) and returns it
// as stored (GET /API/task-definition/{id}). A step that lookup (nil: one GET of the step)
// finds taken is refused with an IsConflict error naming its id. The POST is never repeated
// blindly: after an unclear failure the step is looked up afresh first.
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
			Kind: KindConflict, Method: "POST", Path: c.basePath() + "/task-definition",
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
	posted, err := c.postOnce(ctx, &request{method: "POST", path: "/task-definition", body: body}, &ids, verify)
	if err != nil {
		return nil, err
	}
	if !posted {
		return found, nil
	}
	if list := ids.ids(); len(list) > 0 {
		if id, err := strconv.Atoi(list[0]); err == nil {
			stored, err := c.GetTaskDefinition(ctx, id)
			if err != nil {
				// The step exists now: an error here would leave it on the server unmanaged,
				// and the next plan would refuse its step as taken. Hand back what was sent,
				// with its id; the next refresh reads the server's document.
				tflog.Warn(ctx, "task definition created, but reading it back failed; keeping the document as sent",
					map[string]any{"id": id, "error": err.Error()})
				td.ID = id
				return &td, nil
			}
			return stored, nil
		}
	}
	return c.GetTaskDefinitionByStep(ctx, td.JobType, td.Step)
}

// UpdateTaskDefinition changes task definition id and returns it as stored. It starts from
// the server's current document (GET /task-definition/{id}), lets change set the fields the
// caller manages, and writes the whole document back (PUT /task-definition/{id}), so metadata
// and members the client does not model survive.
func (c *Client) UpdateTaskDefinition(ctx context.Context, id int, change func(*TaskDefinition)) (*TaskDefinition, error) {
	td, err := c.GetTaskDefinition(ctx, id)
	if err != nil {
		return nil, err
	}
	change(td)
	td.ID = id
	var out TaskDefinition
	path := "/task-definition/" + strconv.Itoa(id)
	if err := c.do(ctx, &request{method: "PUT", path: path, body: td}, &out); err != nil {
		return nil, err
	}
	if out.ID == 0 && out.JobType == "" {
		return c.GetTaskDefinition(ctx, id) // a server that answers PUT with an empty body
	}
	return &out, nil
}

// DeleteTaskDefinition deletes a task definition.
func (c *Client) DeleteTaskDefinition(ctx context.Context, id int) error {
	return c.do(ctx, &request{method: "DELETE", path: "/task-definition/" + strconv.Itoa(id)}, nil)
}
