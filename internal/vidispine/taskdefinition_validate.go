package vidispine

import (
	"context"
	"net/url"
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

// JobTypeGraphDOT fetches the step graph of a job type in Graphviz DOT:
// GET /API/task-definition/jobtype/{type}/graph/dot (text/vnd.graphviz; the server requires
// the _administrator role). The text is returned as the server sent it.
func (c *Client) JobTypeGraphDOT(ctx context.Context, jobType string) (string, error) {
	path := "/task-definition/jobtype/" + url.PathEscape(jobType) + "/graph/dot"
	return c.getText(ctx, path, "text/vnd.graphviz, text/plain")
}

// getText GETs a text resource and returns its body untouched (do trims a string answer).
func (c *Client) getText(ctx context.Context, path, accept string) (string, error) {
	cl := c.newCall(ctx, &request{method: "GET", path: path, accept: accept})
	resp, err := cl.send()
	if err != nil {
		return "", err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", cl.apiError(resp)
	}
	return string(cl.body), nil
}
