package vidispine

import (
	"context"
	"io"
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"
)

// documentServer holds one JSON document per path, the way a server holds a configuration
// document: GET answers it (404 when there is none), PUT replaces it and answers putAnswer,
// DELETE removes it (404 when there is none). It records the requests it sees and the bodies of PUTs.
type documentServer struct {
	putAnswer func(path string, body []byte) []byte // nil: an empty 200
	getDelay  time.Duration

	mu   sync.Mutex
	docs map[string]string
	log  requestLog
	puts []string
}

func newDocumentServer(docs map[string]string) *documentServer {
	return &documentServer{docs: docs}
}

func (d *documentServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.log.add(r.Method + " " + r.URL.EscapedPath())
	if r.Method == "GET" && d.getDelay > 0 {
		time.Sleep(d.getDelay)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	switch r.Method {
	case "GET":
		doc, ok := d.docs[r.URL.Path]
		if !ok {
			notFound(w, "resource", r.URL.Path)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, doc)
	case "PUT":
		body, _ := io.ReadAll(r.Body)
		d.docs[r.URL.Path] = string(body)
		d.puts = append(d.puts, string(body))
		if d.putAnswer == nil {
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(d.putAnswer(r.URL.Path, body))
	case "DELETE":
		if _, ok := d.docs[r.URL.Path]; !ok {
			notFound(w, "resource", r.URL.Path)
			return
		}
		delete(d.docs, r.URL.Path)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (d *documentServer) sentPuts() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.puts...)
}

func TestJobPoolConfigurationDecodesWhatServersSend(t *testing.T) {
	tc := newTestClient(t, newDocumentServer(map[string]string{
		// quoted numbers, and a list of one written as its element
		"/API/configuration/job-pool": `{"concurrentJobs":"4","pool":{"priorityThreshold":"HIGH","size":"2"}}`,
	}))
	got, err := tc.GetJobPoolConfiguration(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.ConcurrentJobs == nil || *got.ConcurrentJobs != 4 || !reflect.DeepEqual(got.Pools, []JobPool{{"HIGH", 2}}) {
		t.Errorf("decoded %+v", got)
	}
}

// An update starts from the server's document: it replaces the pools, leaves concurrentJobs as
// the server has it when the caller does not set it, and sends back members it does not model.
func TestUpdateJobPoolConfigurationKeepsWhatItDoesNotManage(t *testing.T) {
	srv := newDocumentServer(map[string]string{
		"/API/configuration/job-pool": `{"concurrentJobs":3,"pool":[{"priorityThreshold":"LOW","size":5}],"futureMember":{"x":1}}`,
	})
	tc := newTestClient(t, srv)
	got, err := tc.UpdateJobPoolConfiguration(context.Background(), func(jp *JobPoolConfiguration) {
		jp.Pools = []JobPool{{"HIGH", 2}, {"IMMEDIATE", 1}}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"concurrentJobs":3,"futureMember":{"x":1},"pool":[{"priorityThreshold":"HIGH","size":2},{"priorityThreshold":"IMMEDIATE","size":1}]}`
	if puts := srv.sentPuts(); len(puts) != 1 || canonical(t, puts[0]) != canonical(t, want) {
		t.Errorf("PUT bodies %q, want one: %s", puts, want)
	}
	// The PUT answers nothing: the result is the document read back.
	if len(got.Pools) != 2 || *got.ConcurrentJobs != 3 {
		t.Errorf("returned %+v", got)
	}
	wantLog := []string{"GET /API/configuration/job-pool", "PUT /API/configuration/job-pool", "GET /API/configuration/job-pool"}
	if seen := srv.log.list(); !reflect.DeepEqual(seen, wantLog) {
		t.Errorf("requests %q, want %q", seen, wantLog)
	}

	// With no pools left the document carries none, so the server removes them.
	if _, err := tc.UpdateJobPoolConfiguration(context.Background(), func(jp *JobPoolConfiguration) { jp.Pools = nil }); err != nil {
		t.Fatal(err)
	}
	if puts := srv.sentPuts(); canonical(t, puts[1]) != canonical(t, `{"concurrentJobs":3,"futureMember":{"x":1}}`) {
		t.Errorf("PUT without pools sent %s", puts[1])
	}
}

func TestDeleteJobPools(t *testing.T) {
	srv := newDocumentServer(map[string]string{"/API/configuration/job-pool/HIGH": `{}`, "/API/configuration/job-pool": `{}`})
	tc := newTestClient(t, srv)
	ctx := context.Background()
	if err := tc.DeleteJobPool(ctx, "HIGH"); err != nil {
		t.Fatal(err)
	}
	if err := tc.DeleteJobPools(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"DELETE /API/configuration/job-pool/HIGH", "DELETE /API/configuration/job-pool"}
	if seen := srv.log.list(); !reflect.DeepEqual(seen, want) {
		t.Errorf("requests %q, want %q", seen, want)
	}
}
