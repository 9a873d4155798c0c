package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// checkServerStatus fails unless the server holds job id in state want.
func checkServerStatus(t testing.TB, srv *vidimock.Server, id, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := serverJob(t, srv, id).Status; got != want {
			return fmt.Errorf("server holds job %s as %s, want %s", id, got, want)
		}
		return nil
	}
}

// checkAborts fails unless the abort request was sent want times in all.
func checkAborts(srv *vidimock.Server, want int) resource.TestCheckFunc {
	return checkRequests(srv, "DELETE /API/job/{id}", want)
}

// TestAccJobAbortAction_trigger aborts a running job without waiting (it is left
// ABORTED_PENDING), then invokes again with waiting: a job already being aborted is not asked
// twice, and the action returns once it is ABORTED. A third invocation on the aborted job
// sends nothing and succeeds.
func TestAccJobAbortAction_trigger(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	job := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "abort-action"})
	other := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "abort-action"})
	srv.ResetRequests()
	config := func(wait bool, input string) string {
		return providerBlock(srv) + triggeredAction("vidispine_job_abort", fmt.Sprintf(`job_id              = %q
    reason              = "superseded"
    wait_for_completion = %t`, job, wait), input)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{
			{
				// The clock stands still: the abort is accepted and stays pending.
				Config: config(false, "1"),
				Check: resource.ComposeTestCheckFunc(
					checkServerStatus(t, srv, job, "ABORTED_PENDING"),
					checkServerStatus(t, srv, other, "READY"),
					checkAborts(srv, 1),
				),
			},
			{
				PreConfig: func() { tickClock(t, clock) },
				Config:    config(true, "2"),
				Check: resource.ComposeTestCheckFunc(
					checkServerStatus(t, srv, job, "ABORTED"),
					checkAborts(srv, 1),
				),
			},
			{
				// An ended job: a no-op, not an error.
				Config: config(true, "3"),
				Check: resource.ComposeTestCheckFunc(
					checkServerStatus(t, srv, job, "ABORTED"),
					checkAborts(srv, 1),
				),
			},
		},
	})
}

// TestAccJobAbortAction_endedJob: aborting a finished job changes nothing on the server and
// does not fail the apply.
func TestAccJobAbortAction_endedJob(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	job := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "abort-ended"})
	clock.Advance(24 * time.Hour) // the job has long finished
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if s := serverJob(t, srv, job).Status; s != "FINISHED" {
					t.Fatalf("job %s is %s before the test; want FINISHED", job, s)
				}
				srv.ResetRequests()
			},
			Config: providerBlock(srv) + triggeredAction("vidispine_job_abort", fmt.Sprintf(`job_id = %q`, job), "1"),
			Check: resource.ComposeTestCheckFunc(
				checkServerStatus(t, srv, job, "FINISHED"),
				checkAborts(srv, 0),
			),
		}},
	})
}

// TestAccJobAbortAction_unknownJob: a job_id that names no job fails the plan.
func TestAccJobAbortAction_unknownJob(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + triggeredAction("vidispine_job_abort", `job_id = "VX-999999"`, "1"),
			// At plan, before anything is applied.
			ExpectError: expectErrorRegex("pre-apply plan", "Job not found", "VX-999999"),
		}},
	})
}

// TestAccJobAbortAction_jobFailsFirst: a job that fails before the abort takes effect fails the
// action with the job's problem, an error and not a warning, so that an action_trigger's
// on_failure decides what happens next. The mock is reached through a proxy that lets the job
// run to its end (FAILED_TOTAL) just before the abort request arrives.
func TestAccJobAbortAction_jobFailsFirst(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	job := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "abort-fails-first", "mockOutcome": "FAILED_TOTAL"})
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			clock.Advance(24 * time.Hour)
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{{
			Config: strings.Replace(providerBlock(srv), srv.URL(), proxy.URL, 1) +
				triggeredAction("vidispine_job_abort", fmt.Sprintf(`job_id              = %q
    wait_for_completion = true`, job), "1"),
			ExpectError: expectErrorRegex("Error:", "Job "+job+" ended FAILED_TOTAL before the abort took effect",
				"mockOutcome=FAILED_TOTAL"),
		}},
	})
	if got := serverJob(t, srv, job).Status; got != "FAILED_TOTAL" {
		t.Errorf("job %s is %s, want FAILED_TOTAL (it failed before the abort)", job, got)
	}
}
