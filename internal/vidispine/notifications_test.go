package vidispine

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// canonical re-marshals a JSON document with sorted keys.
func canonical(t *testing.T, doc string) string {
	t.Helper()
	var v any
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%v: %s", err, doc)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// A server document with members the client does not model, at every level.
const serverNotification = `{"action":{"http":{"synchronous":true,"retry":2,"url":"http://hook/a","method":"POST",
  "timeout":"none","extradata":"x","group":"g","headers":{"X-Trace":"1"}}},
 "trigger":{"job":{"finished":"","type":"JobTrigger","placeholder":false,"future":12345678901234567890,
  "filter":{"step":4,"type":"TRANSCODE","user":"alice","jobdata":{"key-regex":"item.*","value":"VX-1","scope":"job"}},
  "contentFilters":{"contentFilter":["jobId"],"format":"short"}}},
 "owner":"admin"}`

func decodeNotification(t *testing.T, doc string) *Notification {
	t.Helper()
	var n Notification
	if err := json.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	return &n
}

func TestNotificationMarshalKeepsUnmodeledMembers(t *testing.T) {
	n := decodeNotification(t, serverNotification)
	// Unchanged, the document goes back exactly as read (numbers too).
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := canonical(t, string(b)), canonical(t, serverNotification); got != want {
		t.Errorf("unchanged document marshalled as\n%s\nwant\n%s", got, want)
	}

	// Changing modelled members changes only them; removing one removes it.
	n.Action.HTTP.URL = "http://hook/b"
	n.Action.HTTP.Retry = nil
	n.Trigger.Job.Event = "fail"
	n.Trigger.Job.Filter.Step = nil
	n.Trigger.Job.Filter.JobData.Value = nil
	n.Trigger.Job.ContentFilters = nil
	b, err = json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"action":{"http":{"synchronous":true,"url":"http://hook/b","method":"POST",
	  "timeout":"none","extradata":"x","group":"g","headers":{"X-Trace":"1"}}},
	 "trigger":{"job":{"fail":"","type":"JobTrigger","placeholder":false,"future":12345678901234567890,
	  "filter":{"type":"TRANSCODE","user":"alice","jobdata":{"key-regex":"item.*","scope":"job"}},
	  "contentFilters":{"format":"short"}}},
	 "owner":"admin"}`
	if got, want := canonical(t, string(b)), canonical(t, want); got != want {
		t.Errorf("changed document marshalled as\n%s\nwant\n%s", got, want)
	}
}

func TestNotificationMarshalSwitchesActionKind(t *testing.T) {
	n := decodeNotification(t, serverNotification)
	n.Action = NotificationAction{JavaScript: &JavaScriptAction{Script: "log(job)"}}
	n.Trigger.Job.Filter = nil
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	// The http action goes whole (an action has one kind); the filter keeps what the client
	// does not model.
	want := `{"action":{"javascript":{"synchronous":false,"script":"log(job)"}},
	 "trigger":{"job":{"finished":"","type":"JobTrigger","placeholder":false,"future":12345678901234567890,
	  "filter":{"user":"alice","jobdata":{"scope":"job"}},
	  "contentFilters":{"contentFilter":["jobId"],"format":"short"}}},
	 "owner":"admin"}`
	if got, want := canonical(t, string(b)), canonical(t, want); got != want {
		t.Errorf("marshalled\n%s\nwant\n%s", got, want)
	}

	// An action kind the client does not model is kept when the caller sets none.
	other := decodeNotification(t, `{"action":{"kafka":{"topic":"t","synchronous":false}},"trigger":{"job":{"stop":""}}}`)
	other.Trigger.Job.Event = "fail"
	b, _ = json.Marshal(other)
	if got, want := canonical(t, string(b)), canonical(t, `{"action":{"kafka":{"topic":"t","synchronous":false}},"trigger":{"job":{"fail":""}}}`); got != want {
		t.Errorf("marshalled %s, want %s", got, want)
	}
}

// notificationEcho is a client of a server that answers GET of any notification with doc
// and a PUT with what it was sent, which *put receives.
func notificationEcho(t *testing.T, doc string, put *string) *testClient {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job/notification/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, doc)
	})
	mux.HandleFunc("PUT /API/job/notification/{id}", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*put = string(b)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	})
	return newTestClient(t, mux)
}

// TestUpdateNotificationSendsServerDocument: an update built from GetNotification sends the
// members the client does not model back to the server.
func TestUpdateNotificationSendsServerDocument(t *testing.T) {
	var put string
	tc := notificationEcho(t, serverNotification, &put)
	ctx := context.Background()
	n, err := tc.GetNotification(ctx, "VX-3")
	if err != nil {
		t.Fatal(err)
	}
	n.Action.HTTP.Method = "PUT"
	got, err := tc.UpdateNotification(ctx, "VX-3", *n)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(canonical(t, serverNotification), `"method":"POST"`, `"method":"PUT"`, 1)
	if canonical(t, put) != want {
		t.Errorf("PUT sent\n%s\nwant\n%s", canonical(t, put), want)
	}
	if got.ID != "VX-3" || got.Action.HTTP.Method != "PUT" || *got.Trigger.Job.Filter.JobData.KeyRegex != "item.*" {
		t.Errorf("UpdateNotification = %+v", got)
	}
}

func TestNotificationWireFormat(t *testing.T) {
	retry, placeholder, step := 3, false, 300
	key, value := "itemId", "VX-1"
	n := Notification{
		ID: "VX-9",
		Action: NotificationAction{HTTP: &HTTPAction{URL: "http://hook/job", Method: "POST", ContentType: "application/json",
			Timeout: "5", ActionCommon: ActionCommon{Retry: &retry, Extradata: "ticket=42", Group: "hooks"}}},
		Trigger: NotificationTrigger{Job: &JobTrigger{Event: "finished", Type: "JobTrigger", Placeholder: &placeholder,
			Filter:         &JobTriggerFilter{Step: &step, Type: "TRANSCODE", JobData: &JobDataFilter{Key: &key, Value: &value}},
			ContentFilters: []string{"jobId", "jobState"}}},
	}
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"action":{"http":{"synchronous":false,"retry":3,"extradata":"ticket=42","group":"hooks","url":"http://hook/job","method":"POST","contentType":"application/json","timeout":"5"}},` +
		`"trigger":{"job":{"contentFilters":{"contentFilter":["jobId","jobState"]},"filter":{"step":300,"type":"TRANSCODE","jobdata":{"key":"itemId","value":"VX-1"}},"finished":"","placeholder":false,"type":"JobTrigger"}}}`
	if string(b) != want {
		t.Errorf("marshalled\n%s\nwant\n%s", b, want)
	}
	var back Notification
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	n.ID, back.raw = "", nil // the id is not part of the document; the kept document is compared below
	if !reflect.DeepEqual(back, n) {
		t.Errorf("round trip: %+v", back)
	}

	// Regular expressions instead of key and value; the list of one written as a single value.
	var rx JobTrigger
	if err := json.Unmarshal([]byte(`{"update":"","filter":{"step":"7","jobdata":{"key-regex":"item.*","value-regex":"VX-[0-9]+"}},
	  "contentFilters":{"contentFilter":"jobId"}}`), &rx); err != nil {
		t.Fatal(err)
	}
	if jd := rx.Filter.JobData; *rx.Filter.Step != 7 || jd.Key != nil || jd.Value != nil || *jd.KeyRegex != "item.*" ||
		*jd.ValueRegex != "VX-[0-9]+" || !reflect.DeepEqual(rx.ContentFilters, []string{"jobId"}) {
		t.Errorf("decoded %+v, filter %+v", rx, rx.Filter)
	}

	// Tolerated: other events null, numbers for timeout and retry, strings for booleans.
	var tol Notification
	err = json.Unmarshal([]byte(`{"action":{"javascript":{"synchronous":"true","retry":"2","script":"x"},"http":null},
	  "trigger":{"job":{"create":null,"fail":"","filter":null}}}`), &tol)
	if err != nil {
		t.Fatal(err)
	}
	if tol.Trigger.Job.Event != "fail" || tol.Action.JavaScript == nil || !tol.Action.JavaScript.Synchronous ||
		*tol.Action.JavaScript.Retry != 2 || tol.Action.HTTP != nil {
		t.Errorf("decoded %+v / %+v", tol.Trigger.Job, tol.Action.JavaScript)
	}
	var num HTTPAction
	if err := json.Unmarshal([]byte(`{"synchronous":true,"url":"u","timeout":30}`), &num); err != nil || num.Timeout != "30" {
		t.Errorf("timeout as number: %+v, %v", num, err)
	}

	if _, err := json.Marshal(JobTrigger{Event: "finish"}); err == nil {
		t.Error("an unknown event was marshalled")
	}
}

