package vidimock

import (
	"reflect"
	"strings"
	"testing"
)

const jobPoolsPath = "/API/configuration/job-pool"

// getDocument reads a configuration document as generic JSON.
func getDocument(t *testing.T, s *Server, path string) map[string]any {
	t.Helper()
	var doc map[string]any
	expect(t, s, 200, "GET", path, nil).decode(t, &doc)
	return doc
}

func getJobPools(t *testing.T, s *Server) map[string]any {
	t.Helper()
	return getDocument(t, s, jobPoolsPath)
}

func TestJobPoolLifeCycle(t *testing.T) {
	s := startServer(t, Options{})
	if got, want := getJobPools(t, s), map[string]any{"concurrentJobs": 3.0}; !reflect.DeepEqual(got, want) {
		t.Errorf("unset configuration %v, want %v", got, want)
	}

	pools := []any{map[string]any{"priorityThreshold": "HIGH", "size": 2}, map[string]any{"priorityThreshold": "IMMEDIATE", "size": 1}}
	r := expect(t, s, 200, "PUT", jobPoolsPath, map[string]any{"concurrentJobs": 5, "pool": pools, "futureMember": "kept"})
	if len(r.body) != 0 {
		t.Errorf("PUT answered %q, want an empty body", r.body)
	}
	want := map[string]any{"concurrentJobs": 5.0, "futureMember": "kept", "pool": []any{
		map[string]any{"priorityThreshold": "HIGH", "size": 2.0}, map[string]any{"priorityThreshold": "IMMEDIATE", "size": 1.0}}}
	if got := getJobPools(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("stored %v, want %v", got, want)
	}

	// A document without concurrentJobs leaves the limit; the pools it leaves out are gone.
	expect(t, s, 200, "PUT", jobPoolsPath, map[string]any{"pool": pools[:1]})
	if got := getJobPools(t, s); got["concurrentJobs"] != 5.0 || len(got["pool"].([]any)) != 1 {
		t.Errorf("after a PUT without concurrentJobs: %v", got)
	}

	expect(t, s, 200, "DELETE", jobPoolsPath+"/HIGH", nil)
	expect(t, s, 404, "DELETE", jobPoolsPath+"/HIGH", nil)
	expect(t, s, 400, "DELETE", jobPoolsPath+"/URGENT", nil)

	// Deleting every pool keeps concurrentJobs, as the specification says.
	expect(t, s, 200, "PUT", jobPoolsPath, map[string]any{"concurrentJobs": 4, "pool": pools})
	expect(t, s, 200, "DELETE", jobPoolsPath, nil)
	if got := getJobPools(t, s); !reflect.DeepEqual(got, map[string]any{"concurrentJobs": 4.0}) {
		t.Errorf("after DELETE: %v, want the limit alone", got)
	}
}

func TestJobPoolsRefuseBadDocuments(t *testing.T) {
	s := startServer(t, Options{})
	pool := func(threshold any, size any) map[string]any {
		return map[string]any{"priorityThreshold": threshold, "size": size}
	}
	for name, tt := range map[string]struct {
		doc     map[string]any
		explain string
	}{
		"unknown threshold": {map[string]any{"pool": []any{pool("URGENT", 1)}}, "LOWEST, LOW, MEDIUM, HIGH, HIGHEST, IMMEDIATE"},
		"threshold twice":   {map[string]any{"pool": []any{pool("HIGH", 1), pool("HIGH", 2)}}, "more than one pool for priority HIGH"},
		"size 0":            {map[string]any{"pool": []any{pool("HIGH", 0)}}, "size must be an integer between 1"},
		"size beyond int":   {map[string]any{"pool": []any{pool("HIGH", 2147483648)}}, "size must be an integer between 1"},
		"no size":           {map[string]any{"pool": []any{map[string]any{"priorityThreshold": "LOW"}}}, "needs a size"},
		"no threshold":      {map[string]any{"pool": []any{map[string]any{"size": 1}}}, "needs a priorityThreshold"},
		"concurrentJobs 0":  {map[string]any{"concurrentJobs": 0}, "concurrentJobs must be an integer between 1"},
		"misspelt member":   {map[string]any{"pool": []any{map[string]any{"priorityThreshold": "LOW", "sise": 1}}}, `unknown field "sise"`},
		"size as text":      {map[string]any{"pool": []any{pool("HIGH", "2")}}, "malformed JSON"},
	} {
		r := expect(t, s, 400, "PUT", jobPoolsPath, tt.doc)
		if got, _ := errorDocument(t, r)["invalidInput"]["explanation"].(string); !strings.Contains(got, tt.explain) {
			t.Errorf("%s: explanation %q, want it to say %q", name, got, tt.explain)
		}
	}
	if got := getJobPools(t, s); !reflect.DeepEqual(got, map[string]any{"concurrentJobs": 3.0}) {
		t.Errorf("a refused PUT changed the configuration: %v", got)
	}
}

// Reading needs _configuration_read, writing _administrator: job roles grant neither.
func TestSchedulingConfigurationNeedsItsRoles(t *testing.T) {
	s := startServer(t, Options{})
	alice := basic("alice", "alice-pw")
	for _, path := range []string{jobPoolsPath, "/API/configuration/job-priority", "/API/task-group/any"} {
		expect(t, s, 403, "GET", path, nil, alice...)
		expect(t, s, 403, "DELETE", path, nil, alice...)
	}
	expect(t, s, 403, "GET", "/API/task-group", nil, alice...)
	r := expect(t, s, 403, "GET", jobPoolsPath, nil, alice...)
	if got, _ := errorDocument(t, r)["forbidden"]["explanation"].(string); !strings.Contains(got, "_configuration_read (or _administrator)") {
		t.Errorf("refusal %q does not name the role", got)
	}
	expect(t, s, 403, "PUT", jobPoolsPath, map[string]any{"concurrentJobs": 9}, alice...)
	if got := getJobPools(t, s); got["concurrentJobs"] != 3.0 {
		t.Errorf("a refused PUT changed the configuration: %v", got)
	}
}
