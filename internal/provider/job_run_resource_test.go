package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

const jobRunAddr = "vidispine_job_run.test"

// jobRunConfig is a vidispine_job_run named name starting a jobType job with body's extra lines.
func jobRunConfig(name, jobType, body string) string {
	return fmt.Sprintf(`
resource "vidispine_job_run" %q {
  job_type = %q
  %s
}
`, name, jobType, body)
}

// stateJobID is the job id addr holds in state.
func stateJobID(s *terraform.State, addr string) string {
	return s.RootModule().Resources[addr].Primary.Attributes["job_id"]
}

func TestAccJobRun_lifecycle(t *testing.T) {
	srv := startMock(t, vidimock.Options{}) // the manual clock stands still: jobs stay READY
	count := func(n int) resource.TestCheckFunc {
		return checkJobCount(t, srv, "TRANSCODE", "batch", "run-lifecycle", n)
	}
	config := func(extra string) string {
		return providerBlock(srv) + jobRunConfig("test", "TRANSCODE", `job_data = { batch = "run-lifecycle", itemId = "VX-9" }
  priority = "HIGH"
  `+extra)
	}
	var jobID string
	capture := func(s *terraform.State) error { jobID = stateJobID(s, jobRunAddr); return nil }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Destroy leaves the job alone: still READY, not aborted.
		CheckDestroy: func(*terraform.State) error {
			if j := serverJob(t, srv, jobID); j.Status != "READY" {
				return fmt.Errorf("destroy left job %s %s; want it untouched (READY)", jobID, j.Status)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config(`triggers = { build = "1" }`),
				Check: resource.ComposeTestCheckFunc(
					capture,
					count(1),
					func(*terraform.State) error {
						j := serverJob(t, srv, jobID)
						if j.Type != "TRANSCODE" || j.Priority != "HIGH" || j.User != vidimock.AdminUser || j.data("itemId") != "VX-9" {
							return fmt.Errorf("job %s is %+v; want a TRANSCODE at HIGH by %s with itemId=VX-9", jobID, j, vidimock.AdminUser)
						}
						if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(j.data("terraformStartId")) {
							return fmt.Errorf("job %s has no start marker: %+v", jobID, j.Data)
						}
						return nil
					},
					resource.TestCheckResourceAttrPair(jobRunAddr, "id", jobRunAddr, "job_id"),
					resource.TestCheckResourceAttr(jobRunAddr, "status", "READY"),
					resource.TestCheckResourceAttrSet(jobRunAddr, "started"),
					resource.TestCheckNoResourceAttr(jobRunAddr, "ended"),
					resource.TestCheckResourceAttr(jobRunAddr, "result_data.itemId", "VX-9"),
					resource.TestCheckNoResourceAttr(jobRunAddr, "result_data.terraformStartId"),
					resource.TestCheckResourceAttr(jobRunAddr, "success_states.#", "1"),
				),
			},
			{
				// Waiting, success states and aborting act at create or destroy: an update starts nothing.
				Config: config(`triggers = { build = "1" }
  abort_on_destroy = false
  success_states = ["FINISHED", "FINISHED_WARNING"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobRunAddr, plancheck.ResourceActionUpdate),
				}},
				Check: count(1),
			},
			{
				// A new trigger value starts a new job.
				Config: config(`triggers = { build = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobRunAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeTestCheckFunc(capture, count(2)),
			},
			{
				// Drift: the running job is aborted on the server. The refresh records it; nothing is planned.
				PreConfig:        func() { mockAPI(t, srv, http.MethodDelete, "/API/job/"+jobID+"?cleanup=false", nil) },
				Config:           config(`triggers = { build = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.TestMatchResourceAttr(jobRunAddr, "status", regexp.MustCompile(`^ABORTED`)),
			},
			{
				// The job is removed from the server's history: the run is not repeated.
				PreConfig:        func() { mockJSON(t, srv, http.MethodDelete, "/API/job?id="+jobID, nil, nil) },
				Config:           config(`triggers = { build = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            count(1),
			},
			{
				// Another job type starts a new job, at the server's default priority when none is asked for.
				Config: providerBlock(srv) + jobRunConfig("test", "THUMBNAIL", `job_data = { batch = "run-lifecycle" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobRunAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeTestCheckFunc(capture,
					checkJobCount(t, srv, "THUMBNAIL", "batch", "run-lifecycle", 1),
					resource.TestCheckResourceAttr(jobRunAddr, "priority", "MEDIUM")),
			},
		},
	})
}

// TestAccJobRun_wait: a run that ends in a success state passes, with its state and data in
// state; one that does not fails the apply with the job's state, failed step and problem, is
// kept in state (tainted) and is started again by the next apply.
func TestAccJobRun_wait(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	tickClock(t, clock)
	finished := jobRunConfig("finished", "TRANSCODE", `job_data = { batch = "run-wait" }
  wait_for_completion = true
  poll_interval = "20ms"`)
	warned := func(states string) string {
		return jobRunConfig("warned", "THUMBNAIL", `job_data = { batch = "run-wait", mockOutcome = "FINISHED_WARNING" }
  wait_for_completion = true
  `+states)
	}
	failed := jobRunConfig("failed", "IMPORT", `job_data = { batch = "run-wait", mockOutcome = "FAILED_TOTAL", errorMessage = "Checksum mismatch" }
  wait_for_completion = true
  timeouts { create = "5m" }`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + finished,
				ConfigStateChecks: []statecheck.StateCheck{
					// Known at the end of the apply, not only after a refresh.
					statecheck.ExpectKnownValue("vidispine_job_run.finished", tfjsonpath.New("status"), knownvalue.StringExact("FINISHED")),
					statecheck.ExpectKnownValue("vidispine_job_run.finished", tfjsonpath.New("ended"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("vidispine_job_run.finished", tfjsonpath.New("result_data"),
						knownvalue.MapExact(map[string]knownvalue.Check{"batch": knownvalue.StringExact("run-wait")})),
				},
			},
			{
				Config:      providerBlock(srv) + finished + warned(""),
				ExpectError: expectErrorRegex("ended FINISHED_WARNING", "success_states", "accepts", "FINISHED.", "untaint"),
			},
			{
				// Accepting FINISHED_WARNING: the tainted run is replaced by one that passes.
				Config: providerBlock(srv) + finished + warned(`success_states = ["FINISHED", "FINISHED_WARNING"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vidispine_job_run.warned", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.TestCheckResourceAttr("vidispine_job_run.warned", "status", "FINISHED_WARNING"),
			},
			{
				Config:      providerBlock(srv) + finished + failed,
				ExpectError: expectErrorRegex("IMPORT", "ended FAILED_TOTAL", "jobFailed", "Failed step", "Checksum mismatch", "untaint"),
			},
			{
				// The failed run was not lost: it is in state, tainted, so the next apply starts a new job.
				Config:             providerBlock(srv) + finished + failed,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vidispine_job_run.failed", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("vidispine_job_run.finished", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
	if n := serverJobCount(t, srv, "IMPORT", "batch", "run-wait"); n != 1 {
		t.Errorf("%d IMPORT jobs started, want 1", n)
	}
}

// TestAccJobRun_timeoutAborts: a job that does not end within the create timeout fails the
// apply and, with abort_on_timeout, is aborted; a running job is aborted by destroy with
// abort_on_destroy.
func TestAccJobRun_timeoutAborts(t *testing.T) {
	srv := startMock(t, vidimock.Options{}) // the manual clock stands still: the jobs never end
	var running string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if j := serverJob(t, srv, running); !strings.HasPrefix(j.Status, "ABORTED") {
				return fmt.Errorf("destroy left job %s %s; want it aborted (abort_on_destroy)", running, j.Status)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + jobRunConfig("test", "TRANSCODE", `job_data = { batch = "run-timeout" }
  wait_for_completion = true
  abort_on_timeout = true
  timeouts { create = "300ms" }`),
				ExpectError: expectErrorRegex("Timed out waiting for job", "300ms", "READY", "aborted"),
			},
			{
				Config: providerBlock(srv) + jobRunConfig("test", "THUMBNAIL", `abort_on_destroy = true`),
				Check: func(s *terraform.State) error {
					running = stateJobID(s, jobRunAddr)
					return nil
				},
			},
		},
	})
	jobs, _ := serverJobs(t, srv, "/API/job?user=false&type=TRANSCODE&metadata=true&jobmetadata=batch%3Drun-timeout")
	if len(jobs) != 1 || !strings.HasPrefix(jobs[0].Status, "ABORTED") {
		t.Errorf("timed-out jobs: %+v; want one, aborted", jobs)
	}
}

// TestAccJobRun_exactlyOnce starts jobs through a network that loses the answer to every start,
// then through one that also refuses and drops requests: one job per start, never two.
func TestAccJobRun_exactlyOnce(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	count := func(n int) resource.TestCheckFunc {
		return checkJobCount(t, srv, "TRANSCODE", "batch", "run-faults", n)
	}
	config := func(build string) string {
		return providerBlock(srv, faultRetries) + jobRunConfig("test", "TRANSCODE", fmt.Sprintf(`job_data = { batch = "run-faults" }
  triggers = { build = %q }`, build))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					srv.SetFaults(vidimock.Faults{Rate: 1, Kinds: []string{"drop-after"}, Paths: []string{"POST /API/job"}})
					srv.ResetRequests()
				},
				Config: config("1"),
				Check: resource.ComposeTestCheckFunc(count(1), func(s *terraform.State) error {
					if n := srv.Requests()["POST /API/job"]; n != 1 {
						return fmt.Errorf("the start was sent %d times, want once", n)
					}
					if got, newest := stateJobID(s, jobRunAddr), newestJob(t, srv); newest.JobID != got {
						return fmt.Errorf("state holds job %s, the server's newest job is %+v", got, newest)
					}
					return nil
				}),
			},
			{
				PreConfig: func() {
					srv.SetFaults(vidimock.Faults{Rate: 0.5, Kinds: faultKinds, Seed: 7, Paths: []string{"POST /API/job"}, RetryAfter: 1})
					srv.ResetRequests()
				},
				Config: config("2"),
				Check: resource.ComposeTestCheckFunc(count(2), func(*terraform.State) error {
					if n := srv.Requests()["POST /API/job"]; n < 2 {
						return fmt.Errorf("the start was sent %d times: no fault was injected", n)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccJobRun_importAdopts: a job started elsewhere is imported by its id; the first apply
// records job_data and triggers without starting a job; later changes start jobs as usual.
func TestAccJobRun_importAdopts(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	orig := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "run-import"})
	count := func(n int) resource.TestCheckFunc {
		return checkJobCount(t, srv, "TRANSCODE", "batch", "run-import", n)
	}
	config := func(build string) string {
		return providerBlock(srv) + jobRunConfig("test", "TRANSCODE", fmt.Sprintf(`job_data = { batch = "run-import" }
  triggers = { build = %q }`, build))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				ResourceName: jobRunAddr, Config: config("1"), ImportState: true, ImportStateId: orig, ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["job_id"] != orig || states[0].Attributes["job_type"] != "TRANSCODE" ||
						states[0].Attributes["result_data.batch"] != "run-import" {
						return fmt.Errorf("imported %+v; want job %s of type TRANSCODE with its data", states, orig)
					}
					return nil
				},
			},
			{
				Config: config("1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobRunAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(count(1), resource.TestCheckResourceAttr(jobRunAddr, "job_id", orig)),
			},
			{Config: config("1"), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				ResourceName: jobRunAddr, Config: config("1"), ImportState: true, ImportStateId: "VX7",
				ExpectError: expectErrorRegex("Import a job run by its job id"),
			},
			{
				Config: config("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobRunAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: count(2),
			},
		},
	})
}

func TestAccJobRun_identity(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	// No job_data: an imported run records it at its first apply (TestAccJobRun_importAdopts),
	// and an import block must plan no change.
	config := providerBlock(srv) + jobRunConfig("test", "TRANSCODE", "")
	var jobID string
	stillNewest := func(*terraform.State) error {
		if newest := newestJob(t, srv); newest.JobID != jobID {
			return fmt.Errorf("the newest job is %s, not the run's %s: an import started a job", newest.JobID, jobID)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesStateAtPath(jobRunAddr, tfjsonpath.New("job_id"), tfjsonpath.New("job_id")),
				},
				Check: func(s *terraform.State) error { jobID = stateJobID(s, jobRunAddr); return nil },
			},
			{ResourceName: jobRunAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{
				ResourceName: jobRunAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return jobID, nil },
			},
			{Config: config, Check: stillNewest},
		},
	})
}

// TestAccJobRun_badInput: what the server cannot run is refused at plan, naming the attribute
// and the allowed values; nothing is started.
func TestAccJobRun_badInput(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	var steps []resource.TestStep
	for _, tt := range []struct{ body, want string }{
		{`success_states = ["DONE"]`, `success_states.*value must be one of.*"FINISHED"`},
		{`success_states = []`, `success_states.*at least 1`},
		{`priority = "URGENT"`, `priority.*value must be one of.*"IMMEDIATE"`},
		{`job_data = { terraformStartId = "x" }`, `job_data.*terraformStartId`},
		{`job_data = { "a=b" = "c" }`, `job_data.*without`},
		{`poll_interval = "soon"`, `poll_interval.*duration`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(srv) + jobRunConfig("test", "TRANSCODE", tt.body),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)` + tt.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config:      providerBlock(srv) + jobRunConfig("test", "transcode", ""),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`(?s)job_type.*upper-case identifier`),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
	if jobs, _ := serverJobs(t, srv, "/API/job?user=false&number=1&sort=jobId%20desc&metadata=true"); len(jobs) > 0 && jobs[0].data("terraformStartId") != "" {
		t.Errorf("a job was started: %+v", jobs[0])
	}
}

// smokePipeline is a custom job type of three script steps that pass values through job data,
// and a vidispine_job_run that smoke-tests it whenever a step changes; publishScript is the last
// step's script.
func smokePipeline(typeID int, name, publishScript string) string {
	return fmt.Sprintf(`
resource "vidispine_job_type" "smoke" {
  name    = %[2]q
  type_id = %[1]d
}

resource "vidispine_task_definition" "name_output" {
  job_type    = vidispine_job_type.smoke.name
  step        = 100
  description = "Name the output"
  script      = "job.setData('outputName', job.getData('itemId') + '.mp4'); job.log('named');"
}

resource "vidispine_task_definition" "transcode" {
  job_type    = vidispine_job_type.smoke.name
  step        = 200
  description = "Transcode"
  script      = "if (!job.containsKey('outputName')) { job.fatalFail('no output name'); } job.setData('renditions', '3');"
}

resource "vidispine_task_definition" "publish" {
  job_type    = vidispine_job_type.smoke.name
  step        = 300
  description = "Publish"
  script      = %[3]q
}

resource "vidispine_job_run" "smoke" {
  job_type = vidispine_job_type.smoke.name
  job_data = { itemId = "VX-42" }
  triggers = {
    for step in [vidispine_task_definition.name_output, vidispine_task_definition.transcode, vidispine_task_definition.publish] :
    step.id => sha1(step.script)
  }
  wait_for_completion = true
  poll_interval       = "20ms"
}

data "vidispine_job" "smoke" {
  job_id = vidispine_job_run.smoke.job_id
}
`, typeID, name, publishScript)
}

const publishScript = "job.setData('publishedUrl', 'https://cdn.example.com/' + job.getData('outputName'));"

// TestAccJobRun_pipeline: a three-step pipeline whose steps pass values through job data runs to
// FINISHED; the values are in result_data and visible through vidispine_job. Changing a step's
// script runs it again; a step that calls fatalFail fails the apply with the script's message.
func TestAccJobRun_pipeline(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	tickClock(t, clock)
	const run = "vidispine_job_run.smoke"
	url := knownvalue.StringExact("https://cdn.example.com/VX-42.mp4")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + smokePipeline(20710, "SMOKE_PIPELINE", publishScript),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(run, tfjsonpath.New("status"), knownvalue.StringExact("FINISHED")),
					statecheck.ExpectKnownValue(run, tfjsonpath.New("result_data").AtMapKey("publishedUrl"), url),
					statecheck.ExpectKnownValue(run, tfjsonpath.New("result_data").AtMapKey("renditions"), knownvalue.StringExact("3")),
					statecheck.ExpectKnownValue("data.vidispine_job.smoke", tfjsonpath.New("status"), knownvalue.StringExact("FINISHED")),
					statecheck.ExpectKnownValue("data.vidispine_job.smoke", tfjsonpath.New("metadata").AtMapKey("publishedUrl"), url),
				},
			},
			{
				// Reading the finished run again plans nothing.
				Config:           providerBlock(srv) + smokePipeline(20710, "SMOKE_PIPELINE", publishScript),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A step changes: the pipeline is smoke-tested again, and the failing step fails the apply.
				Config: providerBlock(srv) + smokePipeline(20710, "SMOKE_PIPELINE",
					"job.fatalFail('publish target unreachable for ' + job.getData('outputName'));"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(run, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ExpectError: errorWords("Job VX- (SMOKE_PIPELINE) ended FAILED_TOTAL; success_states accepts FINISHED. " +
					"Failed step 300 (Publish) FAILED_FATAL: publish target unreachable for VX-42.mp4 untaint"),
			},
		},
	})
	// The job type is gone with the destroy; its jobs are not.
	if _, n := serverJobs(t, srv, "/API/job?user=false&number=1&jobmetadata=itemId%3DVX-42"); n != 2 {
		t.Errorf("%d SMOKE_PIPELINE jobs started, want 2 (one per pipeline version)", n)
	}
}
