package provider

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// The data source reads the pools as the server holds them: none on a fresh server, then the
// ones set by hand.
func TestAccJobPoolsDataSource_read(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const addr = "data.vidispine_job_pools.this"
	config := providerBlock(srv) + `
data "vidispine_job_pools" "this" {}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("concurrent_jobs"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("pool"), knownvalue.Null()),
				},
			},
			{
				PreConfig: func() {
					mockJSON(t, srv, http.MethodPut, "/API/configuration/job-pool", map[string]any{
						"concurrentJobs": 8, "pool": []any{map[string]any{"priorityThreshold": "HIGHEST", "size": 4}},
					}, nil)
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("concurrent_jobs"), knownvalue.Int64Exact(8)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("pool"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"priority_threshold": knownvalue.StringExact("HIGHEST"), "size": knownvalue.Int64Exact(4),
						}),
					})),
				},
			},
		},
	})
}
