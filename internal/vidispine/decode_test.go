package vidispine

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeJobListTolerance(t *testing.T) {
	for _, tt := range []struct {
		name string
		body string
		want JobList
	}{
		{"empty object", `{}`, JobList{}},
		{"no hits", `{"hits":0}`, JobList{}},
		{"hits as string, unknown fields", `{"hits":"2","job":[{"jobId":"VX-1","status":"READY","type":"IMPORT","priority":"LOW","subJob":[],"x":{"y":1}},{"jobId":"VX-2"}],"extra":null}`,
			JobList{Hits: 2, Jobs: []Job{{ID: "VX-1", Status: "READY", Type: "IMPORT", Priority: "LOW"}, {ID: "VX-2"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got JobList
			if err := json.Unmarshal([]byte(tt.body), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeJobNumbersAsStrings(t *testing.T) {
	body := `{"jobId":"VX-120","user":"admin","started":"2020-10-02T15:36:54.047+0000","status":"STARTED",
	  "type":"TRANSCODE","priority":"MEDIUM","totalSteps":"5",
	  "currentStep":{"description":"Transcoding","number":"300","status":"STARTED"},
	  "data":[{"key":"itemId","value":"VX-93"},{"key":"transcodeProgress","value":42},{"key":"flag","value":true}],
	  "waiting":null,
	  "log":{"task":[{"id":"411","step":300,"attempts":"1","status":"STARTED","timestamp":"t",
	     "description":"Transcoding","progress":{"value":"42.5","total":"100","unit":"percent"},"subStep":[{"x":1}]},
	     {"id":412,"step":400,"attempts":1,"status":"READY","timestamp":"t","progress":17}]}}`
	var j Job
	if err := json.Unmarshal([]byte(body), &j); err != nil {
		t.Fatal(err)
	}
	want := Job{
		ID: "VX-120", User: "admin", Started: "2020-10-02T15:36:54.047+0000", Status: "STARTED", Type: "TRANSCODE",
		Priority: "MEDIUM", TotalSteps: 5,
		CurrentStep: &JobCurrentStep{Description: "Transcoding", Number: 300, Status: "STARTED"},
		Data:        []KeyValue{{"itemId", "VX-93"}, {"transcodeProgress", "42"}, {"flag", "true"}},
		Log: &JobLog{Task: []JobTask{
			{ID: 411, Step: 300, Attempts: 1, Status: "STARTED", Timestamp: "t", Description: "Transcoding",
				Progress: &JobProgress{Value: 42.5, Total: 100, Unit: "percent"}},
			{ID: 412, Step: 400, Attempts: 1, Status: "READY", Timestamp: "t", Progress: &JobProgress{Value: 17}},
		}},
	}
	if !reflect.DeepEqual(j, want) {
		t.Errorf("got  %+v\nwant %+v", j, want)
	}
	if m := j.Metadata(); m["itemId"] != "VX-93" || len(m) != 3 {
		t.Errorf("Metadata() = %v", m)
	}
}

func TestDecodeRejectsGarbageNumbers(t *testing.T) {
	for _, body := range []string{`{"hits":"many"}`, `{"hits":1.5}`, `{"hits":{}}`} {
		var l JobList
		if err := json.Unmarshal([]byte(body), &l); err == nil {
			t.Errorf("%s decoded without error: %+v", body, l)
		}
	}
}

func TestDecodeTaskDefinition(t *testing.T) {
	body := `{"id":"1234","description":"Custom stitch step","step":"100","jobType":"THUMBNAIL_STITCH",
	  "script":"/* js */","critical":"true","cleanup":false,"flags":"3","plugin":null,
	  "dependency":{"step":"0","previous":"true"},"metadata":{"field":{"key":"owner","value":"ops"}}}`
	var td TaskDefinition
	if err := json.Unmarshal([]byte(body), &td); err != nil {
		t.Fatal(err)
	}
	tr, fa, three := true, false, 3
	want := TaskDefinition{ID: 1234, Description: "Custom stitch step", Step: 100, JobType: "THUMBNAIL_STITCH",
		Script: "/* js */", Critical: &tr, Cleanup: &fa, Flags: &three,
		Dependency: &TaskDependency{Step: &[]int{0}[0], Previous: &tr},
		Metadata:   &SimpleMetadata{Field: []KeyValue{{"owner", "ops"}}}}
	td.raw = nil // kept for writing the document back; compared in TestTaskDefinitionKeepsWhatItDoesNotModel
	if !reflect.DeepEqual(td, want) {
		t.Errorf("got %+v, want %+v", td, want)
	}
	// Step 0 is a real step: it must be sent.
	b, _ := json.Marshal(TaskDefinition{JobType: "X", Step: 0, Bean: "b", Method: "m"})
	if !strings.Contains(string(b), `"step":0`) || strings.Contains(string(b), `"id"`) {
		t.Errorf("marshalled %s", b)
	}
}

func TestNotificationWireFormat(t *testing.T) {
	retry, placeholder, step := 3, false, 300
	key, value := "itemId", "VX-1"
	n := Notification{
		ID: "VX-9",
		Action: NotificationAction{HTTP: &HTTPAction{URL: "http://hook/job", Method: "POST", ContentType: "application/json",
			Timeout: "5", Retry: &retry, Extradata: "ticket=42", Group: "hooks"}},
		Trigger: NotificationTrigger{Job: &JobTrigger{Event: "finished", Type: "JobTrigger", Placeholder: &placeholder,
			Filter:         &JobTriggerFilter{Step: &step, Type: "TRANSCODE", JobData: &JobDataFilter{Key: &key, Value: &value}},
			ContentFilters: []string{"jobId", "jobState"}}},
	}
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"action":{"http":{"synchronous":false,"retry":3,"url":"http://hook/job","method":"POST","contentType":"application/json","timeout":"5","extradata":"ticket=42","group":"hooks"}},` +
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

func TestDecodeUser(t *testing.T) {
	var u User
	err := json.Unmarshal([]byte(`{"userName":"alice","realName":"Alice A","disabled":"false","metadata":{},
	  "groupList":{"group":[{"groupName":"_administrator","role":true},{"groupName":"editors","role":false}]}}`), &u)
	if err != nil {
		t.Fatal(err)
	}
	if u.UserName != "alice" || u.RealName != "Alice A" || u.Disabled || !reflect.DeepEqual(u.Groups, []string{"_administrator", "editors"}) {
		t.Errorf("decoded %+v", u)
	}
	if !u.HasRole("_administrator") || u.HasRole("_job_write") {
		t.Error("HasRole is wrong")
	}
	var none User
	if err := json.Unmarshal([]byte(`{"userName":"x"}`), &none); err != nil || none.HasRole("_administrator") {
		t.Errorf("user without groups: %+v, %v", none, err)
	}
}

func TestDecodeAPIErrorAllKinds(t *testing.T) {
	for _, tt := range []struct {
		status int
		kind   string
		member string
		is     func(error) bool
		text   []string
	}{
		{404, KindNotFound, `{"type":"Job","id":"VX-1000000","context":null}`, IsNotFound, []string{"not found", "Job VX-1000000 does not exist", "HTTP 404"}},
		{400, KindInvalidInput, `{"context":"job","id":null,"explanation":"No more components of that type is accepted","value":"VIDEO_COMPONENT"}`,
			IsInvalidInput, []string{"invalid input: No more components of that type is accepted", `value "VIDEO_COMPONENT"`, "context job"}},
		{409, KindConflict, `{"context":"user","id":"bob","explanation":"user is disabled"}`, IsConflict, []string{"conflict: user is disabled", "id bob"}},
		{403, KindForbidden, `{"context":"job","id":"VX-3","explanation":"missing role _job_write"}`, IsForbidden, []string{"forbidden: missing role _job_write"}},
		{401, KindNotAuthorized, `{"message":"bad credentials"}`, IsUnauthorized, []string{"bad credentials"}},
		{500, KindInternalServer, `{"message":"NullPointerException"}`, nil, []string{"internal server error: NullPointerException"}},
		{501, KindNotYetImplemented, `{}`, nil, []string{"not yet implemented"}},
		{402, KindLicenseFault, `{"message":"license expired"}`, nil, []string{"license fault: license expired"}},
		{409, KindFileAlreadyExists, `{"storageId":"VX-2","fileId":"VX-77","path":"a/b.mov"}`, IsConflict, []string{"file already exists", "VX-77", `"a/b.mov"`}},
	} {
		t.Run(tt.kind, func(t *testing.T) {
			// VidiCore 4.17 style: all nine members, unused ones null.
			doc := map[string]json.RawMessage{}
			for _, k := range exceptionKinds {
				doc[k] = json.RawMessage("null")
			}
			doc[tt.kind] = json.RawMessage(tt.member)
			body, _ := json.Marshal(doc)
			e := decodeAPIError(tt.status, "application/json", body)
			if e.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", e.Kind, tt.kind)
			}
			for _, want := range tt.text {
				if !strings.Contains(e.Error(), want) {
					t.Errorf("%q does not contain %q", e.Error(), want)
				}
			}
			if tt.is != nil && !tt.is(e) {
				t.Errorf("predicate false for %v", e)
			}
			wrapped := errors.Join(errors.New("context"), e)
			if tt.is != nil && !tt.is(wrapped) {
				t.Error("predicate false for a wrapped error")
			}
		})
	}
}

func TestDecodeAPIErrorOtherForms(t *testing.T) {
	for _, tt := range []struct {
		name        string
		status      int
		contentType string
		body        string
		kind        string
		want        string
		notWant     string
	}{
		{"newer server omits nulls", 404, "application/json", `{"notFound":{"type":"Item","id":"VX-1"}}`, KindNotFound, "Item VX-1 does not exist", ""},
		{"text/plain form", 400, "text/plain", "400 An invalid parameter was entered\r\nContext: storage\r\nID: VX-73\r\nReason: invalid method url",
			KindInvalidInput, "invalid input: invalid method url (context storage, id VX-73)", ""},
		{"plain sentence", 409, "text/plain", "Step already exists", KindConflict, "conflict: Step already exists", ""},
		{"empty body", 404, "", "", KindNotFound, "not found (HTTP 404)", ""},
		{"HTML page", 500, "text/html", "<html><head><title>Proxy Error</title></head><body>" + strings.Repeat("<p>noise</p>", 500) + "</body></html>",
			KindInternalServer, "Proxy Error", "noise"},
		{"HTML without title", 502, "text/html", "<html><body><h1>Bad   gateway</h1><script>var x=1;</script></body></html>", KindUnavailable, "Bad gateway", "var x"},
		{"JSON that is not an exception", 400, "application/json", `{"what":"ever"}`, KindInvalidInput, "invalid input", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := decodeAPIError(tt.status, tt.contentType, []byte(tt.body))
			if e.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", e.Kind, tt.kind)
			}
			msg := e.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("%q does not contain %q", msg, tt.want)
			}
			if tt.notWant != "" && strings.Contains(msg, tt.notWant) {
				t.Errorf("%q contains %q", msg, tt.notWant)
			}
			if len(msg) > 400 {
				t.Errorf("message is %d bytes long", len(msg))
			}
		})
	}
}

func TestServerAnswersNotJSON(t *testing.T) {
	for _, tt := range []struct {
		name, contentType, body, want string
	}{
		{"login page", "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Sign in</title></head><body>" + strings.Repeat("x", 10000) + "</body></html>", "Sign in"},
		{"garbage", "application/octet-stream", "\x00\x01\x02garbage", "garbage"},
		{"XML", "application/xml", `<JobDocument xmlns="http://xml.vidispine.com/schema/vidispine"><jobId>VX-1</jobId></JobDocument>`, "JobDocument"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				_, _ = w.Write([]byte(tt.body))
			}))
			_, err := tc.GetJob(context.Background(), "VX-1", false)
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, "the server did not answer JSON") || !strings.Contains(msg, tt.want) {
				t.Errorf("error = %q", msg)
			}
			if len(msg) > 400 || !utf8.ValidString(msg) && tt.name != "garbage" {
				t.Errorf("error is %d bytes: %q", len(msg), msg)
			}
		})
	}
}

func TestResponseSizeCap(t *testing.T) {
	var c counter
	tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.add(r)
		writeJSON(w, 200, map[string]any{"hits": 1, "job": []map[string]string{{"jobId": strings.Repeat("9", 4096)}}})
	}))
	tc.maxBody = 1024
	_, err := tc.ListJobs(context.Background(), ListJobsOptions{})
	if err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Fatalf("err = %v", err)
	}
	if got := c.get("GET /API/job"); got != 1 {
		t.Errorf("an oversized answer was fetched %d times, want 1", got)
	}
	tc.maxBody = 1 << 20
	if _, err := tc.ListJobs(context.Background(), ListJobsOptions{}); err != nil {
		t.Errorf("under the cap: %v", err)
	}
}

func TestEmptyResultsAndStatus204(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job/problem", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{}) })
	mux.HandleFunc("GET /API/job", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"hits": 0}) })
	mux.HandleFunc("DELETE /API/task-definition/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("PUT /API/job/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	tc := newTestClient(t, mux)
	ctx := context.Background()
	if p, err := tc.JobProblems(ctx, ""); err != nil || len(p) != 0 {
		t.Errorf("JobProblems = %v, %v", p, err)
	}
	if jobs, hits, err := tc.ListAllJobs(ctx, ListJobsOptions{}, 0); err != nil || hits != 0 || len(jobs) != 0 {
		t.Errorf("ListAllJobs = %v, %d, %v", jobs, hits, err)
	}
	if err := tc.DeleteTaskDefinition(ctx, 5); err != nil {
		t.Errorf("DELETE answered 204: %v", err)
	}
	if err := tc.SetJobPriority(ctx, "VX-1", "HIGH"); err != nil {
		t.Errorf("PUT answered an empty 200: %v", err)
	}
}

// Fuzz targets: decoding never panics, and what decodes survives a round trip unchanged.

func FuzzDecodeJobList(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"hits":0}`, `{"hits":"3"}`, `null`, `[]`, `{"hits":1e3}`,
		`{"hits":1,"job":[{"jobId":"VX-1","totalSteps":"2","currentStep":{"number":"1"},"data":[{"key":"a","value":1}],` +
			`"log":{"task":[{"id":"1","step":"100","attempts":1,"progress":"12.5"},{"progress":{"value":1,"total":"2","unit":"bytes"}}]}}]}`,
		`{"job":[{"jobId":7,"log":null,"waiting":{"resourceId":"x"}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var first JobList
		if json.Unmarshal(data, &first) != nil {
			return
		}
		b1, err := json.Marshal(first)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var second JobList
		if err := json.Unmarshal(b1, &second); err != nil {
			t.Fatalf("our own encoding %s does not decode: %v", b1, err)
		}
		b2, _ := json.Marshal(second)
		if string(b1) != string(b2) {
			t.Fatalf("round trip changed the document:\n%s\n%s", b1, b2)
		}
	})
}

func FuzzDecodeError(f *testing.F) {
	f.Add(404, "application/json", []byte(`{"notFound":{"type":"Job","id":"VX-1","context":null},"conflict":null}`))
	f.Add(400, "application/json", []byte(`{"invalidInput":{"explanation":"bad","value":12}}`))
	f.Add(409, "application/json", []byte(`{"fileAlreadyExists":{"storageId":"VX-1","fileId":"VX-2","path":"p"}}`))
	f.Add(500, "text/html", []byte(`<html><title>x</title></html>`))
	f.Add(400, "text/plain", []byte("400 An invalid parameter was entered\r\nContext: storage\r\nReason: r"))
	f.Add(503, "", []byte(`{"notYetImplemented":""}`))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		e := decodeAPIError(status, contentType, body)
		msg := e.Error()
		if msg == "" {
			t.Fatal("empty message")
		}
		// The server's text is cut, never dumped whole.
		if len(msg) > 2*maxErrorText+100 {
			t.Fatalf("message of %d bytes for a %d-byte body", len(msg), len(body))
		}
		if IsNotFound(e) != (e.Kind == KindNotFound || status == 404) {
			t.Fatalf("IsNotFound disagrees with kind %q / status %d", e.Kind, status)
		}
	})
}

// An update starts from the stored document: metadata and members the client does not model
// go back to the server unchanged, and only the dependency members that are set are sent.
func TestTaskDefinitionKeepsWhatItDoesNotModel(t *testing.T) {
	stored := `{"id":7,"step":10,"jobType":"ACME","script":"old","metadata":{"field":[{"key":"owner","value":"ops"}]},
	  "futureMember":{"nested":[1,2]},"dependency":{"previous":true,"futureFlag":"x"}}`
	var td TaskDefinition
	if err := json.Unmarshal([]byte(stored), &td); err != nil {
		t.Fatal(err)
	}
	td.Script = "new"
	b, err := json.Marshal(td)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": 7.0, "step": 10.0, "jobType": "ACME", "script": "new",
		"metadata":     map[string]any{"field": []any{map[string]any{"key": "owner", "value": "ops"}}},
		"futureMember": map[string]any{"nested": []any{1.0, 2.0}}, "dependency": map[string]any{"previous": true, "futureFlag": "x"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sent %s", b)
	}
}