func TestListNotificationsExpanded(t *testing.T) {
	const n = 30
	var (
		mu       sync.Mutex
		inFlight int
		maxSeen  int
	)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job/notification", func(w http.ResponseWriter, r *http.Request) {
		var ids []string
		for i := 1; i <= n; i++ {
			ids = append(ids, fmt.Sprintf("VX-%d", i))
		}
		writeJSON(w, 200, map[string]any{"uri": ids})
	})
	mux.HandleFunc("GET /API/job/notification/{id}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		maxSeen = max(maxSeen, inFlight)
		mu.Unlock()
		defer func() {
			mu.Lock()
			inFlight--
			mu.Unlock()
		}()
		if r.PathValue("id") == "VX-13" { // deleted between list and get
			notFound(w, "notification", "VX-13")
			return
		}
		writeJSON(w, 200, map[string]any{
			"action":  map[string]any{"http": map[string]any{"synchronous": false, "url": "http://hook/" + r.PathValue("id")}},
			"trigger": map[string]any{"job": map[string]any{"stop": ""}},
		})
	})
	tc := newTestClient(t, mux)
	list, err := tc.ListNotificationsExpanded(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != n-1 {
		t.Fatalf("%d notifications, want %d", len(list), n-1)
	}
	for i, nt := range list {
		id := nt.ID
		if nt.Action.HTTP == nil || nt.Action.HTTP.URL != "http://hook/"+id || nt.Trigger.Job.Event != "stop" {
			t.Errorf("notification %d: %+v", i, nt)
		}
	}
	if list[0].ID != "VX-1" || list[12].ID != "VX-14" {
		t.Errorf("order not kept: %s, %s", list[0].ID, list[12].ID)
	}
	if maxSeen > expandConcurrency {
		t.Errorf("%d requests in flight at once, want at most %d", maxSeen, expandConcurrency)
	}
}

