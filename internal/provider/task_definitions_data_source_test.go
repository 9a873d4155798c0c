package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func TestAccTaskDefinitionsDataSource_stepsInOrder(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	step20 := seedReadPipeline(t, srv)
	const ds = "data.vidispine_task_definitions.read"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
data "vidispine_task_definitions" "read" {
  job_type = "ACME_READ"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("task_definitions"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"step": knownvalue.Int64Exact(10), "script": knownvalue.StringExact("job.log('check');"),
							"bean": knownvalue.Null(), "description": knownvalue.StringExact("Check"),
							"critical": knownvalue.Bool(true), "dependency": knownvalue.Null(),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id": knownvalue.StringExact(step20), "step": knownvalue.Int64Exact(20),
							"job_type": knownvalue.StringExact("ACME_READ"), "bean": knownvalue.StringExact("PublishBean"),
							"method": knownvalue.StringExact("publish"), "plugin": knownvalue.Bool(true),
							"critical": knownvalue.Bool(false), "flags": knownvalue.Int64Exact(2), "script": knownvalue.Null(),
							"dependency": knownvalue.ObjectExact(map[string]knownvalue.Check{
								"step": knownvalue.Int64Exact(10), "previous": knownvalue.Bool(false), "all_previous": knownvalue.Bool(false),
							}),
						}),
					})),
				},
			},
			{
				Config: providerBlock(srv) + `
data "vidispine_task_definitions" "read" {
  job_type = "ACME_NOPE"
}
`,
				ExpectError: expectErrorRegex("Job type not found", "ACME_NOPE"),
			},
		},
	})
}
