package vidispine

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
)

// A TaskGroupDocument as the 5.x specification has it, with members the client does not model
// (loc, maxConcurrency, one of the future) and lists of one written as their element.
const serverTaskGroup = `{"loc":"http://vs/API/task-group/fast-lane","name":"fast-lane","priority":"HIGH",
  "transcoder":{"id":"VX-1"},"maxConcurrency":2,"future":{"a":[1]},
  "job":[{"type":"TRANSCODE","priority":["HIGH","HIGHEST"],"user":["alice"],"group":"editors",
          "data":{"key":"customer","value":"acme"}}],
  "metadata":{"field":[{"key":"owner","value":"ops"}]}}`

func TestTaskGroupDecodesWhatServersSend(t *testing.T) {
	var tg TaskGroup
	if err := json.Unmarshal([]byte(serverTaskGroup), &tg); err != nil {
		t.Fatal(err)
	}
	tg.raw = nil // kept for writing the document back; compared in TestUpdateTaskGroupKeepsWhatItDoesNotModel
	want := TaskGroup{Name: "fast-lane", Priority: "HIGH", TranscoderIDs: []string{"VX-1"},
		JobRules: []TaskGroupRule{{Types: []string{"TRANSCODE"}, Priorities: []string{"HIGH", "HIGHEST"},
			Users: []string{"alice"}, Groups: []string{"editors"}, Data: []KeyValue{{"customer", "acme"}}}},
		Metadata: &SimpleMetadata{Field: []KeyValue{{"owner", "ops"}}}}
	if !reflect.DeepEqual(tg, want) {
		t.Errorf("decoded %+v,\nwant %+v", tg, want)
	}
}

func TestUpdateTaskGroupKeepsWhatItDoesNotModel(t *testing.T) {
	srv := newDocumentServer(map[string]string{"/API/task-group/fast-lane": serverTaskGroup})
	srv.putAnswer = func(_ string, body []byte) []byte { return body }
	tc := newTestClient(t, srv)
	got, err := tc.UpdateTaskGroup(context.Background(), "fast-lane", func(tg *TaskGroup) {
		tg.TranscoderIDs = []string{"VX-1", "VX-2"}
		tg.JobRules = []TaskGroupRule{{Types: []string{"TRANSCODE"}, Priorities: []string{"HIGH"}}}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"loc":"http://vs/API/task-group/fast-lane","name":"fast-lane","priority":"HIGH",
	  "transcoder":[{"id":"VX-1"},{"id":"VX-2"}],"maxConcurrency":2,"future":{"a":[1]},
	  "job":[{"type":["TRANSCODE"],"priority":["HIGH"]}],"metadata":{"field":[{"key":"owner","value":"ops"}]}}`
	if puts := srv.sentPuts(); len(puts) != 1 || canonical(t, puts[0]) != canonical(t, want) {
		t.Errorf("PUT bodies %q,\nwant one: %s", puts, canonical(t, want))
	}
	if !reflect.DeepEqual(got.TranscoderIDs, []string{"VX-1", "VX-2"}) {
		t.Errorf("returned %+v", got)
	}
}

// PUT creates or replaces: CreateTaskGroup refuses a name that is taken instead of overwriting
// that group.
func TestCreateTaskGroupRefusesATakenName(t *testing.T) {
	srv := newDocumentServer(map[string]string{"/API/task-group/fast-lane": serverTaskGroup})
	tc := newTestClient(t, srv)
	ctx := context.Background()
	_, err := tc.CreateTaskGroup(ctx, TaskGroup{Name: "fast-lane", Priority: "LOW"})
	if !IsConflict(err) {
		t.Errorf("create of a taken name: %v, want a conflict", err)
	}
	if puts := srv.sentPuts(); len(puts) != 0 {
		t.Errorf("sent %q over an existing group", puts)
	}

	// A server that answers the PUT with nothing: the group is read back.
	got, err := tc.CreateTaskGroup(ctx, TaskGroup{Name: "bulk lane", TranscoderIDs: []string{"VX-2"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "bulk lane" || !reflect.DeepEqual(got.TranscoderIDs, []string{"VX-2"}) {
		t.Errorf("created %+v", got)
	}
	if puts := srv.sentPuts(); len(puts) != 1 || canonical(t, puts[0]) != canonical(t, `{"name":"bulk lane","transcoder":[{"id":"VX-2"}]}`) {
		t.Errorf("PUT bodies %q", puts)
	}
	wantLog := []string{"GET /API/task-group/fast-lane", "GET /API/task-group/bulk%20lane", "PUT /API/task-group/bulk%20lane", "GET /API/task-group/bulk%20lane"}
	if seen := srv.log.list(); !reflect.DeepEqual(seen, wantLog) {
		t.Errorf("requests %q, want %q", seen, wantLog)
	}
}

func TestListTaskGroups(t *testing.T) {
	tc := newTestClient(t, newDocumentServer(map[string]string{
		"/API/task-group": `{"group":[` + serverTaskGroup + `,{"name":"bulk"}]}`,
	}))
	groups, err := tc.ListTaskGroups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 || groups[0].Name != "fast-lane" || groups[1].Name != "bulk" || len(groups[0].JobRules) != 1 {
		t.Errorf("listed %+v", groups)
	}
}

// A data entry without a value is a key alone: it is sent without "value", which "" would not be.
func TestTaskGroupRuleSendsAKeyAloneWithoutValue(t *testing.T) {
	b, err := json.Marshal(TaskGroupRule{Types: []string{"TRANSCODE"}, Data: []KeyValue{{"rush", ""}, {"customer", "acme"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"type":["TRANSCODE"],"data":[{"key":"rush"},{"key":"customer","value":"acme"}]}`
	if canonical(t, string(b)) != canonical(t, want) {
		t.Errorf("sent %s, want %s", b, want)
	}
}
