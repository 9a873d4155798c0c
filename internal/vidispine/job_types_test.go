package vidispine

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestJobTypeGraphDOT(t *testing.T) {
	const graph = "digraph \"ACME_X\" {\n  step10 -> step20;\n}\n"
	tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/API/task-definition/jobtype/ACME_X/graph/dot" || !strings.Contains(r.Header.Get("Accept"), "text/vnd.graphviz") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/vnd.graphviz")
		_, _ = w.Write([]byte(graph))
	}))
	got, err := tc.JobTypeGraphDOT(context.Background(), "ACME_X")
	if err != nil || got != graph {
		t.Errorf("JobTypeGraphDOT = %q, %v; want the text exactly as sent", got, err)
	}
	if _, err := tc.JobTypeGraphDOT(context.Background(), "OTHER"); !IsNotFound(err) {
		t.Errorf("unknown type: %v, want not found", err)
	}
}
