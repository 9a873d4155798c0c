package vidimock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// storedNotification is a job notification and the number of its VX- id.
type storedNotification struct {
	num int
	doc map[string]any // the NotificationDocument as stored: normalised where the mock interprets it, as sent elsewhere
}

// What the mock does with an http notification action sent without a timeout (Options.HTTPTimeoutMissing).
// The specification (NotificationHttpActionType) marks timeout required; whether a real server
// refuses such a document or fills in a default is not known, so the mock plays either.
const (
	HTTPTimeoutReject  = "reject"  // 400 invalidInput, as the specification's required member says (also "")
	HTTPTimeoutDefault = "default" // store DefaultHTTPTimeout
)

// DefaultHTTPTimeout is the timeout stored in HTTPTimeoutDefault mode. A real server's value is
// not known; this one differs from any client's fallback so tests can tell who chose it.
const DefaultHTTPTimeout = "30"

// The members the specification (5.x SDK models NotificationType, NotificationTypeAction,
// Notification*ActionType, NotificationJobTriggerType and its AllOfFilter, AllOfFilterJobdata
// and AllOfContentFilters) allows in the parts of a job notification the mock interprets.
// Members outside these lists are refused, naming the member: a typo must not pass silently.
var (
	notificationActionKinds  = []string{"http", "javascript", "ejb", "jms", "sqs", "sns"}
	notificationActionCommon = []string{"synchronous", "retry", "extradata", "group"}
	// notificationActionMembers are each action's own members (all strings but http's
	// timeout) and, first, the ones it requires.
	notificationActionMembers = map[string]struct{ required, optional []string }{
		"http":       {[]string{"url"}, []string{"method", "contentType"}},
		"javascript": {[]string{"script"}, nil},
		"ejb":        {[]string{"bean", "method"}, nil},
		"jms":        {[]string{"queueFactory", "queue"}, []string{"username", "password", "contentType"}},
		"sqs": {[]string{"queue"}, []string{"endpoint", "contentType", "accessKey", "secret", "roleArn",
			"roleSessionName", "roleExternalId", "messageGroupId"}},
		"sns": {[]string{"topic"}, []string{"endpoint", "contentType", "accessKey", "secret", "roleArn",
			"roleSessionName", "roleExternalId"}},
	}
	triggerEvents        = []string{"create", "update", "stop", "finished", "fail"}
	jobTriggerMembers    = append([]string{"type", "placeholder", "filter", "contentFilters"}, triggerEvents...)
	jobFilterMembers     = []string{"step", "type", "jobdata"}
	jobDataFilterMembers = []string{"key", "value", "key-regex", "value-regex"}
	// contentFilterValues are the job fields a contentFilter may name (Vidispine 4.9 XSD; the
	// 5.x specification only says "list of strings").
	contentFilterValues = []string{"jobId", "jobState", "user", "startTime", "jobType", "jobData", "errorMessage",
		"itemId", "totalSteps", "currentStep"}
)

var (
	httpURLPattern     = regexp.MustCompile(`^https?://[^\s/]+`)
	httpTimeoutPattern = regexp.MustCompile(`^(none|[0-9]{1,9})$`)
)

// notificationChecker validates one NotificationDocument and normalises what the mock
// interprets; the first problem found is kept in err.
type notificationChecker struct {
	missingTimeout string
	err            *apiError
}

func (nc *notificationChecker) fail(value, why string) {
	if nc.err == nil {
		nc.err = errInvalid("notification", "", value, why)
	}
}

// object returns v as a JSON object, or fails naming where it was found.
func (nc *notificationChecker) object(v any, where string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		nc.fail("", where+" must be a JSON object")
	}
	return m
}

// members refuses members of obj that the specification does not allow there.
func (nc *notificationChecker) members(obj map[string]any, where string, allowed []string) {
	for _, k := range sortedKeys(obj) {
		if !slices.Contains(allowed, k) {
			nc.fail(k, "unknown member "+strconv.Quote(k)+" in the "+where+"; allowed: "+strings.Join(allowed, ", "))
		}
	}
}

