package vidispine

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
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
	ejb := decodeNotification(t, `{"action":{"ejb":{"bean":"b","synchronous":false}},"trigger":{"job":{"stop":""}}}`)
	ejb.Trigger.Job.Event = "fail"
	b, _ = json.Marshal(ejb)
	if got, want := canonical(t, string(b)), canonical(t, `{"action":{"ejb":{"bean":"b","synchronous":false}},"trigger":{"job":{"fail":""}}}`); got != want {
		t.Errorf("marshalled %s, want %s", got, want)
	}
}

// TestUpdateNotificationSendsServerDocument: an update built from GetNotification sends the
// members the client does not model back to the server.
func TestUpdateNotificationSendsServerDocument(t *testing.T) {
	var put string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job/notification/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, serverNotification)
	})
	mux.HandleFunc("PUT /API/job/notification/{id}", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		put = string(b)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	})
	tc := newTestClient(t, mux)
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
