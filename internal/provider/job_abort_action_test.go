package provider

import (
	"fmt"
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
