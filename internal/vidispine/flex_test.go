package vidispine

import (
	"encoding/json"
	"reflect"
	"testing"
)

// A JAXB-based server may write a list of one as its only element; every list decodes either form.
func TestDecodeListOfOneAsObject(t *testing.T) {
	t.Run("job list", func(t *testing.T) {
		var got JobList
		body := `{"hits":1,"job":{"jobId":"VX-7","status":"READY","data":{"key":"itemId","value":"VX-1"},
		  "log":{"task":{"id":1,"step":100,"status":"STARTED"}}}}`
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		want := JobList{Hits: 1, Jobs: []Job{{ID: "VX-7", Status: "READY", Data: []KeyValue{{"itemId", "VX-1"}},
			Log: &JobLog{Task: []JobTask{{ID: 1, Step: 100, Status: "STARTED"}}}}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("uri list", func(t *testing.T) {
		var got uriList
		if err := json.Unmarshal([]byte(`{"uri":"VX-3"}`), &got); err != nil {
			t.Fatal(err)
		}
		if ids := got.ids(); !reflect.DeepEqual(ids, []string{"VX-3"}) {
			t.Errorf("ids = %v", ids)
		}
	})
	t.Run("problems", func(t *testing.T) {
		var got jobProblemList
		body := `{"problem":{"id":"4","type":"x","data":{"key":"k","value":"v"},"job":"VX-1"}}`
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		want := jobProblemList{Problem: []JobProblem{{ID: 4, Type: "x", Data: []KeyValue{{"k", "v"}}, Jobs: []string{"VX-1"}}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("task definitions and user groups", func(t *testing.T) {
		var tds taskDefinitionList
		if err := json.Unmarshal([]byte(`{"task":{"id":5,"step":"10","jobType":"ACME"}}`), &tds); err != nil {
			t.Fatal(err)
		}
		if len(tds.Task) != 1 || tds.Task[0].ID != 5 || tds.Task[0].Step != 10 {
			t.Errorf("tasks = %+v", tds.Task)
		}
		var u User
		if err := json.Unmarshal([]byte(`{"userName":"bob","groupList":{"group":{"groupName":"_administrator"}}}`), &u); err != nil {
			t.Fatal(err)
		}
		if !u.HasRole("_administrator") {
			t.Errorf("groups = %v", u.Groups)
		}
	})
	t.Run("arrays and null still decode", func(t *testing.T) {
		var l flexList[flexInt]
		for body, want := range map[string]int{`[1,"2"]`: 2, `null`: 0, `[]`: 0, `"3"`: 1} {
			if err := json.Unmarshal([]byte(body), &l); err != nil || len(l) != want {
				t.Errorf("%s: %v, %v", body, l, err)
			}
		}
		if err := json.Unmarshal([]byte(`{"a":1}`), &l); err == nil {
			t.Error("an object that is no element must be refused")
		}
	})
}
