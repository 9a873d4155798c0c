package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

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

// newStepsData is providerData for a server whose GET /API/task-definition/jobtype/{type}
// answers steps 10 and 20 (ids 1 and 2) once release is closed, counting the requests; any
// other job type is unknown (404).
func newStepsData(t *testing.T) (*providerData, *atomic.Int64, chan struct{}) {
	t.Helper()
	var lists atomic.Int64
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/API/task-definition/jobtype/ACME_X" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"notFound":{"type":"jobtype","id":"?"}}`))
			return
		}
		lists.Add(1)
		_, _ = w.Write([]byte(`{"task":[{"id":1,"step":10,"jobType":"ACME_X","script":"a"},{"id":2,"step":20,"jobType":"ACME_X","script":"b"}]}`))
	}))
	t.Cleanup(srv.Close)
	client, err := vidispine.NewClient(vidispine.Config{URL: srv.URL, Username: "admin", Password: "admin", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	return newProviderData(client), &lists, release
}

func TestTaskDefinitions_oneListPerJobTypeAndOwnWritesSeen(t *testing.T) {
	data, lists, release := newStepsData(t)
	ctx := context.Background()
	// Concurrent readers of one job type share one request.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if list, err := data.taskDefinitions(ctx, "ACME_X"); err != nil || len(list) != 2 {
				t.Errorf("taskDefinitions = %v, %v", list, err)
			}
		}()
	}
	close(release)
	wg.Wait()
	if n := lists.Load(); n != 1 {
		t.Fatalf("8 concurrent readers sent %d list requests, want 1", n)
	}

	// Writes of this provider are seen without asking again.
	data.taskDefinitionWritten("ACME_X", 3, &vidispine.TaskDefinition{ID: 3, Step: 30, JobType: "ACME_X"})
	data.taskDefinitionWritten("ACME_X", 1, nil)
	if td, err := data.stepHolder(ctx, "ACME_X", 30, false); err != nil || td == nil || td.ID != 3 {
		t.Errorf("step 30 after its create: %+v, %v; want id 3", td, err)
	}
	if td, err := data.stepHolder(ctx, "ACME_X", 10, false); err != nil || td != nil {
		t.Errorf("step 10 after its delete: %+v, %v; want free", td, err)
	}
	if n := lists.Load(); n != 1 {
		t.Errorf("%d list requests after the writes, want still 1", n)
	}

	// A fresh look-up (after a POST whose outcome is unknown) asks the server.
	if td, err := data.stepHolder(ctx, "ACME_X", 10, true); err != nil || td == nil || td.ID != 1 {
		t.Errorf("fresh step 10: %+v, %v; want id 1 as the server has it", td, err)
	}
	if n := lists.Load(); n != 2 {
		t.Errorf("%d list requests after a fresh look-up, want 2", n)
	}

	// An unknown job type has no steps; a task definition not in the list is read by id.
	if td, err := data.stepHolder(ctx, "ACME_NEW", 10, false); err != nil || td != nil {
		t.Errorf("step of an unknown job type: %+v, %v; want free", td, err)
	}
	if _, err := data.readTaskDefinition(ctx, types.StringValue("ACME_X"), 99); !vidispine.IsNotFound(err) {
		t.Errorf("reading a task definition in no list: %v, want not found", err)
	}
}
