package vidimock

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// Task groups (/API/task-group): jobs that match a group's rules run on its transcoders. The
// mock stores and validates them; it does not route jobs by them.

// seedTranscoders are the transcoders the mock knows; a task group may name only these (a
// real server resolves the ids it is given, and 404 is what it answers for one it cannot).
var seedTranscoders = []string{"VX-1", "VX-2"}

// taskGroup is a TaskGroupDocument as stored. Members the mock does not interpret (metadata,
// loc, maxConcurrency, members of newer servers) are kept as sent; a rule, a transcoder
// reference and a data entry hold only the members the specification lists.
type taskGroup struct {
	Name       string          `json:"name"`
	Transcoder []transcoderRef `json:"transcoder,omitempty"`
	Priority   string          `json:"priority,omitempty"`
	Job        []taskGroupJob  `json:"job,omitempty"`
	Metadata   json.RawMessage `json:"metadata,omitempty"`

	extra map[string]json.RawMessage
}

func (tg *taskGroup) UnmarshalJSON(b []byte) error {
	type plain taskGroup
	if err := json.Unmarshal(b, (*plain)(tg)); err != nil {
		return err
	}
	var err error
	tg.extra, err = extraMembers(b, plain{})
	return err
}

func (tg taskGroup) MarshalJSON() ([]byte, error) {
	type plain taskGroup
	return marshalWithExtra(plain(tg), tg.extra)
}

// transcoderRef is a TaskGroupTypeTranscoder.
type transcoderRef struct {
	ID string `json:"id"`
}

func (t *transcoderRef) UnmarshalJSON(b []byte) error {
	type plain transcoderRef
	return decodeStrict(b, (*plain)(t))
}

// taskGroupJob is one match rule [TaskGroupTypeJob]: every member a list, each optional.
type taskGroupJob struct {
	Priority []string        `json:"priority,omitempty"`
	Group    []string        `json:"group,omitempty"`
	Type     []string        `json:"type,omitempty"`
	User     []string        `json:"user,omitempty"`
	Data     []taskGroupData `json:"data,omitempty"`
}

func (j *taskGroupJob) UnmarshalJSON(b []byte) error {
	type plain taskGroupJob
	return decodeStrict(b, (*plain)(j))
}

// taskGroupData is a TaskGroupTypeData: key required, value optional.
type taskGroupData struct {
	Key   string  `json:"key"`
	Value *string `json:"value,omitempty"`
}

type taskGroupList struct {
	Group []*taskGroup `json:"group,omitempty"`
}

// checkTaskGroup validates a group to store under name.
func (st *state) checkTaskGroup(tg *taskGroup, name string) *apiError {
	invalid := func(value, explanation string) *apiError { return errInvalid("task-group", name, value, explanation) }
	switch {
	case tg.Name != "" && tg.Name != name:
		return invalid(tg.Name, "the document's name "+strconv.Quote(tg.Name)+" is not the name in the path, "+strconv.Quote(name))
	case tg.Priority != "" && !slices.Contains(priorities, tg.Priority):
		return invalid(tg.Priority, "priority must be one of "+strings.Join(priorities, ", "))
	}
	for _, rule := range tg.Job {
		for _, p := range rule.Priority {
			if !slices.Contains(priorities, p) {
				return invalid(p, "a job rule's priority must be one of "+strings.Join(priorities, ", "))
			}
		}
		for _, typ := range rule.Type {
			if !st.jobTypeExists(typ) {
				return invalid(typ, "a job rule names the unknown job type "+strconv.Quote(typ))
			}
		}
		for _, who := range slices.Concat(rule.User, rule.Group) {
			if who == "" {
				return invalid("", "a job rule's user or group is empty")
			}
		}
		for _, d := range rule.Data {
			if d.Key == "" {
				return invalid("", "every data entry of a job rule needs a key")
			}
		}
	}
	seen := map[string]bool{}
	for _, t := range tg.Transcoder {
		switch {
		case t.ID == "":
			return invalid("", "every transcoder of a task group needs an id")
		case seen[t.ID]:
			return invalid(t.ID, "transcoder "+t.ID+" is listed twice")
		case !slices.Contains(seedTranscoders, t.ID):
			return errNotFound("transcoder", t.ID, "")
		}
		seen[t.ID] = true
	}
	return nil
}

// listTaskGroups: GET /API/task-group answers every group whole, by name.
func (c *call) listTaskGroups() {
	var list taskGroupList
	for _, name := range sortedKeys(c.s.state.taskGroups) {
		list.Group = append(list.Group, c.s.state.taskGroups[name])
	}
	c.ok(list)
}

// getTaskGroup: GET /API/task-group/{name}; 404 when there is none.
func (c *call) getTaskGroup() {
	tg := c.s.state.taskGroups[c.params["name"]]
	if tg == nil {
		c.fail(errNotFound("task-group", c.params["name"], ""))
		return
	}
	c.ok(tg)
}

// putTaskGroup: PUT /API/task-group/{name} creates or replaces the group and answers it as
// stored. The name comes from the path; a document naming another is refused.
func (c *call) putTaskGroup() {
	st, name := c.s.state, c.params["name"]
	var tg taskGroup
	if err := c.decode(&tg); err != nil {
		c.fail(err)
		return
	}
	if err := st.checkTaskGroup(&tg, name); err != nil {
		c.fail(err)
		return
	}
	tg.Name = name
	if st.taskGroups == nil {
		st.taskGroups = map[string]*taskGroup{}
	}
	st.taskGroups[name] = &tg
	c.ok(&tg)
}

// deleteTaskGroup: DELETE /API/task-group/{name}; 404 when there is none.
func (c *call) deleteTaskGroup() {
	name := c.params["name"]
	if c.s.state.taskGroups[name] == nil {
		c.fail(errNotFound("task-group", name, ""))
		return
	}
	delete(c.s.state.taskGroups, name)
	c.empty()
}
