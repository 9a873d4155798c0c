package vidispine

import (
	"encoding/json"
	"fmt"
	"slices"
)

// TaskDefinition is a TaskDefinitionDocument: one step of a job type. A step runs either a
// Java bean method (Bean, Method, Plugin) or a JavaScript (Script).
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
	return nil
}

// TaskDependency says when a step may start: after step Step, after the previous step, or
// after all previous steps.
type TaskDependency struct {
	Step        int  `json:"step"`
	Previous    bool `json:"previous"`
	AllPrevious bool `json:"allPrevious"`
}

func (d *TaskDependency) UnmarshalJSON(b []byte) error {
	var aux struct {
		Step        flexInt  `json:"step"`
		Previous    flexBool `json:"previous"`
		AllPrevious flexBool `json:"allPrevious"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*d = TaskDependency{Step: int(aux.Step), Previous: bool(aux.Previous), AllPrevious: bool(aux.AllPrevious)}
	return nil
}

type taskDefinitionList struct {
	Task []TaskDefinition `json:"task,omitempty"`
}

// Notification is a job NotificationDocument. ID is not part of the document; the client
// fills it in.
type Notification struct {
	ID      string              `json:"-"`
	Action  NotificationAction  `json:"action"`
	Trigger NotificationTrigger `json:"trigger"`
}

// NotificationAction holds exactly one kind of action; the client supports http and javascript.
type NotificationAction struct {
	HTTP       *HTTPAction       `json:"http,omitempty"`
	JavaScript *JavaScriptAction `json:"javascript,omitempty"`
}

// HTTPAction calls a URL when the notification fires. Timeout is in seconds, or "none".
type HTTPAction struct {
	Synchronous bool   `json:"synchronous"`
	Retry       *int   `json:"retry,omitempty"`
	URL         string `json:"url"`
	Method      string `json:"method,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Timeout     string `json:"timeout,omitempty"`
}

func (a *HTTPAction) UnmarshalJSON(b []byte) error {
	type plain HTTPAction
	aux := struct {
		*plain
		Synchronous flexBool   `json:"synchronous"`
		Retry       *flexInt   `json:"retry"`
		Timeout     flexString `json:"timeout"`
	}{plain: (*plain)(a)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	a.Synchronous, a.Retry, a.Timeout = bool(aux.Synchronous), intPtr(aux.Retry), string(aux.Timeout)
	return nil
}

// JavaScriptAction runs a script when the notification fires.
type JavaScriptAction struct {
	Synchronous bool   `json:"synchronous"`
	Retry       *int   `json:"retry,omitempty"`
	Script      string `json:"script"`
}

func (a *JavaScriptAction) UnmarshalJSON(b []byte) error {
	type plain JavaScriptAction
	aux := struct {
		*plain
		Synchronous flexBool `json:"synchronous"`
		Retry       *flexInt `json:"retry"`
	}{plain: (*plain)(a)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	a.Synchronous, a.Retry = bool(aux.Synchronous), intPtr(aux.Retry)
	return nil
}

// NotificationTrigger says what fires the notification; the client supports job triggers.
type NotificationTrigger struct {
	Job *JobTrigger `json:"job,omitempty"`
}

// JobTriggerEvents are the events a job trigger can fire on.
var JobTriggerEvents = []string{"create", "update", "stop", "finished", "fail"}

// JobTrigger fires on one Event (create, update, stop, finished or fail). On the wire the
// event is an empty member named after it: {"finished": ""}.
type JobTrigger struct {
	Event       string
	Placeholder *bool
	Filter      *JobTriggerFilter
}

// JobTriggerFilter narrows a trigger to a job type and/or a job-data key and value.
type JobTriggerFilter struct {
	Type    string         `json:"type,omitempty"`
	JobData *JobDataFilter `json:"jobdata,omitempty"`
}

// JobDataFilter matches jobs whose data has Key set to Value.
type JobDataFilter struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func (t JobTrigger) MarshalJSON() ([]byte, error) {
	if !slices.Contains(JobTriggerEvents, t.Event) {
		return nil, fmt.Errorf("job trigger event %q is not one of %v", t.Event, JobTriggerEvents)
	}
	m := map[string]any{t.Event: ""}
	if t.Placeholder != nil {
		m["placeholder"] = *t.Placeholder
	}
	if t.Filter != nil {
		m["filter"] = t.Filter
	}
	return json.Marshal(m)
}

func (t *JobTrigger) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*t = JobTrigger{}
	// The event member is empty (""); a document that lists the other events as null must
	// not confuse us, so a non-null member wins over a null one.
	for _, ev := range JobTriggerEvents {
		raw, ok := m[ev]
		if !ok {
			continue
		}
		if string(raw) != "null" {
			t.Event = ev
			break
		}
		if t.Event == "" {
			t.Event = ev
		}
	}
	if raw, ok := m["placeholder"]; ok && string(raw) != "null" {
		var p flexBool
		if err := json.Unmarshal(raw, &p); err != nil {
			return err
		}
		t.Placeholder = boolPtr(&p)
	}
	if raw, ok := m["filter"]; ok && string(raw) != "null" {
		var f struct {
			Type    flexString `json:"type"`
			JobData *struct {
				Key   flexString `json:"key"`
				Value flexString `json:"value"`
			} `json:"jobdata"`
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			return err
		}
		t.Filter = &JobTriggerFilter{Type: string(f.Type)}
		if f.JobData != nil {
			t.Filter.JobData = &JobDataFilter{Key: string(f.JobData.Key), Value: string(f.JobData.Value)}
		}
	}
	return nil
}

// User is the part of a UserDocument the provider needs.
type User struct {
	UserName string   `json:"userName"`
	RealName string   `json:"realName,omitempty"`
	Disabled bool     `json:"disabled,omitempty"`
	Groups   []string `json:"groups,omitempty"` // names of the user's groups (roles are groups)
}

func (u *User) UnmarshalJSON(b []byte) error {
	var aux struct {
		UserName  flexString `json:"userName"`
		RealName  flexString `json:"realName"`
		Disabled  flexBool   `json:"disabled"`
		GroupList *struct {
			Group []struct {
				GroupName flexString `json:"groupName"`
			} `json:"group"`
		} `json:"groupList"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*u = User{UserName: string(aux.UserName), RealName: string(aux.RealName), Disabled: bool(aux.Disabled)}
	if aux.GroupList != nil {
		for _, g := range aux.GroupList.Group {
			if g.GroupName != "" {
				u.Groups = append(u.Groups, string(g.GroupName))
			}
		}
	}
	return nil
}

// HasRole reports whether the user is a member of the group (role) with this name, e.g.
// "_administrator". Membership inherited through parent groups is not resolved.
func (u *User) HasRole(name string) bool {
	return slices.Contains(u.Groups, name)
}
