package vidimock

import (
	"net/http"
	"testing"
)

// A Faults.Paths entry with a method ("POST /API/task-definition") faults only that method:
// the POST takes effect and its answer is lost, while reads of the same path prefix answer.
func TestFaultPathWithMethod(t *testing.T) {
	s := startServer(t, Options{})
	if r, err := send(t, s, http.MethodPost, "/API/task-definition/jobtype/ACME_F?id=20100", nil); err != nil || r.status != http.StatusOK {
		t.Fatalf("creating the job type: %v %+v", err, r)
	}
	s.SetFaults(Faults{Rate: 1, Kinds: []string{"drop-after"}, Paths: []string{"POST /API/task-definition"}})

	if r, err := send(t, s, http.MethodGet, "/API/task-definition/jobtype/ACME_F", nil); err != nil || r.status != http.StatusOK {
		t.Fatalf("GET under a POST-only fault: %v %+v", err, r)
	}
	task := map[string]any{"task": []map[string]any{{"jobType": "ACME_F", "step": 1, "script": "x"}}}
	if _, err := send(t, s, http.MethodPost, "/API/task-definition", task); err == nil {
		t.Fatal("POST under a drop-after fault got an answer")
	}
	r, err := send(t, s, http.MethodGet, "/API/task-definition/jobtype/ACME_F/step/1", nil)
	if err != nil || r.status != http.StatusOK {
		t.Fatalf("the dropped POST did not take effect: %v %+v", err, r)
	}

	for _, c := range []struct {
		entry, method, path string
		want                bool
	}{
		{"/API/task-definition", "GET", "/API/task-definition/7", true},
		{"POST /API/task-definition", "GET", "/API/task-definition/7", false},
		{"post /API/task-definition", "POST", "/API/task-definition", true},
		{"POST /API/job", "POST", "/API/task-definition", false},
	} {
		if got := faultPathMatches(c.entry, c.method, c.path); got != c.want {
			t.Errorf("faultPathMatches(%q, %s, %s) = %v, want %v", c.entry, c.method, c.path, got, c.want)
		}
	}
}
