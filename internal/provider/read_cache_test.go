package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// mockRequests reads the mock's request counters by route through its HTTP control API
// (GET /mock/requests), as a load test against a real server would read its access log.
func mockRequests(t *testing.T, srv *vidimock.Server) map[string]int {
	t.Helper()
	var out struct {
		Requests map[string]int `json:"requests"`
	}
	mockJSON(t, srv, http.MethodGet, "/mock/requests", nil, &out)
	return out.Requests
}

func resetMockRequests(t *testing.T, srv *vidimock.Server) {
	t.Helper()
	mockJSON(t, srv, http.MethodDelete, "/mock/requests", nil, nil)
}

const (
	routeListSteps  = "GET /API/task-definition/jobtype/{type}"
	routeStepByID   = "GET /API/task-definition/{id}"
	routeStepByStep = "GET /API/task-definition/jobtype/{type}/step/{step}"
	routeCreateStep = "POST /API/task-definition"
)

// sharedListJobTypes are the custom job types of the shared-list tests.
var sharedListJobTypes = []string{"ACME_SHARE_A", "ACME_SHARE_B", "ACME_SHARE_C"}

// sharedListConfig is perType steps (10, 20, …) of each of sharedListJobTypes; the step
// descriptions carry suffix.
func sharedListConfig(srv *vidimock.Server, perType int, suffix string) string {
	var b strings.Builder
	b.WriteString(providerBlock(srv))
	for _, jt := range sharedListJobTypes {
		fmt.Fprintf(&b, `
resource "vidispine_task_definition" %[1]q {
  count       = %[2]d
  job_type    = %[3]q
  step        = (count.index + 1) * 10
  description = "step ${(count.index + 1) * 10}%[4]s"
  script      = "job.log('${count.index}');"
}
`, strings.ToLower(jt), perType, jt, suffix)
	}
	return b.String()
}

// TestAccTaskDefinition_refreshSharesOneListPerJobType: 12 steps over 3 job types. The
// apply sends one POST and one read-back per new step and no look-up by step (the plan-time
// check and the client's check use the walk's list of each job type); a refreshing plan
// sends one list request per job type and nothing per step; a step deleted and one changed
// on the server are still seen in that plan, and an update and a delete through the provider
// are seen by the next plan.
func TestAccTaskDefinition_refreshSharesOneListPerJobType(t *testing.T) {
	const perType = 4
	n, k := perType*len(sharedListJobTypes), len(sharedListJobTypes)
	srv := startMock(t, vidimock.Options{})
	for i, jt := range sharedListJobTypes {
		mockJSON(t, srv, http.MethodPost, fmt.Sprintf("/API/task-definition/jobtype/%s?id=%d", jt, 20700+i), nil, nil)
	}
	cfg := sharedListConfig(srv, perType, "")
	// Each walk of a Terraform command (plan, apply, refresh) starts the provider afresh and
	// lists each job type at most once.
	atMostOnePerWalk := func(reqs map[string]int, walks int) error {
		if got := reqs[routeListSteps]; got < k || got > k*walks {
			return fmt.Errorf("%d list requests (%s); want one per job type (%d) in each of at most %d walks: %v",
				got, routeListSteps, k, walks, reqs)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { resetMockRequests(t, srv) },
				Config:    cfg,
				Check: func(*terraform.State) error {
					reqs := mockRequests(t, srv)
					if reqs[routeCreateStep] != n || reqs[routeStepByID] != n || reqs[routeStepByStep] != 0 {
						return fmt.Errorf("apply of %d steps: want %d POSTs, %d read-backs by id and no look-up by step; got %v",
							n, n, n, reqs)
					}
					// plugin-testing's apply is a plan walk and an apply walk.
					return atMostOnePerWalk(reqs, 2)
				},
			},
			{
				// Behind Terraform's back: one step deleted, one changed.
				PreConfig: func() {
					mockJSON(t, srv, http.MethodDelete, "/API/task-definition/jobtype/ACME_SHARE_A/step/20", nil, nil)
					changed := serverStep(t, srv, "ACME_SHARE_B", 30)
					changed.Description = "changed by hand"
					mockJSON(t, srv, http.MethodPut, fmt.Sprintf("/API/task-definition/%d", changed.ID), changed, nil)
					resetMockRequests(t, srv)
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(`vidispine_task_definition.acme_share_a[1]`, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(`vidispine_task_definition.acme_share_b[2]`, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(`vidispine_task_definition.acme_share_c[0]`, plancheck.ResourceActionNoop),
					},
				},
			},
			{
				// The refresh of the step above: one list per job type, plus one read by id
				// for the deleted step only (it is not in its job type's list).
				PreConfig: func() {
					reqs := mockRequests(t, srv)
					if reqs[routeStepByID] != 1 || reqs[routeStepByStep] != 0 {
						t.Errorf("refresh of %d steps, one deleted: want 1 read by id (the deleted one) and no look-up by step; got %v", n, reqs)
					}
					if err := atMostOnePerWalk(reqs, 1); err != nil {
						t.Errorf("refresh: %v", err)
					}
				},
				// Put it right, then change every description through the provider and drop
				// one step: the next plan must be empty, so the provider's own writes are seen.
				Config: cfg,
			},
			{
				Config: strings.Replace(sharedListConfig(srv, perType, " v2"), "count       = 4\n  job_type    = \"ACME_SHARE_C\"",
					"count       = 3\n  job_type    = \"ACME_SHARE_C\"", 1),
				Check: func(*terraform.State) error {
					if steps := stepNumbers(serverSteps(t, srv, "ACME_SHARE_C")); fmt.Sprint(steps) != "[10 20 30]" {
						return fmt.Errorf("ACME_SHARE_C holds steps %v after the apply, want [10 20 30]", steps)
					}
					if got := serverStep(t, srv, "ACME_SHARE_A", 40).Description; got != "step 40 v2" {
						return fmt.Errorf("step 40 of ACME_SHARE_A reads %q after the update, want %q", got, "step 40 v2")
					}
					return nil
				},
			},
		},
	})
}
