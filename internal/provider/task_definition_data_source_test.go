package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func TestAccTaskDefinitionDataSource_byIDAndByStep(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	step20 := seedReadPipeline(t, srv)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
data "vidispine_task_definition" "both" {
  id       = "1"
  job_type = "ACME_READ"
  step     = 10
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorRegex("Invalid Attribute Combination", "id", "job_type"),
			},
			{
				Config: providerBlock(srv) + fmt.Sprintf(`
data "vidispine_task_definition" "by_id" {
  id = %q
}

data "vidispine_task_definition" "by_step" {
  job_type = "ACME_READ"
  step     = 20
}
`, step20),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vidispine_task_definition.by_id", tfjsonpath.New("step"), knownvalue.Int64Exact(20)),
					statecheck.ExpectKnownValue("data.vidispine_task_definition.by_id", tfjsonpath.New("job_type"), knownvalue.StringExact("ACME_READ")),
					statecheck.ExpectKnownValue("data.vidispine_task_definition.by_id", tfjsonpath.New("bean"), knownvalue.StringExact("PublishBean")),
					statecheck.ExpectKnownValue("data.vidispine_task_definition.by_step", tfjsonpath.New("id"), knownvalue.StringExact(step20)),
					statecheck.ExpectKnownValue("data.vidispine_task_definition.by_step", tfjsonpath.New("description"), knownvalue.StringExact("Publish")),
				},
			},
			{
				Config: providerBlock(srv) + `
data "vidispine_task_definition" "missing" {
  job_type = "ACME_READ"
  step     = 99
}
`,
				ExpectError: expectErrorRegex("Task definition not found", "step 99 of job type ACME_READ"),
			},
		},
	})
}
