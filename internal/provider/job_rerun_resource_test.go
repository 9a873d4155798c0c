package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

const rerunAddr = "vidispine_job_rerun.test"

func rerunConfig(srv *vidimock.Server, name, jobID, extra string) string {
	return fmt.Sprintf(`
resource "vidispine_job_rerun" %q {
  job_id = %q
  %s
}
`, name, jobID, extra)
}

func TestAccJobRerun_lifecycle(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	orig := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-9", "batch": "lifecycle"})
	count := func(n int) resource.TestCheckFunc { return checkJobCount(t, srv, "TRANSCODE", "batch", "lifecycle", n) }
	var newID string
	captureNewID := func(s *terraform.State) error {
		newID = s.RootModule().Resources[rerunAddr].Primary.Attributes["new_job_id"]
		return nil
	}
	config := func(extra string) string { return providerBlock(srv) + rerunConfig(srv, "test", orig, extra) }

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Destroy forgets the re-run: the last new job is still on the server, neither aborted nor deleted.
		CheckDestroy: func(*terraform.State) error {
			if j := serverJob(t, srv, newID); j.Status == "ABORTED" || j.Status == "ABORTED_PENDING" {
				return fmt.Errorf("destroy aborted re-run job %s (%s); want it left alone", newID, j.Status)
			}
			return count(2)(nil)
		},
		Steps: []resource.TestStep{
			{
				Config: config(`priority = "HIGH"
  triggers = { build = "1" }`),
				Check: resource.ComposeTestCheckFunc(
					captureNewID,
					count(2),
					func(*terraform.State) error {
						var j mockJob
						mockJSON(t, srv, http.MethodGet, "/API/job/"+newID+"?metadata=true", nil, &j)
						if j.Type != "TRANSCODE" || j.Priority != "HIGH" || j.User != vidimock.AdminUser {
							return fmt.Errorf("new job %s is %+v; want a TRANSCODE at HIGH priority by %s", newID, j, vidimock.AdminUser)
						}
						for _, kv := range j.Data {
							if kv.Key == "itemId" && kv.Value == "VX-9" {
								return nil
							}
						}
						return fmt.Errorf("new job %s lacks the original's job data itemId=VX-9: %+v", newID, j.Data)
					},
					resource.TestCheckResourceAttrPair(rerunAddr, "id", rerunAddr, "new_job_id"),
					resource.TestCheckResourceAttr(rerunAddr, "status", "READY"),
					resource.TestCheckResourceAttr(rerunAddr, "wait_for_completion", "false"),
				),
			},
			{
				// wait_for_completion alone changes nothing on the server.
				Config: config(`priority = "HIGH"
  triggers = { build = "1" }
  wait_for_completion = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rerunAddr, plancheck.ResourceActionUpdate),
				}},
				Check: count(2),
			},
			{
				// The new job is removed from the server's job history: the re-run is not repeated.
				PreConfig: func() { mockJSON(t, srv, http.MethodDelete, "/API/job?id="+newID, nil, nil) },
				Config: config(`priority = "HIGH"
  triggers = { build = "1" }
  wait_for_completion = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            count(1),
			},
			{
				// A new trigger value re-runs once more, at the original's priority when none is asked for.
				Config: config(`triggers = { build = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rerunAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeTestCheckFunc(
					captureNewID,
					count(2),
					func(*terraform.State) error {
						if p := serverJob(t, srv, newID).Priority; p != "MEDIUM" {
							return fmt.Errorf("new job %s has priority %s, want the original's MEDIUM", newID, p)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccJobRerun_exactlyOncePerTriggerChange re-runs through a network that loses the answer
// of every re-run request, then through one that also refuses and drops requests, and counts
// the jobs on the server: one new job per trigger value, never two.
func TestAccJobRerun_exactlyOncePerTriggerChange(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	orig := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-4", "batch": "faults"})
	count := func(n int) resource.TestCheckFunc { return checkJobCount(t, srv, "TRANSCODE", "batch", "faults", n) }
	config := func(build string) string {
		return providerBlock(srv) + rerunConfig(srv, "test", orig, fmt.Sprintf("triggers = { build = %q }", build))
	}
	var faulted int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Every re-run request takes effect, but its answer is lost.
				PreConfig: func() {
					srv.SetFaults(vidimock.Faults{Rate: 1, Kinds: []string{"drop-after"}, Paths: []string{"/re-run"}})
					srv.ResetRequests()
				},
				Config: config("1"),
				Check: resource.ComposeTestCheckFunc(
					count(2),
					func(s *terraform.State) error {
						if n := srv.Requests()["POST /API/job/{id}/re-run"]; n != 1 {
							return fmt.Errorf("the re-run request was sent %d times, want once", n)
						}
						// The job the provider found is the one the lost answer was about.
						if got, newest := s.RootModule().Resources[rerunAddr].Primary.ID, newestJob(t, srv); newest.JobID != got {
							return fmt.Errorf("state holds new job %s, the server's newest job is %+v", got, newest)
						}
						return nil
					},
				),
			},
			{
				PreConfig: func() { failHalfOfTheReruns(srv) },
				Config:    config("2"),
				Check:     resource.ComposeTestCheckFunc(count(3), checkRerunFaulted(srv, &faulted)),
			},
		},
	})
	t.Logf("the second re-run took %d requests", faulted)
}

func TestAccJobRerun_waitForCompletion(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	tickClock(t, clock)
	good := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "wait"})
	bad := startJob(t, srv, "IMPORT", map[string]string{"batch": "wait", "mockOutcome": "FAILED_TOTAL"})
	finished := rerunConfig(srv, "finished", good, "wait_for_completion = true")
	failed := rerunConfig(srv, "failed", bad, `wait_for_completion = true
  timeouts { create = "5m" }`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + finished,
				ConfigStateChecks: []statecheck.StateCheck{
					// Known at the end of the apply, not only after a refresh.
					statecheck.ExpectKnownValue("vidispine_job_rerun.finished", tfjsonpath.New("status"), knownvalue.StringExact("FINISHED")),
				},
			},
			{
				// The re-run fails: the apply fails with the job's problem and its last step's message.
				Config:      providerBlock(srv) + finished + failed,
				ExpectError: expectErrorRegex("ended FAILED_TOTAL", "the re-run of job "+bad, "jobFailed", "Failed step", "mockOutcome=FAILED_TOTAL", "untaint"),
			},
			{
				// The failed re-run was not lost: it is in state, tainted, so the next apply would re-run it again.
				Config:             providerBlock(srv) + finished + failed,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vidispine_job_rerun.failed", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("vidispine_job_rerun.finished", plancheck.ResourceActionNoop),
				}},
			},
		},
	})
	if err := checkJobCount(t, srv, "IMPORT", "batch", "wait", 2)(nil); err != nil {
		t.Error(err)
	}
}

func TestAccJobRerun_createTimeout(t *testing.T) {
	srv := startMock(t, vidimock.Options{}) // the manual clock stands still: the job never ends
	orig := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "timeout"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + rerunConfig(srv, "test", orig, `wait_for_completion = true
  timeouts { create = "300ms" }`),
			ExpectError: expectErrorRegex("Timed out waiting for re-run job", "300ms", "READY", "keeps running"),
		}},
	})
	if err := checkJobCount(t, srv, "TRANSCODE", "batch", "timeout", 2)(nil); err != nil {
		t.Error(err)
	}
}

// TestAccJobRerun_importAdoptsWithoutRerunning imports a re-run made outside Terraform (as
// JobHelper's reRun does): the first apply records priority and triggers without a second
// re-run; later trigger changes re-run as usual.
func TestAccJobRerun_importAdoptsWithoutRerunning(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	orig := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-2", "batch": "import"})
	var made mockJob
	mockJSON(t, srv, http.MethodPost, "/API/job/"+orig+"/re-run?priority=HIGH", nil, &made)
	newID := made.JobID
	count := func(n int) resource.TestCheckFunc { return checkJobCount(t, srv, "TRANSCODE", "batch", "import", n) }
	config := func(build string) string {
		return providerBlock(srv) + rerunConfig(srv, "test", orig, fmt.Sprintf(`priority = "HIGH"
  triggers = { build = %q }`, build))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				ResourceName:       rerunAddr,
				Config:             config("1"),
				ImportState:        true,
				ImportStateId:      orig + "/" + newID,
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["new_job_id"] != newID || states[0].Attributes["job_id"] != orig {
						return fmt.Errorf("imported %+v; want job_id %s and new_job_id %s", states, orig, newID)
					}
					return nil
				},
			},
			{
				// The first apply records priority and triggers in place: no second re-run.
				Config: config("1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rerunAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(count(2), resource.TestCheckResourceAttr(rerunAddr, "new_job_id", newID)),
			},
			{
				Config:           config("1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:  rerunAddr,
				Config:        config("1"),
				ImportState:   true,
				ImportStateId: orig,
				ExpectError:   expectErrorRegex("ORIGINAL_JOB_ID/NEW_JOB_ID"),
			},
			{
				// Once adopted, a trigger change re-runs again.
				Config: config("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rerunAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: count(3),
			},
		},
	})
}

func TestAccJobRerun_identity(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	orig := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-5", "batch": "identity"})
	const addr = "vidispine_job_rerun.test"
	var newID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + rerunConfig(srv, "test", orig, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValue(addr, tfjsonpath.New("job_id"), knownvalue.StringExact(orig)),
					statecheck.ExpectIdentityValueMatchesStateAtPath(addr, tfjsonpath.New("new_job_id"), tfjsonpath.New("new_job_id")),
				},
				Check: func(s *terraform.State) error {
					newID = s.RootModule().Resources[addr].Primary.Attributes["new_job_id"]
					return checkJobCount(t, srv, "TRANSCODE", "batch", "identity", 2)(s)
				},
			},
			{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{
				ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return orig + "/" + newID, nil },
			},
			{
				// Neither import re-ran the job.
				Config: providerBlock(srv) + rerunConfig(srv, "test", orig, ""),
				Check:  checkJobCount(t, srv, "TRANSCODE", "batch", "identity", 2),
			},
		},
	})
}

// TestAccJobRerun_tenRerunsUnderFaults: ten re-runs while 20% of requests fail make exactly ten
// new jobs, one per resource, each of its original's type.
func TestAccJobRerun_tenRerunsUnderFaults(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobs := startFaultJobs(t, srv)
	_, before := serverJobs(t, srv, "/API/job?user=false&number=1")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: setFaults(srv, 13),
			Config: providerBlock(srv, faultRetries) + fmt.Sprintf(`
locals {
  jobs = %s
}

resource "vidispine_job_rerun" "again" {
  count  = length(local.jobs)
  job_id = local.jobs[count.index]
}
`, hclList(jobs)),
			Check: func(s *terraform.State) error {
				srv.SetFaults(vidimock.Faults{})
				if _, after := serverJobs(t, srv, "/API/job?user=false&number=1"); after != before+10 {
					return fmt.Errorf("the server holds %d jobs after ten re-runs, want %d (+10)", after, before+10)
				}
				seen := map[string]bool{}
				for i := range jobs {
					rs := s.RootModule().Resources[fmt.Sprintf("vidispine_job_rerun.again.%d", i)]
					if rs == nil {
						return fmt.Errorf("vidispine_job_rerun.again.%d is not in state", i)
					}
					id := rs.Primary.Attributes["new_job_id"]
					if id == "" || seen[id] {
						return fmt.Errorf("re-run %d has new_job_id %q (empty or shared)", i, id)
					}
					seen[id] = true
					var job struct {
						Type string `json:"type"`
						Data []struct {
							Key, Value string
						} `json:"data"`
					}
					mockJSON(t, srv, http.MethodGet, "/API/job/"+id, nil, &job)
					if job.Type != "TRANSCODE" {
						return fmt.Errorf("new job %s has type %q, want TRANSCODE", id, job.Type)
					}
				}
				return nil
			},
		}},
	})
}