// javaInt normalises obj[key] to a number a Java int holds; "3" is accepted like 3.
func (nc *notificationChecker) javaInt(obj map[string]any, key, where string) {
	v, ok := obj[key]
	if !ok {
		return
	}
	n, err := strconv.ParseInt(strings.TrimSpace(fmt.Sprint(v)), 10, 32)
	if _, isObj := v.(map[string]any); err != nil || isObj {
		nc.fail(fmt.Sprint(v), where+"."+key+" must be a whole number from "+strconv.Itoa(math.MinInt32)+" to "+strconv.Itoa(math.MaxInt32))
		return
	}
	obj[key] = n
}

// boolean normalises obj[key] to a boolean; "true" is accepted like true. def is stored when it is missing.
func (nc *notificationChecker) boolean(obj map[string]any, key, where string, def *bool) {
	v, ok := obj[key]
	if !ok {
		if def != nil {
			obj[key] = *def
		}
		return
	}
	b, err := strconv.ParseBool(fmt.Sprint(v))
	if _, isObj := v.(map[string]any); err != nil || isObj {
		nc.fail(fmt.Sprint(v), where+"."+key+" must be true or false")
		return
	}
	obj[key] = b
}

// textOnly requires the named members of obj, where present, to be strings.
func (nc *notificationChecker) textOnly(obj map[string]any, where string, keys ...string) {
	for _, k := range keys {
		if v, ok := obj[k]; ok {
			if _, isString := v.(string); !isString {
				nc.fail(fmt.Sprint(v), where+"."+k+" must be a string")
			}
		}
	}
}

// parseNotification validates a NotificationDocument: exactly one action (http, javascript,
// ejb, jms, sqs or sns, each with its required members and only the members the specification
// gives it; secrets are stored as sent and returned on GET) and a job trigger with exactly one
// event. missingTimeout is HTTPTimeoutReject or HTTPTimeoutDefault.
func parseNotification(raw []byte, missingTimeout string) (map[string]any, *apiError) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // members stored as sent keep their exact numbers
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, errInvalid("notification", "", "", "malformed notification document: "+err.Error())
	}
	nc := &notificationChecker{missingTimeout: missingTimeout}
	doc := nc.object(top, "notification document")
	if doc == nil {
		return nil, nc.err
	}
	nc.members(doc, "notification document", []string{"action", "trigger"})
	nc.action(doc["action"])
	nc.trigger(doc["trigger"])
	if nc.err != nil {
		return nil, nc.err
	}
	return doc, nil
}

func (nc *notificationChecker) action(v any) {
	action, _ := v.(map[string]any)
	if len(action) != 1 {
		nc.fail("", "a notification needs exactly one action: "+strings.Join(notificationActionKinds, ", "))
		return
	}
	for kind, body := range action {
		a := nc.object(body, kind+" action")
		own, known := notificationActionMembers[kind]
		if !known {
			nc.fail(kind, "unsupported action "+strconv.Quote(kind)+": the specification has "+strings.Join(notificationActionKinds, ", "))
		}
		if a == nil || !known {
			return
		}
		where := kind + " action"
		nc.members(a, where, slices.Concat(own.required, own.optional, notificationActionCommon, timeoutIfHTTP(kind)))
		nc.boolean(a, "synchronous", where, ptr(false))
		nc.javaInt(a, "retry", where)
		nc.textOnly(a, where, slices.Concat(own.required, own.optional, []string{"extradata", "group"})...)
		for _, m := range own.required {
			if s, _ := a[m].(string); s == "" {
				nc.fail("", "a "+kind+" action needs a "+m)
			}
		}
		if kind == "http" {
			nc.httpAction(a)
		}
	}
}

// timeoutIfHTTP is the member only the http action has besides its strings.
func timeoutIfHTTP(kind string) []string {
	if kind == "http" {
		return []string{"timeout"}
	}
	return nil
}

