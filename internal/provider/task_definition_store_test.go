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

func TestTaskDefinitionStore_oneListPerJobTypeAndOwnWritesSeen(t *testing.T) {
	data, lists, release := newStepsData(t)
	ctx := context.Background()
	// Concurrent readers of one job type share one request.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if list, err := data.taskDefinitions.listByJobType(ctx, "ACME_X"); err != nil || len(list) != 2 {
				t.Errorf("listByJobType = %v, %v", list, err)
			}
		}()
	}
	close(release)
	wg.Wait()
	if n := lists.Load(); n != 1 {
		t.Fatalf("8 concurrent readers sent %d list requests, want 1", n)
	}

	// Writes of this provider are seen without asking again.
	data.taskDefinitions.recordWrite("ACME_X", 3, &vidispine.TaskDefinition{ID: 3, Step: 30, JobType: "ACME_X"})
	data.taskDefinitions.recordDelete("ACME_X", 1)
	if td, err := data.taskDefinitions.lookupStep(ctx, "ACME_X", 30, false); err != nil || td == nil || td.ID != 3 {
		t.Errorf("step 30 after its create: %+v, %v; want id 3", td, err)
	}
	if td, err := data.taskDefinitions.lookupStep(ctx, "ACME_X", 10, false); err != nil || td != nil {
		t.Errorf("step 10 after its delete: %+v, %v; want free", td, err)
	}
	if n := lists.Load(); n != 1 {
		t.Errorf("%d list requests after the writes, want still 1", n)
	}

	// A fresh look-up (after a POST whose outcome is unknown) asks the server.
	if td, err := data.taskDefinitions.lookupStep(ctx, "ACME_X", 10, true); err != nil || td == nil || td.ID != 1 {
		t.Errorf("fresh step 10: %+v, %v; want id 1 as the server has it", td, err)
	}
	if n := lists.Load(); n != 2 {
		t.Errorf("%d list requests after a fresh look-up, want 2", n)
	}

	// An unknown job type has no steps; a task definition not in the list is read by id.
	if td, err := data.taskDefinitions.lookupStep(ctx, "ACME_NEW", 10, false); err != nil || td != nil {
		t.Errorf("step of an unknown job type: %+v, %v; want free", td, err)
	}
	if _, err := data.taskDefinitions.byID(ctx, types.StringValue("ACME_X"), 99); !vidispine.IsNotFound(err) {
		t.Errorf("reading a task definition in no list: %v, want not found", err)
	}
}
