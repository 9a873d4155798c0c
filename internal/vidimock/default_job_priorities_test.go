package vidimock

import (
	"reflect"
	"strings"
	"testing"
)

const defaultJobPrioritiesPath = "/API/configuration/job-priority"

func getDefaultJobPriorities(t *testing.T, s *Server) map[string]any {
	t.Helper()
	return getDocument(t, s, defaultJobPrioritiesPath)
}

func TestDefaultJobPriorityLifeCycle(t *testing.T) {
	s := startServer(t, Options{})
	if got := getDefaultJobPriorities(t, s); len(got) != 0 {
		t.Errorf("unset document %v, want {}", got)
	}
	doc := map[string]any{"job": []any{map[string]any{"type": "TRANSCODE", "value": "HIGH"},
		map[string]any{"type": "IMPORT", "value": "LOW"}}}
	if r := expect(t, s, 200, "PUT", defaultJobPrioritiesPath, doc); len(r.body) != 0 {
		t.Errorf("PUT answered %q, want an empty body", r.body)
	}
	if got := getDefaultJobPriorities(t, s); !reflect.DeepEqual(got, doc) {
		t.Errorf("stored %v, want %v", got, doc)
	}
	// {} clears the document, as the admin tool does; DELETE does too.
	expect(t, s, 200, "PUT", defaultJobPrioritiesPath, map[string]any{})
	if got := getDefaultJobPriorities(t, s); len(got) != 0 {
		t.Errorf("after PUT {}: %v", got)
	}
	expect(t, s, 200, "PUT", defaultJobPrioritiesPath, doc)
	expect(t, s, 200, "DELETE", defaultJobPrioritiesPath, nil)
	if got := getDefaultJobPriorities(t, s); len(got) != 0 {
		t.Errorf("after DELETE: %v", got)
	}
}

func TestDefaultJobPrioritiesRefuseBadDocuments(t *testing.T) {
	s := startServer(t, Options{})
	entry := func(typ, value string) map[string]any { return map[string]any{"type": typ, "value": value} }
	for name, tt := range map[string]struct {
		entries []any
		explain string
	}{
		"unknown type":  {[]any{entry("TRANSCODEZ", "HIGH")}, `unknown job type "TRANSCODEZ"`},
		"type twice":    {[]any{entry("IMPORT", "HIGH"), entry("IMPORT", "LOW")}, "more than one default priority"},
		"bad priority":  {[]any{entry("IMPORT", "SOON")}, "must be one of LOWEST, LOW, MEDIUM, HIGH, HIGHEST, IMMEDIATE"},
		"no type":       {[]any{map[string]any{"value": "HIGH"}}, "needs a job type"},
		"misspelt name": {[]any{map[string]any{"type": "IMPORT", "priority": "HIGH"}}, `unknown field "priority"`},
	} {
		r := expect(t, s, 400, "PUT", defaultJobPrioritiesPath, map[string]any{"job": tt.entries})
		if got, _ := errorDocument(t, r)["invalidInput"]["explanation"].(string); !strings.Contains(got, tt.explain) {
			t.Errorf("%s: explanation %q, want it to say %q", name, got, tt.explain)
		}
	}
	if got := getDefaultJobPriorities(t, s); len(got) != 0 {
		t.Errorf("a refused PUT changed the document: %v", got)
	}
}

// The endpoint is newer than the 5.0 specification: an older server answers 404 for it, as
// for any path it does not have, and the other scheduling endpoints stay.
func TestDefaultJobPrioritiesAreMissingBefore51(t *testing.T) {
	s := startServer(t, Options{ServerVersion: "5.0.4"})
	for _, method := range []string{"GET", "PUT", "DELETE"} {
		r := expect(t, s, 404, method, defaultJobPrioritiesPath, map[string]any{})
		if errorDocument(t, r)["notFound"] == nil {
			t.Errorf("%s: %s", method, r.body)
		}
	}
	expect(t, s, 200, "GET", jobPoolsPath, nil)
	expect(t, s, 200, "GET", "/API/task-group", nil)
}
