package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// TestAccJobRerunAction_trigger: every change of the trigger re-runs the job once, at the
// configured priority; a plan without changes re-runs nothing; under injected faults the
// re-run is still made exactly once.
func TestAccJobRerunAction_trigger(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	orig := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-7", "batch": "rerun-action"})
	count := func(n int) resource.TestCheckFunc {
		return checkJobCount(t, srv, "TRANSCODE", "batch", "rerun-action", n)
	}
	config := func(input string) string {
		return providerBlock(srv, faultRetries) + triggeredAction("vidispine_job_rerun", fmt.Sprintf(`job_id   = %q
    priority = "HIGH"`, orig), input)
	}
	newestIsRerun := func(*terraform.State) error {
		if j := newestJob(t, srv); j.Type != "TRANSCODE" || j.Priority != "HIGH" || j.JobID == orig {
			return fmt.Errorf("the newest job is %+v; want a re-run of %s (TRANSCODE) at HIGH", j, orig)
		}
		return nil
	}
	var posts int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{
			{
				Config: config("1"),
				Check:  resource.ComposeTestCheckFunc(count(2), newestIsRerun),
			},
			{
				Config: config("2"),
				Check:  resource.ComposeTestCheckFunc(count(3), newestIsRerun),
			},
			{
				// Nothing changed: no invocation, no new job.
				Config: config("2"),
				Check:  count(3),
			},
			{
				PreConfig: func() { failHalfOfTheReruns(srv) },
				Config:    config("3"),
				Check:     resource.ComposeTestCheckFunc(count(4), checkRerunFaulted(srv, &posts)),
			},
		},
	})
	t.Logf("the re-run under faults took %d POSTs", posts)
}

// TestAccJobRerunAction_taskDefinitionTrigger is the guide's example: changing a task
// definition of TRANSCODE re-runs the newest transcode once; creating it does not.
func TestAccJobRerunAction_taskDefinitionTrigger(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	startJob(t, srv, "TRANSCODE", map[string]string{"batch": "task-definition-trigger"})
	count := func(n int) resource.TestCheckFunc {
		return checkJobCount(t, srv, "TRANSCODE", "batch", "task-definition-trigger", n)
	}
	config := func(script string) string {
		return providerBlock(srv) + fmt.Sprintf(`
data "vidispine_jobs" "last_transcode" {
  types       = ["TRANSCODE"]
  sort        = "jobId desc"
  max_results = 1
}

action "vidispine_job_rerun" "last_transcode" {
  config {
    job_id = data.vidispine_jobs.last_transcode.jobs[0].job_id
  }
}

resource "vidispine_task_definition" "notify_cms" {
  job_type    = "TRANSCODE"
  step        = 400
  description = "Tell the CMS"
  script      = %q

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.vidispine_job_rerun.last_transcode]
    }
  }
}
`, script)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{
			{Config: config("job.log('v1');"), Check: count(1)},
			{Config: config("job.log('v2');"), Check: count(2)},
			{Config: config("job.log('v3');"), Check: count(3)},
		},
	})
}

// TestAccJobRerunAction_wait: waiting reports a finished re-run as success, fails with the
// job's problem when the re-run fails, and fails with the timeout when it runs out.
func TestAccJobRerunAction_wait(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	tickClock(t, clock)
	good := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "action-wait"})
	bad := startJob(t, srv, "IMPORT", map[string]string{"batch": "action-wait", "mockOutcome": "FAILED_TOTAL"})
	config := func(job, input string) string {
		return providerBlock(srv) + triggeredAction("vidispine_job_rerun", fmt.Sprintf(`job_id              = %q
    wait_for_completion = true
    timeouts {
      invoke = "5m"
    }`, job), input)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{
			{
				Config: config(good, "1"),
				Check: func(*terraform.State) error {
					if j := newestJob(t, srv); j.Type != "TRANSCODE" || j.Status != "FINISHED" {
						return fmt.Errorf("the re-run is %+v; want a TRANSCODE that had FINISHED when the apply ended", j)
					}
					return nil
				},
			},
			{
				Config:      config(bad, "2"),
				ExpectError: expectErrorRegex("ended FAILED_TOTAL", "the re-run of job "+bad, "jobFailed", "Failed step", "mockOutcome=FAILED_TOTAL"),
			},
		},
	})
	if err := checkJobCount(t, srv, "IMPORT", "batch", "action-wait", 2)(nil); err != nil {
		t.Error(err)
	}
}

func TestAccJobRerunAction_timeout(t *testing.T) {
	srv := startMock(t, vidimock.Options{}) // the manual clock stands still: the job never ends
	orig := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "action-timeout"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + triggeredAction("vidispine_job_rerun", fmt.Sprintf(`job_id              = %q
    wait_for_completion = true
    timeouts {
      invoke = "300ms"
    }`, orig), "1"),
			ExpectError: expectErrorRegex("Timed out waiting for re-run job", "300ms", "READY", "keeps running"),
		}},
	})
	if err := checkJobCount(t, srv, "TRANSCODE", "batch", "action-timeout", 2)(nil); err != nil {
		t.Error(err)
	}
}
