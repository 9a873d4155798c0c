package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// The mock knows the built-in job types and, made over its API, three custom ones: only the
// custom ones are listed.
func TestAccJobTypeList_query(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	seedInstallation(t, srv, "TYPES", 20051, 3, 0)
	const addr = "vidispine_job_type.custom"
	byName := func(name string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"name": knownvalue.StringExact(name)})
	}
	testListQueries(t, srv,
		resource.TestStep{
			Config: `
list "vidispine_job_type" "custom" {
  provider         = vidispine
  include_resource = true
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength(addr, 3),
				querycheck.ExpectIdentity(addr, map[string]knownvalue.Check{"name": knownvalue.StringExact("ACME_TYPES_2")}),
				querycheck.ExpectResourceDisplayName(addr, byName("ACME_TYPES_0"), knownvalue.StringExact("ACME_TYPES_0")),
				querycheck.ExpectResourceKnownValues(addr, byName("ACME_TYPES_1"), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("ACME_TYPES_1")},
					{Path: tfjsonpath.New("type_id"), KnownValue: knownvalue.Null()},
				}),
			},
		},
	)
}
