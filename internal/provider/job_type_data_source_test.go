package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// TestAccJobTypeDataSource_graphAndUnknownType reads a built-in type's graph (its cleanup step
// in its own cluster) and reports an unknown type with the server's answer.
func TestAccJobTypeDataSource_graphAndUnknownType(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
data "vidispine_job_type" "transcode" {
  name = "TRANSCODE"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vidispine_job_type.transcode", tfjsonpath.New("graph_dot"),
						knownvalue.StringRegexp(regexp.MustCompile(`(?s)^digraph "TRANSCODE" \{.*cluster_cleanup.*step900.*step100 -> step200;\n  step200 -> step300;\n\}\n$`))),
					// The Mermaid drawing of the same stored steps has the same nodes and edges.
					statecheck.ExpectKnownValue("data.vidispine_job_type.transcode", tfjsonpath.New("graph_mermaid"),
						knownvalue.StringRegexp(regexp.MustCompile(`(?s)^---\ntitle: "TRANSCODE"\n---\nflowchart TB\n.*subgraph cleanup .*step900\[.*end\n.*step100 --> step200\n  step200 --> step300\n$`))),
				},
			},
			{
				Config: providerBlock(srv) + `
data "vidispine_job_type" "missing" {
  name = "ACME_NOT_THERE"
}
`,
				ExpectError: errorWords("Could not read the step graph of job type ACME_NOT_THERE"),
			},
		},
	})
}
