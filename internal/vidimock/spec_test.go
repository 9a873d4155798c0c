package vidimock

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The mock keeps what it does not interpret: metadata, future members and dependency members
// exactly as sent.
func TestTaskDefinitionKeepsUnknownMembers(t *testing.T) {
	s := startServer(t, Options{})
	doc := map[string]any{"task": []any{map[string]any{"step": 170, "jobType": "TRANSCODE", "script": "x",
		"metadata":   map[string]any{"field": []any{map[string]any{"key": "owner", "value": "ops"}}},
		"futureNote": "kept", "dependency": map[string]any{"previous": true}}}}
	var uris struct {
		URI []string `json:"uri"`
	}
	expect(t, s, 200, "POST", "/API/task-definition", doc).decode(t, &uris)
	var got map[string]any
	expect(t, s, 200, "GET", "/API/task-definition/"+uris.URI[0], nil).decode(t, &got)
	if got["futureNote"] != "kept" || got["metadata"] == nil ||
		!reflect.DeepEqual(got["dependency"], map[string]any{"previous": true}) {
		t.Errorf("stored %v", got)
	}
}

// Integers are 32-bit on the server: larger ones are refused with an invalidInput document.
func TestIntegersOutOfRangeAreRefused(t *testing.T) {
	s := startServer(t, Options{})
	for _, task := range []map[string]any{
		{"step": 99999999999, "jobType": "TRANSCODE", "script": "x"},
		{"step": 171, "jobType": "TRANSCODE", "script": "x", "flags": 2147483648},
		{"step": 172, "jobType": "TRANSCODE", "script": "x", "dependency": map[string]any{"step": -2147483649}},
	} {
		r := expect(t, s, 400, "POST", "/API/task-definition", map[string]any{"task": []any{task}})
		if doc := errorDocument(t, r); !strings.Contains(doc["invalidInput"]["explanation"].(string), "2147483647") {
			t.Errorf("%v: %s", task, r.body)
		}
	}
	expect(t, s, 400, "GET", "/API/job?number=2147483648", nil)
	expect(t, s, 400, "GET", "/API/task-definition/jobtype/TRANSCODE/step/99999999999", nil)
	expect(t, s, 400, "GET", "/API/task-definition/99999999999", nil)
	expect(t, s, 200, "GET", "/API/job?number=2147483647", nil)
}

// Ids have any letters as site prefix and up to 32 digits: well-formed unknown ids are 404, not 400.
func TestLongSiteIDs(t *testing.T) {
	s := startServer(t, Options{})
	expect(t, s, 404, "GET", "/API/job/ABC-123456789012", nil)
	expect(t, s, 404, "GET", "/API/job/VX-"+strings.Repeat("9", 32), nil)
	expect(t, s, 400, "GET", "/API/job/VX-"+strings.Repeat("9", 33), nil)
	expect(t, s, 400, "GET", "/API/job/V1-2", nil)
	first := listJobs(t, s, "/API/job?number=1").Job[0].JobID
	var j json.RawMessage
	expect(t, s, 200, "GET", "/API/job/"+first, nil).decode(t, &j)
}

// GET /API/version reports the configured version; below 5.1 the priority filter is ignored,
// as an older server ignores a parameter it does not know.
func TestServerVersion(t *testing.T) {
	for _, tt := range []struct {
		version      string
		wantFiltered bool
	}{{"", true}, {"5.1.2", true}, {"21.4", true}, {"5.0", false}, {"4.17.2", false}} {
		s := startServer(t, Options{ServerVersion: tt.version})
		var doc struct {
			Component []struct{ Name, Version string } `json:"component"`
		}
		expect(t, s, 200, "GET", "/API/version", nil).decode(t, &doc)
		want := tt.version
		if want == "" {
			want = DefaultServerVersion
		}
		found := false
		for _, c := range doc.Component {
			found = found || (c.Name == "VidiCore" && c.Version == want)
		}
		if !found {
			t.Errorf("version %q: components %+v", tt.version, doc.Component)
		}
		all := listJobs(t, s, "/API/job?user=false&number=0").Hits
		high := listJobs(t, s, "/API/job?user=false&number=0&priority=HIGH").Hits
		if filtered := high < all; filtered != tt.wantFiltered {
			t.Errorf("version %q: priority filter gives %d of %d jobs", tt.version, high, all)
		}
	}
}
