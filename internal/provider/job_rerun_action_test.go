package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// actionsMinVersion: actions and action_trigger need Terraform 1.14.
var actionsMinVersion = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// triggeredAction is an action block plus a terraform_data whose creation and every change
// of input invoke it once, through lifecycle.action_trigger.
func triggeredAction(actionType, body, input string) string {
	return fmt.Sprintf(`
action %[1]q "test" {
  config {
    %[2]s
  }
}

resource "terraform_data" "trigger" {
  input = %[3]q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.%[1]s.test]
    }
  }
}
`, actionType, body, input)
}

// newestJob is the server's newest job of any user.
func newestJob(t testing.TB, srv *vidimock.Server) serverJob {
	t.Helper()
	var list struct {
		Job []serverJob `json:"job"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/job?user=false&number=1&sort=jobId%20desc", nil, &list)
	if len(list.Job) != 1 {
		t.Fatalf("the server lists no jobs")
	}
	return list.Job[0]
}

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
				// Half the re-run requests fail: refused (503, 429), dropped before or after taking effect.
				PreConfig: func() {
					srv.SetFaults(vidimock.Faults{Rate: 0.5, Kinds: []string{"503", "429", "drop", "drop-after"},
						Seed: 7, Paths: []string{"/re-run"}, RetryAfter: 1})
					srv.ResetRequests()
				},
				Config: config("3"),
				Check: resource.ComposeTestCheckFunc(
					count(4),
					func(*terraform.State) error {
						// The test proves nothing unless a fault hit the re-run request.
						if posts = srv.Requests()["POST /API/job/{id}/re-run"]; posts < 2 {
							return fmt.Errorf("the re-run request was sent %d times: no fault was injected", posts)
						}
						return nil
					},
				),
			},
		},
	})
	t.Logf("the re-run under faults took %d POSTs", posts)
}

// TestAccJobRerunAction_taskDefinitionTrigger is the guide's example: changing a task
// definition of TRANSCODE re-runs the newest transcode once; creating it does not.
func TestAccJobRerunAction_taskDefinitionTrigger(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	startJob(t, srv, "TRANSCODE", map[string]string{"batch": "taskdef-trigger"})
	count := func(n int) resource.TestCheckFunc {
		return checkJobCount(t, srv, "TRANSCODE", "batch", "taskdef-trigger", n)
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
				ExpectError: expectErrorRegex("ended FAILED_TOTAL", "the re-run of job "+bad, "jobFailed", "Last step", "mockOutcome=FAILED_TOTAL"),
			},
		},
	})
	if n := countJobs(t, srv, "IMPORT", "batch", "action-wait"); n != 2 {
		t.Errorf("server holds %d IMPORT jobs of the batch, want 2: the original and one re-run", n)
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
	if n := countJobs(t, srv, "TRANSCODE", "batch", "action-timeout"); n != 2 {
		t.Errorf("server holds %d jobs of the batch, want 2: the original and one re-run", n)
	}
}

// TestAccJobActions_badConfig: every job action checks its configuration at validate time,
// naming the attribute and the allowed values, before anything reaches the server.
func TestAccJobActions_badConfig(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	// Cleanup runs after the parallel subtests.
	t.Cleanup(func() {
		if got := srv.Requests(); len(got) != 0 {
			t.Errorf("invalid configurations reached the server: %v", got)
		}
	})
	for _, tc := range []struct {
		name, actionType, body string
		expect                 *regexp.Regexp
	}{
		{"rerun priority", "vidispine_job_rerun", `job_id = "VX-1"
    priority = "URGENT"`, expectErrorRegex("priority", "IMMEDIATE", "LOWEST", "URGENT")},
		{"rerun job id", "vidispine_job_rerun", `job_id = "29"`, expectErrorRegex("job_id", "VX-29")},
		{"abort job id", "vidispine_job_abort", `job_id = "job 5"`, expectErrorRegex("job_id", "VX-29")},
		{"priority missing", "vidispine_job_priority", `job_id = "VX-1"`, regexp.MustCompile(`"priority" is required`)},
		{"priority value", "vidispine_job_priority", `job_id = "VX-1"
    priority = "high"`, expectErrorRegex("priority", "IMMEDIATE", "high")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   actionsMinVersion,
				Steps: []resource.TestStep{{
					Config:      providerBlock(srv) + triggeredAction(tc.actionType, tc.body, "1"),
					ExpectError: tc.expect,
				}},
			})
		})
	}
}
