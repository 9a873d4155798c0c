package vidispine

import (
	"context"
	"strconv"
)

// ValidateTaskDefinition asks the server whether the bean of task definition id resolves and
// has its method: GET /API/task-definition/{id}/validate (text/plain). It returns the server's
// informational text. A bean or method that does not resolve is an IsInvalidInput error
// (HTTP 400) carrying the server's reason; a script step always passes.
func (c *Client) ValidateTaskDefinition(ctx context.Context, id int) (string, error) {
	return c.getText(ctx, "/task-definition/"+strconv.Itoa(id)+"/validate", "text/plain")
}

// ValidateTaskDefinitionByStep is ValidateTaskDefinition for one step of a job type:
// GET /API/task-definition/jobtype/{type}/step/{step}/validate (text/plain).
func (c *Client) ValidateTaskDefinitionByStep(ctx context.Context, jobType string, step int) (string, error) {
	return c.getText(ctx, stepPath(jobType, step)+"/validate", "text/plain")
}
