package vidispine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"sync"
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

// notificationMembers is what Notification and its parts model of a NotificationDocument.
var notificationMembers = docObject(map[string]*docMembers{
	"action": {oneOf: true, known: map[string]*docMembers{
		"http":       actionMembers("url", "method", "contentType", "timeout"),
		"javascript": actionMembers("script"),
		"sqs": actionMembers("endpoint", "queue", "contentType", "accessKey", "secret", "roleArn", "roleSessionName",
			"roleExternalId", "messageGroupId"),
		"sns": actionMembers("topic", "endpoint", "contentType", "accessKey", "secret", "roleArn", "roleSessionName",
			"roleExternalId"),
		"jms": actionMembers("queueFactory", "queue", "username", "password", "contentType"),
		"ejb": actionMembers("bean", "method"),
	}},
	"trigger": {oneOf: true, known: map[string]*docMembers{
		"job": docObject(map[string]*docMembers{
			"filter": docObject(map[string]*docMembers{
				"jobdata": docObject(nil, "key", "value", "key-regex", "value-regex"),
			}, "step", "type"),
			"contentFilters": docObject(nil, "contentFilter"),
		}, "create", "update", "stop", "finished", "fail", "type", "placeholder"),
	}},
})

// actionMembers is one kind of action: the members every action has, and its own.
func actionMembers(own ...string) *docMembers {
	return docObject(nil, append([]string{"synchronous", "retry", "extradata", "group"}, own...)...)
}

// NotificationAction holds exactly one kind of action.
type NotificationAction struct {
	HTTP       *HTTPAction       `json:"http,omitempty"`
	JavaScript *JavaScriptAction `json:"javascript,omitempty"`
	SQS        *SQSAction        `json:"sqs,omitempty"`
	SNS        *SNSAction        `json:"sns,omitempty"`
	JMS        *JMSAction        `json:"jms,omitempty"`
	EJB        *EJBAction        `json:"ejb,omitempty"`
}

// Kind names the action held ("http", "sqs", ...), or "" when there is none the client models.
func (a NotificationAction) Kind() string {
	switch {
	case a.HTTP != nil:
		return "http"
	case a.JavaScript != nil:
		return "javascript"
	case a.SQS != nil:
		return "sqs"
	case a.SNS != nil:
		return "sns"
	case a.JMS != nil:
		return "jms"
	case a.EJB != nil:
		return "ejb"
	}
	return ""
}

// ActionCommon holds the members every kind of action has. Synchronous is required by the
// specification; Extradata is sent along with each event; Group names a group of notifications.
type ActionCommon struct {
	Synchronous bool   `json:"synchronous"`
	Retry       *int   `json:"retry,omitempty"`
	Extradata   string `json:"extradata,omitempty"`
	Group       string `json:"group,omitempty"`
}

// flexActionCommon reads ActionCommon as servers send it (numbers and booleans quoted too).
// Embedded beside an action's plain type in its decoder, its members win over the action's
// own ActionCommon (they are less deep), and common() hands them over.
type flexActionCommon struct {
	Synchronous flexBool   `json:"synchronous"`
	Retry       *flexInt   `json:"retry"`
	Extradata   flexString `json:"extradata"`
	Group       flexString `json:"group"`
}

func (f *flexActionCommon) common() ActionCommon {
	return ActionCommon{Synchronous: bool(f.Synchronous), Retry: intPtr(f.Retry), Extradata: string(f.Extradata),
		Group: string(f.Group)}
}

// decodeAction decodes an action document b into aux, a struct embedding a pointer to the
// action's plain type and a flexActionCommon, and sets the action's common part from it.
func decodeAction(b []byte, aux interface{ common() ActionCommon }, common *ActionCommon) error {
	if err := json.Unmarshal(b, aux); err != nil {
		return err
	}
	*common = aux.common()
	return nil
}

