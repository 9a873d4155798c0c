package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// checkPriorityPuts fails unless the priority request was sent want times in all.
func checkPriorityPuts(srv *vidimock.Server, want int) resource.TestCheckFunc {
	return checkRequests(srv, "PUT /API/job/{id}", want)
}

// TestAccJobPriorityAction_trigger sets a priority once per invocation and does not own it:
// a change made on the server afterwards stays until the action runs again.
func TestAccJobPriorityAction_trigger(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	job := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "priority-action"})
	srv.ResetRequests()
	config := func(priority, input string) string {
		return providerBlock(srv) + triggeredAction("vidispine_job_priority", fmt.Sprintf(`job_id   = %q
    priority = %q`, job, priority), input)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{
			{
				Config: config("HIGHEST", "1"),
				Check:  resource.ComposeTestCheckFunc(checkServerPriority(t, srv, job, "HIGHEST"), checkPriorityPuts(srv, 1)),
			},
			{
				// Someone lowers it on the server; without an invocation Terraform leaves it alone.
				PreConfig: func() { mockJSON(t, srv, http.MethodPut, "/API/job/"+job+"?priority=LOW", nil, nil) },
				Config:    config("HIGHEST", "1"),
				Check:     resource.ComposeTestCheckFunc(checkServerPriority(t, srv, job, "LOW"), checkPriorityPuts(srv, 2)),
			},
			{
				Config: config("HIGHEST", "2"),
				Check:  resource.ComposeTestCheckFunc(checkServerPriority(t, srv, job, "HIGHEST"), checkPriorityPuts(srv, 3)),
			},
			{
				// Already at the priority: nothing is sent.
				Config: config("HIGHEST", "3"),
				Check:  resource.ComposeTestCheckFunc(checkServerPriority(t, srv, job, "HIGHEST"), checkPriorityPuts(srv, 3)),
			},
		},
	})
}

// TestAccJobPriorityAction_endedJob: the priority of a finished job is left alone, without error.
func TestAccJobPriorityAction_endedJob(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	job := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "priority-ended"})
	clock.Advance(24 * time.Hour)
	srv.ResetRequests()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   actionsMinVersion,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + triggeredAction("vidispine_job_priority", fmt.Sprintf(`job_id   = %q
    priority = "IMMEDIATE"`, job), "1"),
			Check: resource.ComposeTestCheckFunc(checkServerPriority(t, srv, job, "MEDIUM"), checkPriorityPuts(srv, 0)),
		}},
	})
}
