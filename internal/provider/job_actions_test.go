package provider

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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

// cliRequiredProviders names the provider for a configuration the CLI runs outside
// plugin-testing (terraformCLI, terraformCommand).
const cliRequiredProviders = `
terraform {
  required_providers {
    vidispine = { source = "mediaops/vidispine" }
  }
}
`

// terraformCLI runs one command in dir against a freshly served provider and returns its
// output; a failure ends the test.
func terraformCLI(t *testing.T, tf, dir string, args ...string) string {
	t.Helper()
	cmd, out, stop := terraformCommand(t, tf, dir, args...)
	defer stop()
	if err := cmd.Run(); err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// terraformCommand prepares one command in dir against a freshly served provider; out collects
// its output, and stop stops the provider once the command has ended.
func terraformCommand(t *testing.T, tf, dir string, args ...string) (cmd *exec.Cmd, out *bytes.Buffer, stop func()) {
	t.Helper()
	reattach, stop := serveProviders(t, map[string]func() tfprotov6.ProviderServer{
		cliRegistryHost() + "/mediaops/vidispine": providerserver.NewProtocol6(newTestProvider(nil)),
	})
	cmd = exec.Command(tf, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_CLI_ARGS=-no-color")
	out = &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	return cmd, out, stop
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

	dir := t.TempDir()
	hcl := cliRequiredProviders + providerBlock(srv) + fmt.Sprintf(`
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
`, finished, running)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(hcl), 0o600); err != nil {
		t.Fatal(err)
	}
	terraformCLI(t, tf, dir, "init", "-input=false")
	// A timeout without waiting is pointed out at validate time.
	if out := terraformCLI(t, tf, dir, "validate"); !strings.Contains(out, "Timeout without waiting") {
		t.Errorf("validate does not warn about timeouts.invoke without wait_for_completion:\n%s", out)
	}
	invoke := func(name string) string {
		return terraformCLI(t, tf, dir, "apply", "-auto-approve", "-input=false", "-invoke=action."+name)
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