// HTTPAction calls a URL when the notification fires. Timeout is in seconds, or "none"; the
// specification requires it.
type HTTPAction struct {
	ActionCommon
	URL         string `json:"url"`
	Method      string `json:"method,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	Timeout     string `json:"timeout,omitempty"`
}

func (a *HTTPAction) UnmarshalJSON(b []byte) error {
	type plain HTTPAction
	aux := struct {
		*plain
		flexActionCommon
		Timeout flexString `json:"timeout"`
	}{plain: (*plain)(a)}
	err := decodeAction(b, &aux, &a.ActionCommon)
	a.Timeout = string(aux.Timeout)
	return err
}

// JavaScriptAction runs a script when the notification fires.
type JavaScriptAction struct {
	ActionCommon
	Script string `json:"script"`
}

func (a *JavaScriptAction) UnmarshalJSON(b []byte) error {
	type plain JavaScriptAction
	return decodeAction(b, &struct {
		*plain
		flexActionCommon
	}{plain: (*plain)(a)}, &a.ActionCommon)
}

// AWSAccess is where and how an sqs or sns action reaches AWS: with AccessKey and Secret, or by
// assuming RoleArn (RoleSessionName, RoleExternalID). The server returns Secret on GET.
type AWSAccess struct {
	Endpoint        string `json:"endpoint,omitempty"`
	ContentType     string `json:"contentType,omitempty"`
	AccessKey       string `json:"accessKey,omitempty"`
	Secret          string `json:"secret,omitempty"`
	RoleArn         string `json:"roleArn,omitempty"`
	RoleSessionName string `json:"roleSessionName,omitempty"`
	RoleExternalID  string `json:"roleExternalId,omitempty"`
}

// SQSAction sends the event to an Amazon SQS queue (Queue, a queue URL). MessageGroupID is for
// FIFO queues.
type SQSAction struct {
	ActionCommon
	AWSAccess
	Queue          string `json:"queue"`
	MessageGroupID string `json:"messageGroupId,omitempty"`
}

func (a *SQSAction) UnmarshalJSON(b []byte) error {
	type plain SQSAction
	return decodeAction(b, &struct {
		*plain
		flexActionCommon
	}{plain: (*plain)(a)}, &a.ActionCommon)
}

// SNSAction publishes the event to an Amazon SNS topic (Topic, a topic ARN).
type SNSAction struct {
	ActionCommon
	AWSAccess
	Topic string `json:"topic"`
}

func (a *SNSAction) UnmarshalJSON(b []byte) error {
	type plain SNSAction
	return decodeAction(b, &struct {
		*plain
		flexActionCommon
	}{plain: (*plain)(a)}, &a.ActionCommon)
}

// JMSAction sends the event to a JMS queue through a queue connection factory (both JNDI
// names). The server returns Password on GET.
type JMSAction struct {
	ActionCommon
	QueueFactory string `json:"queueFactory"`
	Queue        string `json:"queue"`
	Username     string `json:"username,omitempty"`
	Password     string `json:"password,omitempty"`
	ContentType  string `json:"contentType,omitempty"`
}

func (a *JMSAction) UnmarshalJSON(b []byte) error {
	type plain JMSAction
	return decodeAction(b, &struct {
		*plain
		flexActionCommon
	}{plain: (*plain)(a)}, &a.ActionCommon)
}

// EJBAction calls Method of the Enterprise Java Bean Bean on the server.
type EJBAction struct {
	ActionCommon
	Bean   string `json:"bean"`
	Method string `json:"method"`
}

func (a *EJBAction) UnmarshalJSON(b []byte) error {
	type plain EJBAction
	return decodeAction(b, &struct {
		*plain
		flexActionCommon
	}{plain: (*plain)(a)}, &a.ActionCommon)
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

const notificationListPath = "/job/notification"

// notificationPath is the path of one job notification.
func notificationPath(id string) string { return notificationListPath + "/" + url.PathEscape(id) }

// ListNotifications lists the ids of all job notifications.
//
// GET /API/job/notification
func (c *Client) ListNotifications(ctx context.Context) ([]string, error) {
	var list uriList
	if err := c.do(ctx, &request{method: "GET", path: notificationListPath}, &list); err != nil {
		return nil, err
	}
	return list.ids(), nil
}

// GetNotification fetches one job notification, keeping its whole document for an update.
//
// GET /API/job/notification/{id}
func (c *Client) GetNotification(ctx context.Context, id string) (*Notification, error) {
	var n Notification
	if err := c.do(ctx, &request{method: "GET", path: notificationPath(id)}, &n); err != nil {
		return nil, err
	}
	n.ID = id
	return &n, nil
}

const expandConcurrency = 8

// ListNotificationsExpanded fetches every job notification, in the order of the id list,
// with up to 8 requests at a time. A notification deleted meanwhile is left out.
//
// GET /API/job/notification
// GET /API/job/notification/{id}
func (c *Client) ListNotificationsExpanded(ctx context.Context) ([]Notification, error) {
	ids, err := c.ListNotifications(ctx)
	if err != nil {
		return nil, err
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		results  = make([]*Notification, len(ids))
		sem      = make(chan struct{}, expandConcurrency)
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	// The first failure is reported and stops the rest; errors it causes are not.
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				return
			}
			n, err := c.GetNotification(ctx, id)
			switch {
			case IsNotFound(err): // deleted since the list was read
			case err != nil:
				fail(err)
			default:
				results[i] = n
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := parent.Err(); err != nil {
		return nil, err
	}
	out := make([]Notification, 0, len(ids))
	for _, n := range results {
		if n != nil {
			out = append(out, *n)
		}
	}
	return out, nil
}

// CreateNotification creates a job notification and returns it as stored, with its id. The
// POST is never repeated blindly: after an unclear failure the client looks for a
// notification that did not exist before and whose document matches ours.
//
// GET /API/job/notification
// POST /API/job/notification
// GET /API/job/notification/{id}
func (c *Client) CreateNotification(ctx context.Context, n Notification) (*Notification, error) {
	before, err := c.ListNotifications(ctx)
	if err != nil {
		return nil, err
	}
	var found *Notification
	verify := func(ctx context.Context) (bool, error) {
		ids, err := c.ListNotifications(ctx)
		if err != nil {
			return false, err
		}
		for _, id := range ids {
			if slices.Contains(before, id) {
				continue
			}
			got, err := c.GetNotification(ctx, id)
			if IsNotFound(err) {
				continue
			}
			if err != nil {
				return false, err
			}
			if same, err := sameNotification(n, *got); err != nil || same {
				found = got
				return same, err
			}
		}
		return false, nil
	}
	var ids uriList
	posted, err := c.postOnce(ctx, &request{method: "POST", path: notificationListPath, body: n}, &ids, verify)
	if err != nil {
		return nil, err
	}
	if !posted {
		return found, nil
	}
	list := ids.ids()
	if len(list) == 0 {
		return nil, fmt.Errorf("POST %s%s: the server answered without the new notification's id", c.basePath(), notificationListPath)
	}
	stored, err := c.GetNotification(ctx, list[0])
	n.ID = list[0]
	return storedOrSent(ctx, "job notification", list[0], stored, err, &n), nil
}

// UpdateNotification replaces notification id with n and returns it as stored. Build n from
// GetNotification and change only what the caller manages: the members the client does not
// model are then sent back as the server holds them. Cut off by Terraform's stop, it reads the
// notification back to tell whether the change was made (write).
//
// PUT /API/job/notification/{id}
// GET /API/job/notification/{id}
func (c *Client) UpdateNotification(ctx context.Context, id string, n Notification) (*Notification, error) {
	var out Notification
	read := func(ctx context.Context) (*Notification, error) { return c.GetNotification(ctx, id) }
	if err := c.write(ctx, &request{method: "PUT", path: notificationPath(id), body: n}, &out, putVerify(read, &n, &out)); err != nil {
		return nil, err
	}
	if out.Trigger.Job == nil && out.Action.Kind() == "" {
		return c.GetNotification(ctx, id) // a server that answers PUT with an empty body
	}
	out.ID = id
	return &out, nil
}

// DeleteNotification deletes a job notification. Cut off by Terraform's stop, it looks whether
// the notification is gone (write).
//
// DELETE /API/job/notification/{id}
// GET /API/job/notification/{id}
func (c *Client) DeleteNotification(ctx context.Context, id string) error {
	read := func(ctx context.Context) (*Notification, error) { return c.GetNotification(ctx, id) }
	return c.write(ctx, &request{method: "DELETE", path: notificationPath(id)}, nil, deleteVerify(read))
}

// sameNotification reports whether the server's document got holds everything of want.
// Members the server adds (defaults such as method GET) do not count as a difference, nor do
// the secrets (a server may answer them masked).
func sameNotification(want, got Notification) (bool, error) {
	raw, err := json.Marshal(want)
	if err != nil {
		return false, err
	}
	var w map[string]any
	if err := json.Unmarshal(raw, &w); err != nil {
		return false, err
	}
	if action, ok := w["action"].(map[string]any); ok {
		for _, a := range action {
			if members, ok := a.(map[string]any); ok {
				delete(members, "secret")
				delete(members, "password")
			}
		}
	}
	return holdsDocument(w, got)
}

// jsonSubset reports whether every member of want is in got with the same value.
func jsonSubset(want, got any) bool {
	wm, ok := want.(map[string]any)
	if !ok {
		return reflect.DeepEqual(want, got)
	}
	gm, ok := got.(map[string]any)
	if !ok {
		return false
	}
	for k, wv := range wm {
		gv, ok := gm[k]
		if !ok || !jsonSubset(wv, gv) {
			return false
		}
	}
	return true
}

// FindIdenticalNotification returns the first notification of among whose document holds
// everything of want (the comparison CreateNotification's look-up after a lost answer makes),
// leaving out those taken reports; nil when there is none. Job notifications have no natural
// key, so this is how a notification left by a killed run (made, but never recorded) is found
// before a second, identical one is made. It sends no request: among comes from
// ListNotificationsExpanded.
func FindIdenticalNotification(want Notification, among []Notification, taken func(id string) bool) (*Notification, error) {
	for i := range among {
		if taken(among[i].ID) {
			continue
		}
		same, err := sameNotification(want, among[i])
		if err != nil {
			return nil, err
		}
		if same {
			n := among[i]
			return &n, nil
		}
	}
	return nil, nil
}