func TestListNotificationsExpandedFails(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job/notification", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"uri": []string{"VX-1", "VX-2", "VX-3"}})
	})
	mux.HandleFunc("GET /API/job/notification/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "VX-2" {
			exception(w, 403, KindForbidden, map[string]any{"explanation": "missing _job_notification_read"})
			return
		}
		writeJSON(w, 200, map[string]any{"trigger": map[string]any{"job": map[string]any{"create": ""}}})
	})
	tc := newTestClient(t, mux)
	_, err := tc.ListNotificationsExpanded(context.Background())
	if !IsForbidden(err) || !strings.Contains(err.Error(), "missing _job_notification_read") {
		t.Errorf("err = %v", err)
	}
}

// A server's SQS action with its secret, quoted numbers and a member the client does not
// model: decoded tolerantly, and an update that changes the queue sends the secret and the
// unknown member back as the server holds them.
func TestSQSActionKeepsServerSecret(t *testing.T) {
	const doc = `{"action":{"sqs":{"synchronous":"true","retry":"2","endpoint":"sqs.eu-west-1.amazonaws.com",
	  "queue":"https://sqs.eu-west-1.amazonaws.com/123456789012/jobs","accessKey":"AKIA1","secret":"s3cr3t",
	  "contentType":"application/json","region":"eu-west-1"}},"trigger":{"job":{"fail":""}}}`
	n := decodeNotification(t, doc)
	q := n.Action.SQS
	if q == nil || n.Action.Kind() != "sqs" || !q.Synchronous || q.Retry == nil || *q.Retry != 2 ||
		q.Secret != "s3cr3t" || q.AccessKey != "AKIA1" || q.Endpoint != "sqs.eu-west-1.amazonaws.com" {
		t.Fatalf("decoded %+v", q)
	}
	q.Queue = "https://sqs.eu-west-1.amazonaws.com/123456789012/other"
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(`"synchronous":"true","retry":"2"`, `"synchronous":true,"retry":2`,
		"/jobs", "/other").Replace(doc)
	if got, want := canonical(t, string(b)), canonical(t, want); got != want {
		t.Errorf("marshalled\n%s\nwant\n%s", got, want)
	}
	// Removing the key and secret (a switch to a role) removes them from the document.
	q.AccessKey, q.Secret, q.RoleArn = "", "", "arn:aws:iam::123456789012:role/vidispine"
	b, _ = json.Marshal(n)
	if s := string(b); strings.Contains(s, "s3cr3t") || strings.Contains(s, "accessKey") || !strings.Contains(s, `"roleArn"`) {
		t.Errorf("marshalled %s", s)
	}
}

