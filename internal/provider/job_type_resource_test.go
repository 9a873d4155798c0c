package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// The job type's create, read, import, drift by deletion and destroy are covered by
// TestAccTaskDefinition_pipelineLifecycle; this covers adopting an existing type by name.
func TestAccJobType_importByNameAdoptsConfiguredID(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	postJobType(t, srv, "ACME_ADOPT", 20003)
	const addr = "vidispine_job_type.adopt"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetRequests,
			Config: providerBlock(srv) + `
import {
  to = vidispine_job_type.adopt
  id = "ACME_ADOPT"
}

resource "vidispine_job_type" "adopt" {
  name    = "ACME_ADOPT"
  type_id = 20003
}
`,
			// The import by name cannot read type_id; the configured one is recorded in place.
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("type_id"), knownvalue.Int64Exact(20003)),
			},
			Check: func(*terraform.State) error {
				if !slices.Contains(serverJobTypes(t, srv), "ACME_ADOPT") {
					return fmt.Errorf("job type ACME_ADOPT is gone after the import")
				}
				for route, n := range srv.Requests() {
					if route != "GET /API/jobtype" && n > 0 {
						return fmt.Errorf("adopting the job type sent %d × %s; only GET /API/jobtype was expected", n, route)
					}
				}
				return nil
			},
		}},
	})
}

// A job type adopted by name (identity or import id) has no type_id: the server never tells it.
// Generated configuration leaves it out and plans clean.
func TestAccJobType_identity(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	postJobType(t, srv, "ACME_FOUND", 20023)
	const addr = "vidispine_job_type.found"
	config := providerBlock(srv) + `
resource "vidispine_job_type" "found" {
  name = "ACME_FOUND"
}
`
	steps := []resource.TestStep{{
		Config: config + `
import {
  to       = vidispine_job_type.found
  identity = { name = "ACME_FOUND" }
}
`,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
		}},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"name": knownvalue.StringExact("ACME_FOUND")}),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("type_id"), knownvalue.Null()),
		},
	}}
	// Adopted: without the import block the plan is empty.
	steps = append(steps, resource.TestStep{
		Config:           config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
	})
	steps = append(steps, identityImportSteps(addr, "ACME_FOUND")...)
	steps = append(steps, resource.TestStep{
		// Creating a type still needs its id, and says so at plan time.
		Config: config + `
resource "vidispine_job_type" "new" {
  name = "ACME_NEW"
}
`,
		ExpectError: expectErrorRegex("Missing type_id", "ACME_NEW", "20000", "30000"),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps:                    steps,
	})
}
