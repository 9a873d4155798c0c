package vidimock

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// storedNotification is a job notification and the number of its VX- id.
type storedNotification struct {
	num int
	doc notificationDoc
}

// notificationDoc is a NotificationDocument limited to job triggers and http/javascript
// actions. Normalisation on store: http.method becomes GET when left out, and synchronous is
// always written (false when left out). Numbers sent as strings (retry, timeout) are accepted.
type notificationDoc struct {
	Action  notifAction  `json:"action"`
	Trigger notifTrigger `json:"trigger"`
}

type notifAction struct {
	HTTP       *httpAction `json:"http,omitempty"`
	JavaScript *jsAction   `json:"javascript,omitempty"`
}

type httpAction struct {
	Synchronous flexBool   `json:"synchronous"`
	Retry       *flexInt   `json:"retry,omitempty"`
	URL         string     `json:"url"`
	Method      string     `json:"method"`
	ContentType string     `json:"contentType,omitempty"`
	Timeout     flexString `json:"timeout,omitempty"`
	Extradata   string     `json:"extradata,omitempty"`
	Group       string     `json:"group,omitempty"`
}

type jsAction struct {
	Synchronous flexBool `json:"synchronous"`
	Retry       *flexInt `json:"retry,omitempty"`
	Script      string   `json:"script"`
	Extradata   string   `json:"extradata,omitempty"`
	Group       string   `json:"group,omitempty"`
}

type notifTrigger struct {
	Job *jobTrigger `json:"job"`
}

// jobTrigger fires on one event; on the wire the event is an empty member: {"finished":""}.
type jobTrigger struct {
	event          string
	placeholder    *bool
	filter         json.RawMessage
	contentFilters json.RawMessage
}

var triggerEvents = []string{"create", "update", "stop", "finished", "fail"}

func (t jobTrigger) MarshalJSON() ([]byte, error) {
	m := map[string]any{t.event: ""}
	if t.placeholder != nil {
		m["placeholder"] = *t.placeholder
	}
	if t.filter != nil {
		m["filter"] = t.filter
	}
	if t.contentFilters != nil {
		m["contentFilters"] = t.contentFilters
	}
	return json.Marshal(m)
}

// flexInt accepts 3 or "3".
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	n, err := strconv.Atoi(strings.Trim(string(b), `"`))
	*f = flexInt(n)
	return err
}

// flexBool accepts true or "true".
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseBool(strings.Trim(string(b), `"`))
	*f = flexBool(v)
	return err
}

// flexString accepts "5" or 5.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n.String())
	return nil
}

var httpURLPattern = regexp.MustCompile(`^https?://[^\s/]+`)

