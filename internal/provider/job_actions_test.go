package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// TestProviderSchema_actions: the provider serves the three job actions with valid schemas,
// each naming its job with a required job_id (checked without a Terraform CLI).
func TestProviderSchema_actions(t *testing.T) {
	resp, err := providerserver.NewProtocol6(New("test")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	for _, name := range []string{"vidispine_job_rerun", "vidispine_job_abort", "vidispine_job_priority"} {
		s, ok := resp.ActionSchemas[name]
		if !ok || s.Schema == nil || s.Schema.Block == nil {
			t.Errorf("action %s is not served", name)
			continue
		}
		i := slices.IndexFunc(s.Schema.Block.Attributes, func(a *tfprotov6.SchemaAttribute) bool { return a.Name == "job_id" })
		if i < 0 || !s.Schema.Block.Attributes[i].Required {
			t.Errorf("action %s has no required job_id", name)
		}
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

// TestAccJobActions_invokeByHand runs each action the way a person does,
// `terraform apply -invoke=action.…`, and checks on the server what it did. plugin-testing
// v1.16 has no step that runs `terraform apply -invoke`, so the test drives the real CLI
// (TF_ACC_TERRAFORM_PATH) against the provider served from the test process, as
// plugin-testing does, through TF_REATTACH_PROVIDERS.
func TestAccJobActions_invokeByHand(t *testing.T) {
	tf := terraformCLIAtLeast(t, "1.14.0", "actions")
	t.Parallel()
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	finished := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "by-hand"})
	clock.Advance(24 * time.Hour)
	running := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "by-hand"})

	w := newCLIWorkspace(t, tf, providerBlock(srv)+fmt.Sprintf(`
action "vidispine_job_rerun" "again" {
  config {
    job_id   = %[1]q
    priority = "LOW"
  }
}

action "vidispine_job_rerun" "and_wait" {
  config {
    job_id              = %[1]q
    wait_for_completion = true
  }
}

action "vidispine_job_priority" "rush" {
  config {
    job_id   = %[2]q
    priority = "IMMEDIATE"
  }
}

action "vidispine_job_abort" "stop" {
  config {
    job_id = %[2]q
    reason = "by hand"
  }
}

action "vidispine_job_abort" "no_wait" {
  config {
    job_id = %[2]q
    timeouts {
      invoke = "5m"
    }
  }
}

action "vidispine_job_abort" "stop_finished" {
  config {
    job_id = %[1]q
  }
}
`, finished, running))
	// A timeout without waiting is pointed out at validate time.
	if out := w.must("validate"); !strings.Contains(out, "Timeout without waiting") {
		t.Errorf("validate does not warn about timeouts.invoke without wait_for_completion:\n%s", out)
	}
	invoke := func(name string) string {
		return w.must("apply", "-auto-approve", "-input=false", "-invoke=action."+name)
	}

	// Re-run: one new job per invocation, reported by id.
	for i := 1; i <= 2; i++ {
		out := invoke("vidispine_job_rerun.again")
		newest := newestJob(t, srv)
		if n := serverJobCount(t, srv, "TRANSCODE", "batch", "by-hand"); n != 2+i {
			t.Fatalf("after %d re-run invocation(s) the server holds %d jobs of the batch, want %d", i, n, 2+i)
		}
		if newest.Priority != "LOW" || !strings.Contains(out, "Re-ran job "+finished+" as job "+newest.JobID) {
			t.Errorf("invocation %d: newest job %+v; output:\n%s", i, newest, out)
		}
	}

	out := invoke("vidispine_job_priority.rush")
	if j := serverJob(t, srv, running); j.Priority != "IMMEDIATE" {
		t.Errorf("job %s is at %s after the priority action, want IMMEDIATE; output:\n%s", running, j.Priority, out)
	}

	srv.ResetRequests()
	out = invoke("vidispine_job_abort.stop")
	if j := serverJob(t, srv, running); j.Status != "ABORTED_PENDING" && j.Status != "ABORTED" {
		t.Errorf("job %s is %s after the abort action; output:\n%s", running, j.Status, out)
	}
	out = invoke("vidispine_job_abort.stop_finished")
	if !strings.Contains(out, "Job "+finished+" has already ended (FINISHED): nothing to abort") {
		t.Errorf("aborting a finished job does not say so; output:\n%s", out)
	}
	if n := srv.Requests()["DELETE /API/job/{id}"]; n != 1 {
		t.Errorf("the abort request was sent %d times, want 1 (none for the finished job)", n)
	}
	if j := serverJob(t, srv, finished); j.Status != "FINISHED" {
		t.Errorf("the finished job is %s after the no-op abort", j.Status)
	}

	// Waiting: the new job's steps are reported while it runs, then its end.
	advancePerLook(t, srv, clock)
	out = invoke("vidispine_job_rerun.and_wait")
	newest := newestJob(t, srv)
	for _, want := range []string{"Job " + newest.JobID + " STARTED: step 1 of 3", "step 2 of 3", "step 3 of 3", "Job " + newest.JobID + ", the re-run of job " + finished + ", ended FINISHED"} {
		if !strings.Contains(out, want) {
			t.Errorf("waiting for the re-run does not report %q; output:\n%s", want, out)
		}
	}
}

