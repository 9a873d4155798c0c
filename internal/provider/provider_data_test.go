package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// countServer answers GET /API/job with {"hits":42} once release is closed, and counts the
// requests it got; while fail is set it answers 500 instead.
type countServer struct {
	requests atomic.Int64
	fail     atomic.Bool
	release  chan struct{}
	queries  sync.Map // raw query -> true
}

func newCountData(t *testing.T) (*providerData, *countServer) {
	t.Helper()
	cs := &countServer{release: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs.requests.Add(1)
		cs.queries.Store(r.URL.RawQuery, true)
		<-cs.release
		w.Header().Set("Content-Type", "application/json")
		if cs.fail.Load() {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"internalServer":{"message":"database down"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"hits":42,"job":[{"jobId":"VX-1","status":"READY","type":"IMPORT","priority":"MEDIUM"}]}`))
	}))
	t.Cleanup(srv.Close)
	client, err := vidispine.NewClient(vidispine.Config{URL: srv.URL, Username: "admin", Password: "admin", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return newProviderData(client), cs
}

func TestCountJobs_concurrentIdenticalQueriesShareOneRequest(t *testing.T) {
	data, cs := newCountData(t)
	// The same query, written in a different order each time.
	queries := []vidispine.ListJobsOptions{
		{Types: []string{"IMPORT", "TRANSCODE"}, States: []string{"FAILED_TOTAL"}, AllUsers: true},
		{Types: []string{"IMPORT", "TRANSCODE"}, States: []string{"FAILED_TOTAL"}, AllUsers: true, Sort: "jobId desc"},
		{Types: []string{"IMPORT", "TRANSCODE"}, States: []string{"FAILED_TOTAL"}, AllUsers: true, First: 3, Number: 7},
	}
	var wg sync.WaitGroup
	counts := make([]int, 9)
	errs := make([]error, 9)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i], errs[i] = data.countJobs(context.Background(), queries[i%len(queries)])
		}()
	}
	close(cs.release)
	wg.Wait()
	for i := range counts {
		if errs[i] != nil || counts[i] != 42 {
			t.Errorf("read %d: count %d, error %v; want 42 and no error", i, counts[i], errs[i])
		}
	}
	if n := cs.requests.Load(); n != 1 {
		t.Errorf("9 identical count reads sent %d requests; want 1", n)
	}

	// A different query asks the server again.
	if _, err := data.countJobs(context.Background(), vidispine.ListJobsOptions{Types: []string{"IMPORT"}, AllUsers: true}); err != nil {
		t.Fatal(err)
	}
	if n := cs.requests.Load(); n != 2 {
		t.Errorf("a second, different query made the total %d requests; want 2", n)
	}
}

func TestCountJobs_failureIsNotRemembered(t *testing.T) {
	data, cs := newCountData(t)
	close(cs.release)
	opts := vidispine.ListJobsOptions{States: []string{"WAITING"}, AllUsers: true}

	cs.fail.Store(true)
	if _, err := data.countJobs(context.Background(), opts); err == nil {
		t.Fatal("the server failed but countJobs reported no error")
	}
	cs.fail.Store(false)
	got, err := data.countJobs(context.Background(), opts)
	if err != nil || got != 42 {
		t.Fatalf("after the server recovered: count %d, error %v; want 42", got, err)
	}
	if n := cs.requests.Load(); n != 2 {
		t.Errorf("requests: %d; want 2 (the failure must not be cached)", n)
	}
}