// httpAction checks the url and normalises method and timeout of an http action.
func (nc *notificationChecker) httpAction(a map[string]any) {
	if url, _ := a["url"].(string); url != "" && !httpURLPattern.MatchString(url) {
		nc.fail(url, "the http action's url must be an http or https URL")
	}
	if a["method"] == nil {
		a["method"] = "GET"
	}
	switch t, ok := a["timeout"]; {
	case !ok && nc.missingTimeout == HTTPTimeoutDefault:
		a["timeout"] = DefaultHTTPTimeout
	case !ok:
		nc.fail("", "an http action needs a timeout (seconds, or none)")
	default:
		ts := fmt.Sprint(t) // 5 is accepted like "5"
		if _, isObj := t.(map[string]any); isObj || !httpTimeoutPattern.MatchString(ts) {
			nc.fail(ts, "the http action's timeout must be a number of seconds or none")
		}
		a["timeout"] = ts
	}
}

func (nc *notificationChecker) trigger(v any) {
	trigger, _ := v.(map[string]any)
	if len(trigger) != 1 || trigger["job"] == nil {
		nc.fail("", "a job notification needs a job trigger: {\"trigger\":{\"job\":{...}}}")
		return
	}
	t := nc.object(trigger["job"], "job trigger")
	if t == nil {
		return
	}
	nc.members(t, "job trigger", jobTriggerMembers)
	event := ""
	for _, ev := range triggerEvents {
		switch val, ok := t[ev]; {
		case !ok:
		case val == nil: // a null event is no event
			delete(t, ev)
		case event != "":
			nc.fail(ev, "a job trigger fires on exactly one event, not both "+event+" and "+ev)
		default:
			event, t[ev] = ev, ""
		}
	}
	if event == "" {
		nc.fail("", "a job trigger needs one event: "+strings.Join(triggerEvents, ", "))
	}
	nc.textOnly(t, "job trigger", "type") // stored as sent: its meaning is not documented
	nc.boolean(t, "placeholder", "job trigger", nil)
	if f, ok := t["filter"]; ok {
		nc.filter(nc.object(f, "job trigger's filter"))
	}
	if cf, ok := t["contentFilters"]; ok {
		nc.contentFilters(nc.object(cf, "job trigger's contentFilters"))
	}
}

func (nc *notificationChecker) filter(f map[string]any) {
	if f == nil {
		return
	}
	nc.members(f, "job trigger's filter", jobFilterMembers)
	nc.javaInt(f, "step", "filter")
	nc.textOnly(f, "filter", "type")
	jd, ok := f["jobdata"]
	if !ok {
		return
	}
	d := nc.object(jd, "filter's jobdata")
	if d == nil {
		return
	}
	nc.members(d, "filter's jobdata", jobDataFilterMembers)
	nc.textOnly(d, "jobdata", jobDataFilterMembers...)
	// The 4.9 XSD reads as a choice of key or key-regex (and of value or value-regex); the 5.x
	// specification lists all four as optional. The mock takes the stricter reading.
	_, key := d["key"]
	_, keyRegex := d["key-regex"]
	_, value := d["value"]
	_, valueRegex := d["value-regex"]
	switch {
	case key && keyRegex:
		nc.fail("key-regex", "a jobdata filter has a key or a key-regex, not both")
	case !key && !keyRegex:
		nc.fail("", "a jobdata filter needs a key or a key-regex")
	case value && valueRegex:
		nc.fail("value-regex", "a jobdata filter has a value or a value-regex, not both")
	}
}

func (nc *notificationChecker) contentFilters(cf map[string]any) {
	if cf == nil {
		return
	}
	nc.members(cf, "job trigger's contentFilters", []string{"contentFilter"})
	list, ok := cf["contentFilter"].([]any)
	if _, present := cf["contentFilter"]; present && !ok {
		nc.fail("", "contentFilters.contentFilter must be a list of job fields")
	}
	for _, v := range list {
		if s, _ := v.(string); !slices.Contains(contentFilterValues, s) {
			nc.fail(fmt.Sprint(v), "unknown contentFilter "+strconv.Quote(fmt.Sprint(v))+"; allowed: "+strings.Join(contentFilterValues, ", "))
		}
	}
}

func (st *state) addNotification(doc map[string]any) *storedNotification {
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

func (c *call) readNotification() (map[string]any, *apiError) {
	var raw json.RawMessage
	if err := c.decode(&raw); err != nil {
		return nil, err
	}
	return parseNotification(raw, c.s.state.httpTimeoutMissing)
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
	n := c.s.state.addNotification(doc)
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
	n.doc = doc
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
