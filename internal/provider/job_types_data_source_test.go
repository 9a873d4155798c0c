package provider

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func TestAccJobTypesDataSource_builtinAndCustom(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	postJobType(t, srv, "ACME_LISTED", 20011)
	const ds = "data.vidispine_job_types.all"

	// Every name the server lists, sorted; it includes built-in types and the custom one.
	names := serverJobTypes(t, srv)
	slices.Sort(names)
	if !slices.Contains(names, "TRANSCODE") || !slices.Contains(names, "ACME_LISTED") {
		t.Fatalf("GET /API/jobtype lists %v", names)
	}
	want := make([]knownvalue.Check, 0, len(names))
	for _, n := range names {
		want = append(want, knownvalue.StringExact(n))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "vidispine_job_types" "all" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("names"), knownvalue.ListExact(want)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("custom_names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("ACME_LISTED"),
				})),
			},
		}},
	})
}
