package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// TestAccJobStartAction_exactlyOnce: every invocation starts one job, even when every answer to
// the start request is lost; a plan without changes starts nothing.
func TestAccJobStartAction_exactlyOnce(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	count := func(n int) resource.TestCheckFunc {
		return checkJobCount(t, srv, "TRANSCODE", "batch", "start-action", n)
	}
	posts := func(n int) resource.TestCheckFunc { return checkRequests(srv, routeStartJob, n) }
	config := func(input string) string {
		return providerBlock(srv, faultRetries) + triggeredAction("vidispine_job_start", `job_type = "TRANSCODE"
    priority = "HIGH"
    job_data = { batch = "start-action", itemId = "VX-3" }`, input)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					srv.SetFaults(vidimock.Faults{Rate: 1, Kinds: []string{"drop-after"}, Paths: []string{"POST /API/job"}})
					srv.ResetRequests()
				},
				Config: config("1"),
				Check: resource.ComposeTestCheckFunc(count(1), posts(1), func(*terraform.State) error {
					if j := newestJob(t, srv); j.Type != "TRANSCODE" || j.Priority != "HIGH" {
						return fmt.Errorf("the newest job is %+v; want a TRANSCODE at HIGH", j)
					}
					return nil
				}),
			},
			{Config: config("2"), Check: resource.ComposeTestCheckFunc(count(2), posts(2))},
			{Config: config("2"), Check: resource.ComposeTestCheckFunc(count(2), posts(2))},
		},
	})
}

// TestAccJobStartAction_wait: a job that ends in a success state passes; one that does not fails
// the apply naming the job, its state, the failed step and its message.
func TestAccJobStartAction_wait(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	tickClock(t, clock)
	config := func(body, input string) string {
		return providerBlock(srv) + triggeredAction("vidispine_job_start", `job_type = "IMPORT"
    wait_for_completion = true
    poll_interval       = "20ms"
    `+body, input)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{
			{
				Config: config(`job_data = { batch = "start-wait" }`, "1"),
				Check: func(*terraform.State) error {
					if j := newestJob(t, srv); j.Type != "IMPORT" || j.Status != "FINISHED" {
						return fmt.Errorf("the job is %+v; want an IMPORT that had FINISHED when the apply ended", j)
					}
					return nil
				},
			},
			{
				Config: config(`job_data = { batch = "start-wait", mockOutcome = "FINISHED_WARNING" }
    success_states = ["FINISHED", "FINISHED_WARNING"]`, "2"),
			},
			{
				Config:      config(`job_data = { batch = "start-wait", mockOutcome = "FAILED_TOTAL", errorMessage = "No such file" }`, "3"),
				ExpectError: regexp.MustCompile(`(?s)Job VX-\d+ \(IMPORT\) ended FAILED_TOTAL.*jobFailed.*Failed step.*No such file.*invoking the action again`),
			},
		},
	})
	if n := serverJobCount(t, srv, "IMPORT", "batch", "start-wait"); n != 3 {
		t.Errorf("%d jobs started, want one per invocation (3)", n)
	}
}

// TestAccJobStartAction_badConfig: bad input is refused at validate time, naming the attribute
// and the allowed values, before anything reaches the server.
func TestAccJobStartAction_badConfig(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	var steps []resource.TestStep
	for _, tt := range []struct{ body, want string }{
		{`job_type = "TRANSCODE"
    success_states = ["FAILED"]`, `success_states.*value must be one of.*"FINISHED_WARNING"`},
		{`job_type = "TRANSCODE"
    priority = "urgent"`, `priority.*value must be one of.*"IMMEDIATE"`},
		{`job_type = "my pipeline"`, `job_type.*upper-case identifier`},
		{`job_type = "TRANSCODE"
    job_data = { terraformStartId = "1" }`, `job_data.*terraformStartId`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(srv) + triggeredAction("vidispine_job_start", tt.body, "1"),
			ExpectError: regexp.MustCompile(`(?s)` + tt.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps:                    steps,
	})
	if n := srv.Requests()["POST /API/job"]; n != 0 {
		t.Errorf("invalid configurations started %d jobs", n)
	}
}

// TestAccJobStartAction_invokeByHand: `terraform apply -invoke` starts one job and reports its
// progress, step by step, and its end.
func TestAccJobStartAction_invokeByHand(t *testing.T) {
	tf := terraformCLIAtLeast(t, "1.14.0", "actions")
	t.Parallel()
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	w := newCLIWorkspace(t, tf, providerBlock(srv)+`
action "vidispine_job_start" "smoke" {
  config {
    job_type            = "TRANSCODE"
    job_data            = { batch = "start-by-hand" }
    wait_for_completion = true
  }
}
`)
	advancePerLook(t, srv, clock)
	out := w.must("apply", "-auto-approve", "-input=false", "-invoke=action.vidispine_job_start.smoke")
	job := newestJob(t, srv)
	if n := serverJobCount(t, srv, "TRANSCODE", "batch", "start-by-hand"); n != 1 {
		t.Errorf("%d jobs started, want 1", n)
	}
	for _, want := range []string{"Started job " + job.JobID + " (TRANSCODE, priority MEDIUM", "Job " + job.JobID + " STARTED: step 1 of 3",
		"step 3 of 3", "Job " + job.JobID + " (TRANSCODE) ended FINISHED"} {
		if !strings.Contains(out, want) {
			t.Errorf("the invocation does not report %q; output:\n%s", want, out)
		}
	}
}

// TestAccJobStartAction_onFailure: a failed job is an action error, so Terraform 1.16's
// on_failure decides what becomes of the apply: continue lets it succeed, halt (the default)
// fails it.
func TestAccJobStartAction_onFailure(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	tickClock(t, clock)
	config := func(onFailure, input string) string {
		return providerBlock(srv) + fmt.Sprintf(`
action "vidispine_job_start" "smoke" {
  config {
    job_type            = "IMPORT"
    job_data            = { batch = "start-on-failure", mockOutcome = "FAILED_TOTAL", errorMessage = "Checksum mismatch" }
    wait_for_completion = true
    poll_interval       = "20ms"
  }
}

resource "terraform_data" "trigger" {
  input = %[2]q
  lifecycle {
    action_trigger {
      events     = [after_create, after_update]
      actions    = [action.vidispine_job_start.smoke]
      on_failure = %[1]s
    }
  }
}
`, onFailure, input)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion(actionsOnFailureVersion)))},
		Steps: []resource.TestStep{
			{Config: config("continue", "1")},
			{Config: config("halt", "2"), ExpectError: expectErrorRegex("ended FAILED_TOTAL", "Checksum mismatch")},
		},
	})
	if n := serverJobCount(t, srv, "IMPORT", "batch", "start-on-failure"); n != 2 {
		t.Errorf("%d jobs started, want one per invocation (2)", n)
	}
}