// Every action kind decodes into its own type, with the common members.
func TestNotificationActionKinds(t *testing.T) {
	for _, c := range []struct{ kind, body, want string }{
		{"sns", `{"topic":"arn:aws:sns:eu-west-1:123456789012:jobs","secret":"x","synchronous":"true","group":"g"}`,
			"arn:aws:sns:eu-west-1:123456789012:jobs x"},
		{"jms", `{"queueFactory":"jms/QF","queue":"jms/Q","username":"u","password":"p","synchronous":true,"group":"g"}`,
			"jms/QF jms/Q u p"},
		{"ejb", `{"bean":"java:global/Hook","method":"notify","synchronous":true,"group":"g"}`, "java:global/Hook notify"},
	} {
		n := decodeNotification(t, `{"action":{"`+c.kind+`":`+c.body+`},"trigger":{"job":{"stop":""}}}`)
		var got string
		var common ActionCommon
		switch a := n.Action; {
		case a.SNS != nil:
			got, common = a.SNS.Topic+" "+a.SNS.Secret, a.SNS.ActionCommon
		case a.JMS != nil:
			got, common = strings.Join([]string{a.JMS.QueueFactory, a.JMS.Queue, a.JMS.Username, a.JMS.Password}, " "), a.JMS.ActionCommon
		case a.EJB != nil:
			got, common = a.EJB.Bean+" "+a.EJB.Method, a.EJB.ActionCommon
		}
		if n.Action.Kind() != c.kind || got != c.want || !common.Synchronous || common.Group != "g" {
			t.Errorf("%s decoded as %q: %q %+v", c.kind, n.Action.Kind(), got, common)
		}
	}
}

// The secrets a notification carries are in the bodies the client sends and receives; the
// debug log shows those bodies with the secrets masked.
func TestNotificationSecretsNotLogged(t *testing.T) {
	const doc = `{"action":{"jms":{"synchronous":false,"queueFactory":"jms/QF","queue":"jms/Q","username":"u",
	  "password":"Pw-\"quoted\"-JMS"}},"trigger":{"job":{"stop":""}}}`
	var put string
	tc := notificationEcho(t, doc, &put)
	raw, lines := logLines(t, func(ctx context.Context) {
		n, err := tc.GetNotification(ctx, "VX-1")
		if err != nil {
			t.Fatal(err)
		}
		n.Action.JMS.Password = "Pw-rotated-JMS"
		if _, err := tc.UpdateNotification(ctx, "VX-1", *n); err != nil {
			t.Fatal(err)
		}
	})
	for _, secret := range []string{"quoted", "Pw-rotated-JMS"} {
		if strings.Contains(raw, secret) {
			t.Errorf("the log holds the secret %q:\n%s", secret, raw)
		}
	}
	bodies := 0
	for _, l := range lines {
		if b, _ := l["body"].(string); strings.Contains(b, `"password":"***"`) && strings.Contains(b, `"queue":"jms/Q"`) {
			bodies++
		}
	}
	if bodies != 3 { // the GET's answer, the PUT's body and its answer
		t.Errorf("%d logged bodies show the document with its password masked, want 3:\n%s", bodies, raw)
	}
}

// After a lost answer to a POST, a notification is recognised as ours even when the server
// answers its secret masked.
func TestSameNotificationIgnoresSecrets(t *testing.T) {
	want := decodeNotification(t, `{"action":{"jms":{"synchronous":false,"queueFactory":"QF","queue":"Q","username":"u",
	  "password":"p"}},"trigger":{"job":{"stop":""}}}`)
	want.raw = nil
	for got, same := range map[string]bool{
		`{"action":{"jms":{"synchronous":false,"queueFactory":"QF","queue":"Q","username":"u","password":"****"}},"trigger":{"job":{"stop":""}}}`: true,
		`{"action":{"jms":{"synchronous":false,"queueFactory":"QF","queue":"Q","username":"u"}},"trigger":{"job":{"stop":""}}}`:                   true,
		`{"action":{"jms":{"synchronous":false,"queueFactory":"QF","queue":"Q2","username":"u","password":"p"}},"trigger":{"job":{"stop":""}}}`:   false,
	} {
		if s, err := sameNotification(*want, *decodeNotification(t, got)); err != nil || s != same {
			t.Errorf("sameNotification(%s) = %v, %v; want %v", got, s, err, same)
		}
	}
}

// Secret members are masked in logged text whatever their spacing, escapes or truncation.
func TestRedactSecretMembers(t *testing.T) {
	s := &secretSet{}
	for in, want := range map[string]string{
		`{"secret":"a\"b","queue":"q"}`:        `{"secret":"***","queue":"q"}`,
		`{"password" : "p w", "username":"u"}`: `{"password" : "***", "username":"u"}`,
		`{"queue":"q","secret":"cut-off-by-tr`: `{"queue":"q","secret":"***"`,
		`{"secretary":"x","passwords":"y"}`:    `{"secretary":"x","passwords":"y"}`,
	} {
		if got := s.redact(in); got != want {
			t.Errorf("redact(%s) = %s, want %s", in, got, want)
		}
	}
}
