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

func stepIdentityFilter(jobType string, step int64) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
		"job_type": knownvalue.StringExact(jobType), "step": knownvalue.Int64Exact(step),
	})
}

// The mock holds the seeded steps of built-in job types (12) and, made over its API, 3 steps in
// each of two custom types.
func TestAccTaskDefinitionList_query(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	names := seedInstallation(t, srv, "LIST", 20041, 2, 3)
	const all = "vidispine_task_definition.all"
	testListQueries(t, srv,
		resource.TestStep{
			// By default: every step of every custom job type, with its resource object.
			Config: `
list "vidispine_task_definition" "all" {
  provider         = vidispine
  include_resource = true
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength(all, 6),
				querycheck.ExpectIdentity(all, map[string]knownvalue.Check{
					"job_type": knownvalue.StringExact(names[1]), "step": knownvalue.Int64Exact(30),
				}),
				querycheck.ExpectResourceDisplayName(all, stepIdentityFilter(names[0], 20),
					knownvalue.StringExact("ACME_LIST_0 step 20: Step 2 of ACME_LIST_0")),
				querycheck.ExpectResourceKnownValues(all, stepIdentityFilter(names[0], 20), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("bean"), KnownValue: knownvalue.StringExact("PublishBean")},
					{Path: tfjsonpath.New("method"), KnownValue: knownvalue.StringExact("publish")},
					{Path: tfjsonpath.New("script"), KnownValue: knownvalue.Null()},
					{Path: tfjsonpath.New("dependency").AtMapKey("previous"), KnownValue: knownvalue.Bool(true)},
				}),
				querycheck.ExpectResourceKnownValues(all, stepIdentityFilter(names[1], 10), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("script"), KnownValue: knownvalue.StringExact("job.log('step 1');")},
					{Path: tfjsonpath.New("plugin"), KnownValue: knownvalue.Bool(false)},
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.NotNull()},
				}),
			},
		},
		resource.TestStep{
			// Named job types, built-in ones too; and the built-in steps on request.
			Config: `
list "vidispine_task_definition" "named" {
  provider = vidispine
  config {
    job_types = ["ACME_LIST_1", "EXPORT"]
  }
}

list "vidispine_task_definition" "everything" {
  provider = vidispine
  config {
    include_builtin = true
  }
}

list "vidispine_task_definition" "first" {
  provider = vidispine
  limit    = 2
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("vidispine_task_definition.named", 6),
				querycheck.ExpectResourceDisplayName("vidispine_task_definition.named", stepIdentityFilter("EXPORT", 300),
					knownvalue.StringExact("EXPORT step 300: Notifying partner")),
				querycheck.ExpectLength("vidispine_task_definition.everything", 18),
				querycheck.ExpectLength("vidispine_task_definition.first", 2),
			},
		},
		resource.TestStep{
			Config: `
list "vidispine_task_definition" "typo" {
  provider = vidispine
  config {
    job_types = ["ACME_LSIT_0"]
  }
}
`,
			ExpectError: expectErrorRegex("Job type not found", "ACME_LSIT_0"),
		},
		resource.TestStep{
			Config: `
list "vidispine_task_definition" "bad" {
  provider = vidispine
  config {
    job_types = ["acme list"]
  }
}
`,
			ExpectError: expectErrorRegex("job_types", "upper-case"),
		},
	)
}
