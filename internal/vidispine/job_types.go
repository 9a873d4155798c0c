package vidispine

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
)

// BuiltinJobTypes is the union of the built-in types the sources name. The authoritative
// list of a server, custom types included, is ListJobTypes.
var BuiltinJobTypes = []string{
	"NONE", "IMPORT", "PLACEHOLDER_IMPORT", "RAW_IMPORT", "AUTO_IMPORT", "SHAPE_IMPORT",
	"SIDECAR_IMPORT", "ESSENCE_VERSION", "TRANSCODE", "RAW_TRANSCODE", "TRANSCODE_RANGE",
	"CONFORM", "TIMELINE", "THUMBNAIL", "ANALYZE", "SHAPE_UPDATE", "EXPORT", "COPY_FILE",
	"MOVE_FILE", "DELETE_FILE", "LIST_ITEMS", "ARCHIVE", "RESTORE", "FCS_RESTORE",
	"DELETE_LIBRARY", "UPDATE_LIBRARY_ITEM_METADATA", "DELETE_USER", "OTIF_ANALYZE",
	"VXA_INITIALIZE", "FILE_ANALYZE", "IMF_ANALYZE", "TEST_TRANSFER",
}

// jobTypePath is the path of one job type; its steps (task definitions) are below it.
func jobTypePath(name string) string { return "/task-definition/jobtype/" + url.PathEscape(name) }

// ListJobTypes lists every job type the server knows, built-in and custom.
//
// GET /API/jobtype
func (c *Client) ListJobTypes(ctx context.Context) ([]string, error) {
	var list uriList
	if err := c.do(ctx, &request{method: "GET", path: "/jobtype"}, &list); err != nil {
		return nil, err
	}
	return list.ids(), nil
}

// CreateJobType creates a custom job type with a numeric id (20000–30000), sent as the id
// query parameter. An existing type of that name is refused with an IsConflict error. The
// POST is never repeated blindly: after an unclear failure the list of job types is checked
// first.
//
// GET /API/jobtype
// POST /API/task-definition/jobtype/{type}
func (c *Client) CreateJobType(ctx context.Context, name string, id int) error {
	path := jobTypePath(name)
	exists := func(ctx context.Context) (bool, error) {
		types, err := c.ListJobTypes(ctx)
		return slices.Contains(types, name), err
	}
	already, err := exists(ctx)
	if err != nil {
		return err
	}
	if already {
		return &APIError{
			Kind: KindConflict, Method: "POST", Path: c.basePath() + path,
			Explanation: fmt.Sprintf("job type %s already exists", name),
		}
	}
	q := url.Values{"id": {strconv.Itoa(id)}}
	_, err = c.postOnce(ctx, &request{method: "POST", path: path, query: q}, nil, exists)
	return err
}

// DeleteJobType deletes a custom job type (built-in types cannot be deleted). Cut off by
// Terraform's stop, it lists the job types to tell whether it is gone (write).
//
// DELETE /API/task-definition/jobtype/{type}
// GET /API/jobtype
func (c *Client) DeleteJobType(ctx context.Context, name string) error {
	gone := func(ctx context.Context) (bool, error) {
		types, err := c.ListJobTypes(ctx)
		return err == nil && !slices.Contains(types, name), err
	}
	return c.write(ctx, &request{method: "DELETE", path: jobTypePath(name)}, nil, gone)
}

// JobTypeGraphDOT fetches the step graph of a job type in Graphviz DOT (text/vnd.graphviz;
// the server requires the _administrator role). The text is returned as the server sent it.
//
// GET /API/task-definition/jobtype/{type}/graph/dot
func (c *Client) JobTypeGraphDOT(ctx context.Context, jobType string) (string, error) {
	return c.getText(ctx, jobTypePath(jobType)+"/graph/dot", "text/vnd.graphviz, text/plain")
}
