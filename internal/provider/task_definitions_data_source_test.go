package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// seedReadPipeline creates, over the mock's HTTP API, a custom job type ACME_READ with steps
// 20 (bean) and 10 (script), posted in that order, and returns the id of step 20.
func seedReadPipeline(t *testing.T, srv *vidimock.Server) string {
	t.Helper()
	mockJSON(t, srv, http.MethodPost, "/API/task-definition/jobtype/ACME_READ?id=20010", nil, nil)
	var created struct {
		URI []string `json:"uri"`
	}
	mockJSON(t, srv, http.MethodPost, "/API/task-definition", map[string]any{"task": []map[string]any{{
		"jobType": "ACME_READ", "step": 20, "description": "Publish", "bean": "PublishBean", "method": "publish",
		"plugin": true, "critical": false, "flags": 2, "dependency": map[string]any{"step": 10, "previous": false, "allPrevious": false},
	}}}, &created)
	mockJSON(t, srv, http.MethodPost, "/API/task-definition", map[string]any{"task": []map[string]any{{
		"jobType": "ACME_READ", "step": 10, "description": "Check", "script": "job.log('check');", "cleanup": false,
	}}}, nil)
	if len(created.URI) != 1 {
		t.Fatalf("POST /API/task-definition returned %v", created.URI)
	}
	return created.URI[0]
}

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
