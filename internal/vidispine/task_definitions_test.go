package vidispine

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestValidateTaskDefinition(t *testing.T) {
	var accepts []string
	tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		accepts = append(accepts, r.Header.Get("Accept"))
		w.Header().Set("Content-Type", "text/plain")
		switch r.URL.Path {
		case "/API/task-definition/12/validate":
			_, _ = w.Write([]byte("OK\n"))
		case "/API/task-definition/jobtype/ACME_X/step/20/validate":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte("400 An invalid parameter was entered\r\nContext: task-definition\r\nID: 13\r\n" +
				"Reason: Bean TranscodeBean has no method transcodee\r\n"))
		case "/API/task-definition/14/validate":
			// Another server may answer an ExceptionDocument: the reason still comes through.
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"invalidInput":{"explanation":"Could not resolve bean Nope","context":"task-definition"}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	ctx := context.Background()
	if text, err := tc.ValidateTaskDefinition(ctx, 12); err != nil || text != "OK\n" {
		t.Errorf("valid step: %q, %v", text, err)
	}
	_, err := tc.ValidateTaskDefinitionByStep(ctx, "ACME_X", 20)
	if !IsInvalidInput(err) || !strings.Contains(err.Error(), "Bean TranscodeBean has no method transcodee") {
		t.Errorf("unknown method: %v; want an invalid-input error with the server's reason", err)
	}
	_, err = tc.ValidateTaskDefinition(ctx, 14)
	if !IsInvalidInput(err) || !strings.Contains(err.Error(), "Could not resolve bean Nope") {
		t.Errorf("unknown bean: %v", err)
	}
	for _, a := range accepts {
		if a != "text/plain" {
			t.Errorf("Accept %q, want text/plain (the only type the endpoint produces)", a)
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