// advancePerLook moves the mock's clock one second forward whenever a job has been read, until
// the test ends: a job (READY for a second, then two seconds a step) is seen in every step.
func advancePerLook(t *testing.T, srv *vidimock.Server, clock *vidimock.Clock) {
	done := make(chan struct{})
	go func() {
		seen := srv.Requests()["GET /API/job/{id}"]
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
			if n := srv.Requests()["GET /API/job/{id}"]; n > seen {
				seen = n
				clock.Advance(time.Second)
			}
		}
	}()
	t.Cleanup(func() { close(done) })
}

// Terraform 1.16 lets an action_trigger say what a failing action does (on_failure), runs actions
// on destroy events and lets -invoke pick the calling resource with -target. plugin-testing
// v1.16 can neither see the warnings of on_failure = continue nor pass -target with -invoke,
// so these tests drive the CLI (cliWorkspace).
const actionsOnFailureVersion = "1.16.0"

// rerunTriggeredBy is a terraform_data whose creation re-runs job through the
// vidispine_job_rerun action, waiting for it, with the given on_failure, and a second
// terraform_data created after it.
func rerunTriggeredBy(srv *vidimock.Server, job, onFailure string) string {
	return providerBlock(srv) + fmt.Sprintf(`
action "vidispine_job_rerun" "check" {
  config {
    job_id              = %q
    wait_for_completion = true
    timeouts {
      invoke = "5m"
    }
  }
}

resource "terraform_data" "trigger" {
  input = "1"
  lifecycle {
    action_trigger {
      events     = [after_create]
      actions    = [action.vidispine_job_rerun.check]
      on_failure = %s
    }
  }
}

resource "terraform_data" "next" {
  input      = "after the trigger"
  depends_on = [terraform_data.trigger]
}
`, job, onFailure)
}

// TestAccJobActions_onFailure: a re-run whose job fails is an error of the action, and the
// action_trigger's on_failure decides what follows. halt: the apply fails, the triggering
// resource stays, nothing after it is applied. taint: the same, and the triggering resource is
// tainted, so the next apply replaces it and re-runs again. continue: the apply goes on, and
// Terraform reports the job's failure as a warning.
func TestAccJobActions_onFailure(t *testing.T) {
	tf := terraformCLIAtLeast(t, actionsOnFailureVersion, "action_trigger on_failure")
	t.Parallel()
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	tickClock(t, clock)
	bad := startJob(t, srv, "IMPORT", map[string]string{"batch": "on-failure", "mockOutcome": "FAILED_TOTAL"})
	good := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "on-failure"})
	rerunOf := regexp.MustCompile(`Re-ran job (VX-\d+) as job (VX-\d+)`)
	// failedRerun checks that out reports, with severity, that a re-run of the bad job failed.
	failedRerun := func(t *testing.T, out, severity string) {
		t.Helper()
		m := rerunOf.FindStringSubmatch(out)
		if m == nil || m[1] != bad {
			t.Fatalf("the output does not report a re-run of job %s:\n%s", bad, out)
		}
		if want := severity + ": Re-run job " + m[2] + " ended FAILED_TOTAL"; !strings.Contains(out, want) {
			t.Errorf("the output does not report %q:\n%s", want, out)
		}
		if j := serverJob(t, srv, m[2]); j.Status != "FAILED_TOTAL" {
			t.Errorf("re-run job %s is %s on the server, want FAILED_TOTAL", m[2], j.Status)
		}
	}
	checkInstances := func(t *testing.T, w *cliWorkspace, want map[string]bool) {
		t.Helper()
		if got := w.instances(); !maps.Equal(got, want) {
			t.Errorf("state holds %v (address: tainted), want %v", got, want)
		}
	}

	t.Run("halt", func(t *testing.T) {
		t.Parallel()
		w := newCLIWorkspace(t, tf, rerunTriggeredBy(srv, bad, "halt"))
		failedRerun(t, w.mustFail("apply", "-auto-approve", "-input=false"), "Error")
		checkInstances(t, w, map[string]bool{"terraform_data.trigger": false})
		// Nothing re-runs the failed action: the trigger is kept as it is.
		if out := w.must("plan", "-input=false"); strings.Contains(out, "# terraform_data.trigger") ||
			strings.Contains(out, "action.vidispine_job_rerun.check") || !strings.Contains(out, "# terraform_data.next will be created") {
			t.Errorf("after halt the plan should only create terraform_data.next:\n%s", out)
		}
	})
	t.Run("taint", func(t *testing.T) {
		t.Parallel()
		w := newCLIWorkspace(t, tf, rerunTriggeredBy(srv, bad, "taint"))
		failedRerun(t, w.mustFail("apply", "-auto-approve", "-input=false"), "Error")
		checkInstances(t, w, map[string]bool{"terraform_data.trigger": true})
		// The next apply replaces the tainted trigger, which re-runs (here a job that succeeds).
		w.write(rerunTriggeredBy(srv, good, "taint"))
		out := w.must("apply", "-auto-approve", "-input=false")
		if m := rerunOf.FindStringSubmatch(out); !strings.Contains(out, "terraform_data.trigger is tainted, so must be replaced") ||
			m == nil || m[1] != good || !strings.Contains(out, ", ended FINISHED") {
			t.Errorf("the apply after taint does not replace the trigger and re-run job %s:\n%s", good, out)
		}
		checkInstances(t, w, map[string]bool{"terraform_data.trigger": false, "terraform_data.next": false})
	})
	t.Run("continue", func(t *testing.T) {
		t.Parallel()
		w := newCLIWorkspace(t, tf, rerunTriggeredBy(srv, bad, "continue"))
		failedRerun(t, w.must("apply", "-auto-approve", "-input=false"), "Warning")
		checkInstances(t, w, map[string]bool{"terraform_data.trigger": false, "terraform_data.next": false})
	})
}

