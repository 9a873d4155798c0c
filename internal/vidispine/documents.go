package vidispine

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Notification is a job NotificationDocument. ID is not part of the document; the client
// fills it in. A Notification decoded from the server keeps that document: marshalling it
// writes the fields below into it and keeps the members these types do not know as the
// server sent them (see mergeDocument), so an update built from GetNotification loses
// nothing it does not change.
type Notification struct {
	ID      string              `json:"-"`
	Action  NotificationAction  `json:"action"`
	Trigger NotificationTrigger `json:"trigger"`
	raw     json.RawMessage     // the server's document; nil for one built by the caller
}

func (n *Notification) UnmarshalJSON(b []byte) error {
	type plain Notification
	*n = Notification{}
	if err := json.Unmarshal(b, (*plain)(n)); err != nil {
		return err
	}
	n.raw = append(json.RawMessage(nil), b...)
	return nil
}

func (n Notification) MarshalJSON() ([]byte, error) {
	type plain Notification
	b, err := json.Marshal(plain(n))
	if err != nil || n.raw == nil {
		return b, err
	}
	return mergeDocument(n.raw, b, notificationMembers)
}

// NotificationAction holds exactly one kind of action; the client supports http and javascript.
type NotificationAction struct {
	HTTP       *HTTPAction       `json:"http,omitempty"`
	JavaScript *JavaScriptAction `json:"javascript,omitempty"`
}

// HTTPAction calls a URL when the notification fires. Timeout is in seconds, or "none"; the
// specification requires it. Extradata is sent along with each call; Group names a group of
// notifications.
type HTTPAction struct {
	Synchronous bool   `json:"synchronous"`
	Retry       *int   `json:"retry,omitempty"`
	URL         string `json:"url"`
	Method      string `json:"method,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Timeout     string `json:"timeout,omitempty"`
	Extradata   string `json:"extradata,omitempty"`
	Group       string `json:"group,omitempty"`
}

func (a *HTTPAction) UnmarshalJSON(b []byte) error {
	type plain HTTPAction
	aux := struct {
		*plain
		Synchronous flexBool   `json:"synchronous"`
		Retry       *flexInt   `json:"retry"`
		Timeout     flexString `json:"timeout"`
		Extradata   flexString `json:"extradata"`
		Group       flexString `json:"group"`
	}{plain: (*plain)(a)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	a.Synchronous, a.Retry, a.Timeout = bool(aux.Synchronous), intPtr(aux.Retry), string(aux.Timeout)
	a.Extradata, a.Group = string(aux.Extradata), string(aux.Group)
	return nil
}

// JavaScriptAction runs a script when the notification fires.
type JavaScriptAction struct {
	Synchronous bool   `json:"synchronous"`
	Retry       *int   `json:"retry,omitempty"`
	Script      string `json:"script"`
	Extradata   string `json:"extradata,omitempty"`
	Group       string `json:"group,omitempty"`
}

func (a *JavaScriptAction) UnmarshalJSON(b []byte) error {
	type plain JavaScriptAction
	aux := struct {
		*plain
		Synchronous flexBool   `json:"synchronous"`
		Retry       *flexInt   `json:"retry"`
		Extradata   flexString `json:"extradata"`
		Group       flexString `json:"group"`
	}{plain: (*plain)(a)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	a.Synchronous, a.Retry = bool(aux.Synchronous), intPtr(aux.Retry)
	a.Extradata, a.Group = string(aux.Extradata), string(aux.Group)
	return nil
}

// NotificationTrigger says what fires the notification; the client supports job triggers.
type NotificationTrigger struct {
	Job *JobTrigger `json:"job,omitempty"`
}

// JobTriggerEvents are the events a job trigger can fire on.
var JobTriggerEvents = []string{"create", "update", "stop", "finished", "fail"}

// JobTriggerContentFilters are the job fields a job trigger's contentFilter may name.
var JobTriggerContentFilters = []string{"jobId", "jobState", "user", "startTime", "jobType", "jobData",
	"errorMessage", "itemId", "totalSteps", "currentStep"}

// JobTrigger fires on one Event (create, update, stop, finished or fail). On the wire the
// event is an empty member named after it: {"finished": ""}. ContentFilters is
// {"contentFilters": {"contentFilter": [...]}} on the wire. Type is the trigger's own "type"
// member, whose meaning the specification does not document; it is kept as read.
type JobTrigger struct {
	Event          string
	Type           string
	Placeholder    *bool
	Filter         *JobTriggerFilter
	ContentFilters []string
}

// JobTriggerFilter narrows a trigger to a job type, a step and/or job data.
type JobTriggerFilter struct {
	Step    *int           `json:"step,omitempty"`
	Type    string         `json:"type,omitempty"`
	JobData *JobDataFilter `json:"jobdata,omitempty"`
}

// JobDataFilter matches jobs whose data has a key (or one matching KeyRegex) set to Value (or
// a value matching ValueRegex). The regular expressions are evaluated by the server.
type JobDataFilter struct {
	Key        *string `json:"key,omitempty"`
	Value      *string `json:"value,omitempty"`
	KeyRegex   *string `json:"key-regex,omitempty"`
	ValueRegex *string `json:"value-regex,omitempty"`
}

type contentFilterList struct {
	ContentFilter []string `json:"contentFilter"`
}

func (t JobTrigger) MarshalJSON() ([]byte, error) {
	if !slices.Contains(JobTriggerEvents, t.Event) {
		return nil, fmt.Errorf("job trigger event %q is not one of %v", t.Event, JobTriggerEvents)
	}
	m := map[string]any{t.Event: ""}
	if t.Type != "" {
		m["type"] = t.Type
	}
	if t.Placeholder != nil {
		m["placeholder"] = *t.Placeholder
	}
	if t.Filter != nil {
		m["filter"] = t.Filter
	}
	if len(t.ContentFilters) > 0 {
		m["contentFilters"] = contentFilterList{t.ContentFilters}
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
	var aux struct {
		Type        flexString `json:"type"`
		Placeholder *flexBool  `json:"placeholder"`
		Filter      *struct {
			Step    *flexInt   `json:"step"`
			Type    flexString `json:"type"`
			JobData *struct {
				Key        *flexString `json:"key"`
				Value      *flexString `json:"value"`
				KeyRegex   *flexString `json:"key-regex"`
				ValueRegex *flexString `json:"value-regex"`
			} `json:"jobdata"`
		} `json:"filter"`
		ContentFilters *struct {
			ContentFilter flexList[flexString] `json:"contentFilter"`
		} `json:"contentFilters"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	t.Type, t.Placeholder = string(aux.Type), boolPtr(aux.Placeholder)
	if f := aux.Filter; f != nil {
		t.Filter = &JobTriggerFilter{Step: intPtr(f.Step), Type: string(f.Type)}
		if jd := f.JobData; jd != nil {
			t.Filter.JobData = &JobDataFilter{Key: stringPtr(jd.Key), Value: stringPtr(jd.Value),
				KeyRegex: stringPtr(jd.KeyRegex), ValueRegex: stringPtr(jd.ValueRegex)}
		}
	}
	if cf := aux.ContentFilters; cf != nil {
		for _, f := range cf.ContentFilter {
			if f != "" {
				t.ContentFilters = append(t.ContentFilters, string(f))
			}
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
			Group flexList[struct {
				GroupName flexString `json:"groupName"`
			}] `json:"group"`
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
