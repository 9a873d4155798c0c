package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func jobPriorityConfig(srv *vidimock.Server, jobID, priority string, restore bool) string {
	return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_priority" "test" {
  job_id             = %q
  priority           = %q
  restore_on_destroy = %t
}
`, jobID, priority, restore)
}

func TestAccJobPriority_lifecycle(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobID := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-7"}) // MEDIUM, stays READY on the manual clock
	const addr = "vidispine_job_priority.test"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// restore_on_destroy: the job, still running, is back at the priority it had before.
		CheckDestroy: checkServerPriority(t, srv, jobID, "MEDIUM"),
		Steps: []resource.TestStep{
			{
				Config: jobPriorityConfig(srv, jobID, "HIGH", true),
				Check:  checkServerPriority(t, srv, jobID, "HIGH"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(jobID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("priority"), knownvalue.StringExact("HIGH")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("original_priority"), knownvalue.StringExact("MEDIUM")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("job_type"), knownvalue.StringExact("TRANSCODE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("READY")),
				},
			},
			{
				// Update in place; the recorded original priority does not move.
				Config: jobPriorityConfig(srv, jobID, "LOWEST", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: checkServerPriority(t, srv, jobID, "LOWEST"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("original_priority"), knownvalue.StringExact("MEDIUM")),
				},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     jobID,
				ImportStateVerify: true,
				// An import cannot know what the priority was before Terraform: it records the current one,
				// and restore_on_destroy takes its default.
				ImportStateVerifyIgnore: []string{"original_priority", "restore_on_destroy"},
			},
			{
				// Someone lowers the priority on the server: the plan shows it and the apply sets it back.
				PreConfig: func() { mockJSON(t, srv, http.MethodPut, "/API/job/"+jobID+"?priority=LOW", nil, nil) },
				Config:    jobPriorityConfig(srv, jobID, "LOWEST", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("priority"), knownvalue.StringExact("LOWEST")),
				}},
				Check: checkServerPriority(t, srv, jobID, "LOWEST"),
			},
		},
	})
}

func TestAccJobPriority_jobEndsThenIsDeleted(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	jobID := startJob(t, srv, "THUMBNAIL", nil)
	const addr = "vidispine_job_priority.test"
	config := jobPriorityConfig(srv, jobID, "IMMEDIATE", true)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if status, body := mockAPI(t, srv, http.MethodGet, "/API/job/"+jobID, nil); status != http.StatusNotFound {
				return fmt.Errorf("job %s: status %d after destroy, want it still gone: %s", jobID, status, body)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  checkServerPriority(t, srv, jobID, "IMMEDIATE"),
			},
			{
				// The job finishes: the resource stays, without error and without a diff.
				PreConfig: func() { clock.Advance(time.Hour) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("FINISHED")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("priority"), knownvalue.StringExact("IMMEDIATE")),
				},
			},
			{
				// The job is deleted on the server: the refresh drops it, and the plan, which would
				// create it again, fails naming the job.
				PreConfig:   func() { mockJSON(t, srv, http.MethodDelete, "/API/job?id="+jobID, nil, nil) },
				Config:      config,
				PlanOnly:    true,
				ExpectError: expectErrorRegex("Job not found", "job_id", jobID),
			},
		},
	})
}

func TestAccJobPriority_validation(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      jobPriorityConfig(srv, "VX-1", "URGENT", false),
			PlanOnly:    true,
			ExpectError: expectErrorRegex("priority", "IMMEDIATE", "HIGHEST", "HIGH", "MEDIUM", "LOW", "LOWEST", "URGENT"),
		}},
	})
	if n := srv.Requests()["PUT /API/job/{id}"]; n != 0 {
		t.Errorf("an invalid priority reached the server %d times; want it refused at validation", n)
	}
}

func TestAccJobPriority_identity(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobID := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-4"})
	const addr = "vidispine_job_priority.rush"
	config := providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_priority" "rush" {
  job_id   = %q
  priority = "HIGH"
}
`, jobID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		Steps: append([]resource.TestStep{{
			Config:            config,
			ConfigStateChecks: identityChecks(addr, map[string]knownvalue.Check{"job_id": knownvalue.StringExact(jobID)}),
		}}, identityImportSteps(addr, jobID)...),
	})
}

// TestAccJobPriority_unknownJobRefusedAtPlan: a job that does not exist fails the plan, naming
// job_id, for a new resource and for a replacement by another job, and nothing is written.
func TestAccJobPriority_unknownJobRefusedAtPlan(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobID := startJob(t, srv, "TRANSCODE", nil) // MEDIUM
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      jobPriorityConfig(srv, "VX-999999", "HIGH", false),
				PlanOnly:    true,
				ExpectError: expectErrorRegex("Job not found", "job_id", "VX-999999"),
			},
			{Config: jobPriorityConfig(srv, jobID, "HIGH", false), Check: checkServerPriority(t, srv, jobID, "HIGH")},
			{
				Config:      jobPriorityConfig(srv, "VX-999998", "HIGH", false),
				PlanOnly:    true,
				ExpectError: expectErrorRegex("Job not found", "job_id", "VX-999998"),
			},
		},
	})
	// The one priority change is the create of the second step's resource.
	if n := srv.Requests()["PUT /API/job/{id}"]; n != 1 {
		t.Errorf("PUT /API/job/{id} was sent %d times, want 1 (the real job's create)", n)
	}
}
