package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// The data source reads a group as the server holds it; an unknown name is an error.
func TestAccTaskGroupDataSource_read(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	putTaskGroup(t, srv, map[string]any{"name": "fast", "priority": "HIGHEST",
		"transcoder": []any{map[string]any{"id": "VX-1"}, map[string]any{"id": "VX-2"}},
		"job":        []any{map[string]any{"priority": []string{"IMMEDIATE"}, "user": []string{"ops"}}}})
	const addr = "data.vidispine_task_group.fast"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
data "vidispine_task_group" "fast" {
  name = "fast"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("priority"), knownvalue.StringExact("HIGHEST")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("transcoders"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("VX-1"), knownvalue.StringExact("VX-2")})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("job").AtSliceIndex(0).AtMapKey("user"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("ops")})),
				},
			},
			{
				Config: providerBlock(srv) + `
data "vidispine_task_group" "none" {
  name = "nosuchgroup"
}
`,
				ExpectError: errorWords("There is no task group nosuchgroup"),
			},
		},
	})
}