// parseNotification validates a NotificationDocument: exactly one action (http with a url, or
// javascript with a script) and a job trigger with exactly one event.
func parseNotification(raw []byte) (*notificationDoc, *apiError) {
	bad := func(value, why string) *apiError { return errInvalid("notification", "", value, why) }
	var top struct {
		Action  map[string]json.RawMessage `json:"action"`
		Trigger map[string]json.RawMessage `json:"trigger"`
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, bad("", "malformed notification document: "+err.Error())
	}
	if len(top.Action) != 1 {
		return nil, bad("", "a notification needs exactly one action (http or javascript)")
	}
	var doc notificationDoc
	for kind, body := range top.Action {
		switch kind {
		case "http":
			doc.Action.HTTP = &httpAction{}
			if err := json.Unmarshal(body, doc.Action.HTTP); err != nil {
				return nil, bad("", "malformed http action: "+err.Error())
			}
			a := doc.Action.HTTP
			if a.URL == "" {
				return nil, bad("", "an http action needs a url")
			}
			if !httpURLPattern.MatchString(a.URL) {
				return nil, bad(a.URL, "the http action's url must be an http or https URL")
			}
			if a.Method == "" {
				a.Method = "GET"
			}
		case "javascript":
			doc.Action.JavaScript = &jsAction{}
			if err := json.Unmarshal(body, doc.Action.JavaScript); err != nil {
				return nil, bad("", "malformed javascript action: "+err.Error())
			}
			if doc.Action.JavaScript.Script == "" {
				return nil, bad("", "a javascript action needs a script")
			}
		default:
			return nil, bad(kind, "unsupported action "+strconv.Quote(kind)+": this server supports http and javascript")
		}
	}
	if len(top.Trigger) != 1 || top.Trigger["job"] == nil {
		return nil, bad("", "a job notification needs a job trigger: {\"trigger\":{\"job\":{...}}}")
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(top.Trigger["job"], &members); err != nil {
		return nil, bad("", "malformed job trigger: "+err.Error())
	}
	t := &jobTrigger{}
	for _, k := range sortedKeys(members) {
		v := members[k]
		switch {
		case slices.Contains(triggerEvents, k):
			if t.event != "" {
				return nil, bad(k, "a job trigger fires on exactly one event, not both "+t.event+" and "+k)
			}
			t.event = k
		case k == "placeholder":
			var b flexBool
			if err := json.Unmarshal(v, &b); err != nil {
				return nil, bad(string(v), "placeholder must be true or false")
			}
			t.placeholder = ptr(bool(b))
		case k == "filter" || k == "contentFilters":
			if !bytes.HasPrefix(bytes.TrimSpace(v), []byte("{")) {
				return nil, bad(k, "the job trigger's "+k+" must be an object")
			}
			if k == "filter" {
				t.filter = v
			} else {
				t.contentFilters = v
			}
		default:
			return nil, bad(k, "unknown job trigger member "+strconv.Quote(k))
		}
	}
	if t.event == "" {
		return nil, bad("", "a job trigger needs one event: "+strings.Join(triggerEvents, ", "))
	}
	doc.Trigger.Job = t
	return &doc, nil
}

func (st *state) addNotification(doc notificationDoc) *storedNotification {
	st.nextNotification++
	n := &storedNotification{num: st.nextNotification, doc: doc}
	st.notifications = append(st.notifications, n)
	return n
}

func (n *storedNotification) id() string { return "VX-" + strconv.Itoa(n.num) }

// findNotification resolves {id}: 400 when malformed, 404 when unknown.
func (c *call) findNotification() (int, *storedNotification, *apiError) {
	id := c.params["id"]
	m := jobIDPattern.FindStringSubmatch(id)
	if m == nil {
		return -1, nil, errInvalid("notification", id, id, "malformed notification id "+strconv.Quote(id)+": expected a site id such as VX-12")
	}
	for i, n := range c.s.state.notifications {
		if n.id() == id {
			return i, n, nil
		}
	}
	return -1, nil, errNotFound("notification", id, "")
}

func (c *call) readNotification() (*notificationDoc, *apiError) {
	var raw json.RawMessage
	if err := c.decode(&raw); err != nil {
		return nil, err
	}
	return parseNotification(raw)
}

// listNotifications: GET /API/job/notification answers the ids ({} when there is none).
func (c *call) listNotifications() {
	var ids []string
	for _, n := range c.s.state.notifications {
		ids = append(ids, n.id())
	}
	if c.wantsText() {
		c.text(strings.Join(ids, "\r\n"))
		return
	}
	c.ok(uriList{URI: ids})
}

func (c *call) createNotification() {
	doc, err := c.readNotification()
	if err != nil {
		c.fail(err)
		return
	}
	n := c.s.state.addNotification(*doc)
	c.ok(uriList{URI: []string{n.id()}})
}

func (c *call) getNotification() {
	if _, n, err := c.findNotification(); err != nil {
		c.fail(err)
	} else {
		c.ok(n.doc)
	}
}

// putNotification: PUT /API/job/notification/{id} replaces the document and answers it.
func (c *call) putNotification() {
	_, n, err := c.findNotification()
	if err != nil {
		c.fail(err)
		return
	}
	doc, err := c.readNotification()
	if err != nil {
		c.fail(err)
		return
	}
	n.doc = *doc
	c.ok(n.doc)
}

func (c *call) deleteNotification() {
	i, _, err := c.findNotification()
	if err != nil {
		c.fail(err)
		return
	}
	c.s.state.notifications = slices.Delete(c.s.state.notifications, i, i+1)
	c.empty()
}

// deleteAllNotifications: DELETE /API/job/notification removes every job notification.
func (c *call) deleteAllNotifications() {
	c.s.state.notifications = nil
	c.empty()
}
