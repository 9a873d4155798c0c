package provider

// Moving restapi_object resources of Mastercard/terraform-provider-restapi into this
// provider's resources (a `moved` block across providers, Terraform ≥ 1.8). This file holds
// what the target resources share: recognising what a restapi_object manages, and the
// StateMover around it (restapiMover). Each target's MoveState, in its resource file
// (vidispine_task_definition, vidispine_job_notification, vidispine_job_type), is its own part:
// what it requires of the recognised object and which attributes it sets.
//
// restapi keeps, in every major version (v1 and v2 on the plugin SDK, v3 on the plugin
// framework, all at schema version 0), the same attribute names: `id`, `path`, the
// `create_path`/`read_path`/`update_path`/`destroy_path` overrides, `object_id`,
// `id_attribute`, `query_string`, `data`, `api_response`, `create_response`, `api_data`, …
// Only the string attributes below are decoded; the others (and any a later version adds) are
// ignored, so the schema version is not checked.
//
// What the object is comes from the path restapi reads it at: its `read_path`, or `path` + "/"
// + the id (restapi's default), with `{id}` replaced by the id. Base URLs and a leading /API
// are tolerated, since users put them either in the provider's uri or in the paths. The move
// sets only the identifying attributes; the rest stays null and the resource's Read, which
// Terraform runs on the moved object during plan, fills in everything from the server.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

const restapiObjectType = "restapi_object"

// restapiKind is what a restapi_object manages on a Vidispine server.
type restapiKind string

const (
	restapiTaskDefinition  restapiKind = "a task definition"
	restapiJobNotification restapiKind = "a job notification"
	restapiJobType         restapiKind = "a custom job type"
)

// restapiObject is the part of a restapi_object state a move needs, and what it manages.
type restapiObject struct {
	readPath string // where restapi reads the object, as recorded

	kind          restapiKind
	taskID        int    // task definition id; 0 when unknown
	jobType       string // task definition's job type, or the custom job type's name
	step          int    // task definition's step; -1 when unknown
	notification  string // notification id
	jobTypeID     int    // custom job type id; 0 when unknown
	extraTaskIDs  int    // more task definitions in a {"task":[…]} body that only the first id tracks
	documentError string // why the recorded document does not fit the path, if it does not
}

// isRestapiObject tells whether a move request comes from restapi_object of
// Mastercard/terraform-provider-restapi (on any registry host).
func isRestapiObject(req resource.MoveStateRequest) bool {
	addr := strings.ToLower(req.SourceProviderAddress)
	return req.SourceTypeName == restapiObjectType && (addr == "mastercard/restapi" || strings.HasSuffix(addr, "/mastercard/restapi"))
}

// decodeRestapiObject reads a restapi_object state and recognises what it manages.
func decodeRestapiObject(raw []byte) (*restapiObject, error) {
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal(raw, &attrs); err != nil {
		return nil, fmt.Errorf("the restapi_object state is not a JSON object: %w", err)
	}
	str := func(name string) string {
		var s string
		_ = json.Unmarshal(attrs[name], &s) // null, absent or another type: empty
		return s
	}
	id := str("id")
	if id == "" {
		id = str("object_id")
	}
	readPath := str("read_path")
	if readPath == "" {
		readPath = strings.TrimSuffix(str("path"), "/") + "/{id}"
	}
	o := &restapiObject{readPath: strings.ReplaceAll(readPath, "{id}", id), step: -1}
	if id == "" {
		o.readPath = readPath
	}
	segs := vidispineSegments(o.readPath)
	readBackID := 0
	switch {
	case len(segs) == 2 && segs[0] == "task-definition":
		o.kind = restapiTaskDefinition
		o.taskID, _ = strconv.Atoi(segs[1])
	case len(segs) == 5 && segs[0] == "task-definition" && segs[1] == "jobtype" && segs[3] == "step":
		o.kind, o.jobType = restapiTaskDefinition, segs[2]
		if n, err := strconv.Atoi(segs[4]); err == nil && n >= 0 {
			o.step = n
		}
		// By step, the task definition's id is in the documents restapi read (below); failing
		// that, the object's id is the one restapi read back from the PUT's answer (id_attribute
		// "id"), unless it was set by hand (object_id) or stood for the step in the path.
		if str("object_id") == "" && !strings.Contains(readPath, "{id}") {
			readBackID, _ = strconv.Atoi(id)
		}
	case len(segs) == 3 && segs[0] == "task-definition" && segs[1] == "jobtype":
		o.kind, o.jobType = restapiJobType, segs[2]
		for _, s := range []string{str("query_string"), str("create_path"), str("path"), str("read_path")} {
			if o.jobTypeID = typeIDParam(s); o.jobTypeID > 0 {
				break
			}
		}
	case len(segs) == 3 && segs[0] == "job" && segs[1] == "notification":
		o.kind, o.notification = restapiJobNotification, segs[2]
	default:
		return o, nil
	}
	o.checkDocuments(str("api_response"), str("create_response"), str("data"))
	if o.kind == restapiTaskDefinition && o.taskID <= 0 {
		o.taskID = readBackID
	}
	return o, nil
}

// typeIDParam is the id= parameter of a query string or of a path with one (the custom job
// type's id, POST /API/task-definition/jobtype/{name}?id=N); 0 when there is none.
func typeIDParam(s string) int {
	if _, q, ok := strings.Cut(s, "?"); ok {
		s = q
	}
	v, err := url.ParseQuery(s)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(v.Get("id"))
	return n
}

