package vidispine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// TaskGroup is a TaskGroupDocument: jobs that match one of its rules run on its transcoders
// only. A document read from the server writes back the members the client does not model
// unchanged (see members.go), so an update that starts from the stored document
// (UpdateTaskGroup) never drops them; a rule is written whole.
type TaskGroup struct {
	Name          string          // the group's name; also its address
	Priority      string          // one of Priorities; what it orders is not published (see doc.go)
	JobRules      []TaskGroupRule // a job matching any rule belongs to the group
	TranscoderIDs []string        // the transcoders the group's jobs run on, e.g. VX-1
	Metadata      *SimpleMetadata

	raw json.RawMessage // the server's document; nil for one built by the caller
}

// TaskGroupRule is one job match rule [TaskGroupTypeJob]. A job matches when it meets every
// member that is set, and within a member one of its values.
type TaskGroupRule struct {
	Types      []string   `json:"type,omitempty"`     // job types
	Priorities []string   `json:"priority,omitempty"` // job priorities
	Users      []string   `json:"user,omitempty"`     // users who started the job
	Groups     []string   `json:"group,omitempty"`    // groups of the user who started the job
	Data       []KeyValue `json:"data,omitempty"`     // job data entries; a key is required, a value optional
}

func (r *TaskGroupRule) UnmarshalJSON(b []byte) error {
	var aux struct {
		Type     flexList[flexString] `json:"type"`
		Priority flexList[flexString] `json:"priority"`
		User     flexList[flexString] `json:"user"`
		Group    flexList[flexString] `json:"group"`
		Data     flexList[KeyValue]   `json:"data"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*r = TaskGroupRule{Types: stringList(aux.Type), Priorities: stringList(aux.Priority),
		Users: stringList(aux.User), Groups: stringList(aux.Group), Data: aux.Data}
	return nil
}

// MarshalJSON leaves out the value of a data entry that has none: a key alone matches a job
// holding the key with any value, which "value": "" would not.
func (r TaskGroupRule) MarshalJSON() ([]byte, error) {
	type entry struct {
		Key   string `json:"key"`
		Value string `json:"value,omitempty"`
	}
	type plain TaskGroupRule
	aux := struct {
		plain
		Data []entry `json:"data,omitempty"` // shadows plain's
	}{plain: plain(r)}
	for _, kv := range r.Data {
		aux.Data = append(aux.Data, entry(kv))
	}
	return json.Marshal(aux)
}

// taskGroupTranscoder is a TaskGroupTypeTranscoder, a reference to a transcoder by id.
type taskGroupTranscoder struct {
	ID flexString `json:"id"`
}

// taskGroupWire is the document as sent; its members in the order of the specification.
type taskGroupWire struct {
	Name       string                `json:"name"`
	Transcoder []taskGroupTranscoder `json:"transcoder,omitempty"`
	Priority   string                `json:"priority,omitempty"`
	Job        []TaskGroupRule       `json:"job,omitempty"`
	Metadata   *SimpleMetadata       `json:"metadata,omitempty"`
}

func (tg *TaskGroup) UnmarshalJSON(b []byte) error {
	var aux struct {
		Name       flexString                    `json:"name"`
		Transcoder flexList[taskGroupTranscoder] `json:"transcoder"`
		Priority   flexString                    `json:"priority"`
		Job        flexList[TaskGroupRule]       `json:"job"`
		Metadata   *SimpleMetadata               `json:"metadata"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*tg = TaskGroup{Name: string(aux.Name), Priority: string(aux.Priority), JobRules: aux.Job, Metadata: aux.Metadata,
		raw: append(json.RawMessage(nil), b...)}
	for _, t := range aux.Transcoder {
		tg.TranscoderIDs = append(tg.TranscoderIDs, string(t.ID))
	}
	return nil
}

func (tg TaskGroup) MarshalJSON() ([]byte, error) {
	w := taskGroupWire{Name: tg.Name, Priority: tg.Priority, Job: tg.JobRules, Metadata: tg.Metadata}
	for _, id := range tg.TranscoderIDs {
		w.Transcoder = append(w.Transcoder, taskGroupTranscoder{flexString(id)})
	}
	b, err := json.Marshal(w)
	if err != nil || tg.raw == nil {
		return b, err
	}
	return mergeDocument(tg.raw, b, taskGroupMembers)
}

// taskGroupMembers is what TaskGroup models of a TaskGroupDocument.
var taskGroupMembers = docObject(map[string]*docMembers{
	"metadata": docObject(nil, "field"),
}, "name", "transcoder", "priority", "job")

type taskGroupList struct {
	Group flexList[TaskGroup] `json:"group,omitempty"`
}

const taskGroupListPath = "/task-group"

func taskGroupPath(name string) string { return taskGroupListPath + "/" + url.PathEscape(name) }

// ListTaskGroups reads every task group (the list holds whole documents, not names).
//
// GET /API/task-group
func (c *Client) ListTaskGroups(ctx context.Context) ([]TaskGroup, error) {
	var list taskGroupList
	if err := c.do(ctx, &request{method: "GET", path: taskGroupListPath}, &list); err != nil {
		return nil, err
	}
	return list.Group, nil
}

// GetTaskGroup reads one task group; an IsNotFound error when there is none of that name.
//
// GET /API/task-group/{name}
func (c *Client) GetTaskGroup(ctx context.Context, name string) (*TaskGroup, error) {
	var tg TaskGroup
	if err := c.do(ctx, &request{method: "GET", path: taskGroupPath(name)}, &tg); err != nil {
		return nil, err
	}
	return &tg, nil
}

// CreateTaskGroup creates task group tg.Name and returns it as stored. The server's PUT
// creates or replaces, so an existing group of that name is refused first with an IsConflict
// error rather than overwritten. The PUT is idempotent, so retrying it is safe.
//
// GET /API/task-group/{name}
// PUT /API/task-group/{name}
func (c *Client) CreateTaskGroup(ctx context.Context, tg TaskGroup) (*TaskGroup, error) {
	_, err := c.GetTaskGroup(ctx, tg.Name)
	switch {
	case err == nil:
		return nil, &APIError{
			Kind: KindConflict, Method: "PUT", Path: c.basePath() + taskGroupPath(tg.Name),
			Explanation: fmt.Sprintf("task group %s already exists", tg.Name),
		}
	case !IsNotFound(err):
		return nil, err
	}
	tg.raw = nil
	return c.putTaskGroup(ctx, &tg)
}

// UpdateTaskGroup changes task group name and returns it as stored. It starts from the
// server's current document, lets change set the members the caller manages, and writes the
// whole document back, so members the client does not model survive.
//
// GET /API/task-group/{name}
// PUT /API/task-group/{name}
func (c *Client) UpdateTaskGroup(ctx context.Context, name string, change func(*TaskGroup)) (*TaskGroup, error) {
	tg, err := c.GetTaskGroup(ctx, name)
	if err != nil {
		return nil, err
	}
	change(tg)
	tg.Name = name
	return c.putTaskGroup(ctx, tg)
}

// putTaskGroup stores tg under its name and returns the server's answer, or, from a server
// that answers nothing, the document read back. Cut off by Terraform's stop, it reads the group
// to tell whether the server holds what was sent (write).
//
// PUT /API/task-group/{name}
// GET /API/task-group/{name}
func (c *Client) putTaskGroup(ctx context.Context, tg *TaskGroup) (*TaskGroup, error) {
	var out TaskGroup
	read := func(ctx context.Context) (*TaskGroup, error) { return c.GetTaskGroup(ctx, tg.Name) }
	if err := c.write(ctx, &request{method: "PUT", path: taskGroupPath(tg.Name), body: tg}, &out, putVerify(read, tg, &out)); err != nil {
		return nil, err
	}
	if out.raw == nil {
		return c.GetTaskGroup(ctx, tg.Name)
	}
	return &out, nil
}

// DeleteTaskGroup deletes a task group; an IsNotFound error when there is none of that name.
// Cut off by Terraform's stop, it looks whether the group is gone (write).
//
// DELETE /API/task-group/{name}
// GET /API/task-group/{name}
func (c *Client) DeleteTaskGroup(ctx context.Context, name string) error {
	read := func(ctx context.Context) (*TaskGroup, error) { return c.GetTaskGroup(ctx, name) }
	return c.write(ctx, &request{method: "DELETE", path: taskGroupPath(name)}, nil, deleteVerify(read))
}