// TestAccJobActions_destroyEvent: destroying a vidispine_job_rerun aborts its new job through a
// before_destroy trigger of the vidispine_job_abort action, which names the job through
// `caller`; the original job is left alone.
func TestAccJobActions_destroyEvent(t *testing.T) {
	tf := terraformCLIAtLeast(t, actionsOnFailureVersion, "actions on destroy events")
	t.Parallel()
	srv := startMock(t, vidimock.Options{}) // the clock stands still: jobs stay READY
	orig := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "destroy-event"})
	w := newCLIWorkspace(t, tf, providerBlock(srv)+fmt.Sprintf(`
action "vidispine_job_abort" "rerun" {
  config {
    job_id = caller.new_job_id
    reason = "its re-run was destroyed"
  }
}

resource "vidispine_job_rerun" "transcode" {
  job_id = %q
  lifecycle {
    action_trigger {
      events  = [before_destroy]
      actions = [action.vidispine_job_abort.rerun]
    }
  }
}
`, orig))
	w.must("apply", "-auto-approve", "-input=false")
	rerun := newestJob(t, srv)
	if rerun.JobID == orig || rerun.Status != "READY" {
		t.Fatalf("after apply the newest job is %+v; want a READY re-run of %s", rerun, orig)
	}
	out := w.must("destroy", "-auto-approve", "-input=false")
	if j := serverJob(t, srv, rerun.JobID); j.Status != "ABORTED_PENDING" && j.Status != "ABORTED" {
		t.Errorf("re-run job %s is %s after destroy, want it aborted; output:\n%s", rerun.JobID, j.Status, out)
	}
	if !strings.Contains(out, "Asked the server to abort job "+rerun.JobID) {
		t.Errorf("destroy does not report the abort:\n%s", out)
	}
	if j := serverJob(t, srv, orig); j.Status != "READY" {
		t.Errorf("the original job %s is %s after destroy, want it left alone (READY)", orig, j.Status)
	}
}

// TestAccJobActions_invokeTarget: an action that names its job through `caller` is invoked by
// hand for one calling resource with -invoke and -target, and for every caller without -target.
func TestAccJobActions_invokeTarget(t *testing.T) {
	tf := terraformCLIAtLeast(t, actionsOnFailureVersion, "-invoke with -target")
	t.Parallel()
	srv := startMock(t, vidimock.Options{})
	a := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "invoke-target"})
	b := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "invoke-target"})
	w := newCLIWorkspace(t, tf, providerBlock(srv)+fmt.Sprintf(`
action "vidispine_job_priority" "rush" {
  config {
    job_id   = caller.input
    priority = "IMMEDIATE"
  }
}

resource "terraform_data" "job" {
  for_each = { a = %q, b = %q }
  input    = each.value
  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.vidispine_job_priority.rush]
    }
  }
}
`, a, b))
	w.must("apply", "-auto-approve", "-input=false")
	priorities := func() [2]string { return [2]string{serverJob(t, srv, a).Priority, serverJob(t, srv, b).Priority} }
	before := priorities()
	if before[0] == "IMMEDIATE" || before[1] == "IMMEDIATE" {
		t.Fatalf("the jobs are at %v before any invocation", before)
	}
	w.must("apply", "-auto-approve", "-input=false", "-invoke=action.vidispine_job_priority.rush", `-target=terraform_data.job["a"]`)
	if got := priorities(); got != [2]string{"IMMEDIATE", before[1]} {
		t.Errorf("after -invoke with -target=terraform_data.job[\"a\"] the jobs are at %v, want [IMMEDIATE %s]", got, before[1])
	}
	w.must("apply", "-auto-approve", "-input=false", "-invoke=action.vidispine_job_priority.rush")
	if got := priorities(); got != [2]string{"IMMEDIATE", "IMMEDIATE"} {
		t.Errorf("after -invoke without -target the jobs are at %v, want both IMMEDIATE", got)
	}
}