// vidispineSegments returns the path segments after the API root ("/API", or the server root
// when the provider's uri already ends in /API), without base URL, query or empty segments.
func vidispineSegments(p string) []string {
	if u, err := url.Parse(p); err == nil {
		p = u.Path
	} else {
		p, _, _ = strings.Cut(p, "?")
	}
	var segs []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	for i, s := range segs {
		if s == "task-definition" || (s == "job" && i+1 < len(segs) && segs[i+1] == "notification") {
			return segs[i:]
		}
	}
	return segs
}

// checkDocuments takes what the recorded documents tell (the last read, the create answer,
// the data) about a task definition: its id, job type and step; and notes a document of
// another kind, or a {"task":[…]} body with more tasks than the one id restapi tracks.
func (o *restapiObject) checkDocuments(docs ...string) {
	for _, text := range docs {
		var doc map[string]json.RawMessage
		if json.Unmarshal([]byte(text), &doc) != nil {
			continue
		}
		_, hasTrigger := doc["trigger"]
		_, hasAction := doc["action"]
		_, hasJobType := doc["jobType"]
		switch {
		case o.kind != restapiJobNotification && hasTrigger && hasAction:
			o.documentError = "its document is a job notification (trigger and action)"
		case o.kind == restapiJobNotification && hasJobType:
			o.documentError = "its document is a task definition (jobType)"
		case o.kind == restapiTaskDefinition:
			// A TaskDefinitionListDocument body, or the URIListDocument answering it.
			var list struct {
				Task []json.RawMessage `json:"task"`
				URI  []string          `json:"uri"`
			}
			_ = json.Unmarshal([]byte(text), &list)
			o.extraTaskIDs = max(o.extraTaskIDs, len(list.Task)-1, len(list.URI)-1)
			if len(list.Task) > 0 {
				doc = nil
				_ = json.Unmarshal(list.Task[0], &doc)
			}
			o.takeTaskDocument(doc)
		}
	}
}

// takeTaskDocument fills what a TaskDefinitionDocument tells and the path did not.
func (o *restapiObject) takeTaskDocument(doc map[string]json.RawMessage) {
	num := func(name string) int {
		var n json.Number
		if json.Unmarshal(doc[name], &n) != nil {
			var s string
			if json.Unmarshal(doc[name], &s) != nil {
				return -1
			}
			n = json.Number(s)
		}
		v, err := strconv.Atoi(n.String())
		if err != nil {
			return -1
		}
		return v
	}
	var jobType string
	_ = json.Unmarshal(doc["jobType"], &jobType)
	step, id := num("step"), num("id")
	if o.jobType != "" && jobType != "" && jobType != o.jobType || o.step >= 0 && step >= 0 && step != o.step {
		return // a document of another step (e.g. data written before a renumbering)
	}
	if o.taskID > 0 && id > 0 && id != o.taskID {
		return
	}
	if o.taskID <= 0 && id > 0 {
		o.taskID = id
	}
	if o.jobType == "" {
		o.jobType = jobType
	}
	if o.step < 0 && step >= 0 {
		o.step = step
	}
}

// describe names a recognised object for diagnostics.
func (o *restapiObject) describe() string {
	switch o.kind {
	case restapiTaskDefinition:
		if o.jobType != "" && o.step >= 0 {
			return fmt.Sprintf("%s (step %d of job type %s)", o.kind, o.step, o.jobType)
		}
		return string(o.kind)
	case restapiJobNotification:
		return fmt.Sprintf("%s (%s)", o.kind, o.notification)
	case restapiJobType:
		return fmt.Sprintf("%s (%s)", o.kind, o.jobType)
	}
	return "not an object this provider manages"
}

// restapiMover is the StateMover of a resource that takes over restapi objects of one kind;
// set writes the identifying attributes of o into the target state.
func restapiMover(target string, want restapiKind, set func(context.Context, *restapiObject, *tfsdk.State) diag.Diagnostics) resource.StateMover {
	return resource.StateMover{StateMover: func(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
		if !isRestapiObject(req) || req.SourceRawState == nil {
			return // not ours: the framework reports that no mover matched
		}
		o, err := decodeRestapiObject(req.SourceRawState.JSON)
		if err != nil {
			addCannotMove(&resp.Diagnostics, target, err.Error())
			return
		}
		where := fmt.Sprintf("The restapi_object reads its object at %q", o.readPath)
		switch {
		case o.kind != want:
			addCannotMove(&resp.Diagnostics, target, fmt.Sprintf(
				"%s: that is %s, but %s manages %s. Move it into the resource for what it is, or keep it as a "+
					"restapi_object (see the guide \"Migrating from restapi_object\").", where, o.describe(), target, want))
			return
		case o.documentError != "":
			addCannotMove(&resp.Diagnostics, target, fmt.Sprintf(
				"%s, which is %s, but %s. Check what the restapi_object manages before moving it.", where, o.describe(), o.documentError))
			return
		}
		resp.Diagnostics.Append(set(ctx, o, &resp.TargetState)...)
		if o.extraTaskIDs > 0 && !resp.Diagnostics.HasError() {
			resp.Diagnostics.AddWarning("Only the first task definition of the restapi_object moves", fmt.Sprintf(
				"The restapi_object created %d task definitions with one request but tracked only the first (task "+
					"definition %d). The other %d stay on the server, unmanaged: import each into its own %s.",
				o.extraTaskIDs+1, o.taskID, o.extraTaskIDs, target))
		}
	}}
}
