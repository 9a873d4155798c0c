package provider

import (
	"fmt"
	"maps"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

const defaultPrioritiesPath = "/API/configuration/job-priority"

// serverDefaultPriorities returns the server's default priorities by job type.
func serverDefaultPriorities(t testing.TB, srv *vidimock.Server) map[string]string {
	t.Helper()
	var doc struct {
		Job []struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"job"`
	}
	mockJSON(t, srv, http.MethodGet, defaultPrioritiesPath, nil, &doc)
	out := map[string]string{}
	for _, j := range doc.Job {
		out[j.Type] = j.Value
	}
	return out
}

// putDefaultPriorities replaces the server's default priorities over the mock's HTTP API, as
// the admin tool would.
func putDefaultPriorities(t testing.TB, srv *vidimock.Server, byType map[string]string) {
	t.Helper()
	jobs := []any{}
	for typ, prio := range byType {
		jobs = append(jobs, map[string]any{"type": typ, "value": prio})
	}
	mockJSON(t, srv, http.MethodPut, defaultPrioritiesPath, map[string]any{"job": jobs}, nil)
}

func checkDefaultPriorities(t testing.TB, srv *vidimock.Server, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := serverDefaultPriorities(t, srv); !maps.Equal(got, want) {
			return fmt.Errorf("server holds default priorities %v, want %v", got, want)
		}
		return nil
	}
}

func defaultPriorityConfig(srv *vidimock.Server, byName map[string][2]string) string {
	config := providerBlock(srv)
	for name, tp := range byName {
		config += fmt.Sprintf(`
resource "vidispine_job_type_default_priority" %q {
  job_type = %q
  priority = %q
}
`, name, tp[0], tp[1])
	}
	return config
}

// Two resources own two job types' entries of the shared document; an entry set by hand for a
// third type stays through create, drift, update and destroy.
func TestAccJobTypeDefaultPriority_lifecycle(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	putDefaultPriorities(t, srv, map[string]string{"IMPORT": "LOWEST"})
	const transcode = "vidispine_job_type_default_priority.transcode"
	first := map[string][2]string{"transcode": {"TRANSCODE", "HIGH"}, "thumbnail": {"THUMBNAIL", "LOW"}}
	second := map[string][2]string{"transcode": {"TRANSCODE", "HIGH"}, "thumbnail": {"THUMBNAIL", "LOWEST"}}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkDefaultPriorities(t, srv, map[string]string{"IMPORT": "LOWEST"}),
		Steps: []resource.TestStep{
			{
				Config: defaultPriorityConfig(srv, first),
				Check:  checkDefaultPriorities(t, srv, map[string]string{"IMPORT": "LOWEST", "TRANSCODE": "HIGH", "THUMBNAIL": "LOW"}),
			},
			{
				// Changed by hand: planned back.
				PreConfig: func() {
					putDefaultPriorities(t, srv, map[string]string{"IMPORT": "LOWEST", "TRANSCODE": "MEDIUM", "THUMBNAIL": "LOW"})
				},
				Config: defaultPriorityConfig(srv, first),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(transcode, plancheck.ResourceActionUpdate),
				}},
				Check: checkDefaultPriorities(t, srv, map[string]string{"IMPORT": "LOWEST", "TRANSCODE": "HIGH", "THUMBNAIL": "LOW"}),
			},
			{
				Config: defaultPriorityConfig(srv, second),
				Check:  checkDefaultPriorities(t, srv, map[string]string{"IMPORT": "LOWEST", "TRANSCODE": "HIGH", "THUMBNAIL": "LOWEST"}),
			},
			{
				// Removed by hand: planned for re-creation.
				PreConfig: func() {
					putDefaultPriorities(t, srv, map[string]string{"IMPORT": "LOWEST", "THUMBNAIL": "LOWEST"})
				},
				Config: defaultPriorityConfig(srv, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(transcode, plancheck.ResourceActionCreate),
				}},
				Check: checkDefaultPriorities(t, srv, map[string]string{"IMPORT": "LOWEST", "TRANSCODE": "HIGH", "THUMBNAIL": "LOWEST"}),
			},
			{
				// Another job type replaces the resource: Terraform plans its create a second time,
				// which its own claim lets through.
				Config: defaultPriorityConfig(srv, map[string][2]string{"transcode": {"TRANSCODE", "HIGH"}, "thumbnail": {"ANALYZE", "LOWEST"}}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vidispine_job_type_default_priority.thumbnail", plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: checkDefaultPriorities(t, srv, map[string]string{"IMPORT": "LOWEST", "TRANSCODE": "HIGH", "ANALYZE": "LOWEST"}),
			},
		},
	})
}

// A default set by hand is adopted by identity or job type, with generated configuration that
// plans clean; creating it instead is refused at plan.
func TestAccJobTypeDefaultPriority_identity(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	putDefaultPriorities(t, srv, map[string]string{"TRANSCODE": "HIGHEST"})
	const addr = "vidispine_job_type_default_priority.transcode"
	config := defaultPriorityConfig(srv, map[string][2]string{"transcode": {"TRANSCODE", "HIGHEST"}})
	steps := []resource.TestStep{
		{
			Config:      config,
			ExpectError: errorWords("Job type TRANSCODE already has the default priority HIGHEST"),
		},
	}
	steps = append(steps, adoptByIdentitySteps(config, addr, "job_type", "TRANSCODE", true)...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		CheckDestroy:             checkDefaultPriorities(t, srv, map[string]string{}),
		Steps:                    steps,
	})
}

// Refused at plan, before any write: an unknown priority, two resources for one job type, and
// any default priority on a server without them (VidiCore 5.0).
func TestAccJobTypeDefaultPriority_badInput(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	old := startMock(t, vidimock.Options{ServerVersion: "5.0.4"})
	twice := defaultPriorityConfig(srv, map[string][2]string{"a": {"TRANSCODE", "HIGH"}, "b": {"TRANSCODE", "LOW"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			for _, s := range []*vidimock.Server{srv, old} {
				for route, n := range s.Requests() {
					if n > 0 && route != "GET "+defaultPrioritiesPath {
						return fmt.Errorf("a refused configuration sent %d × %s", n, route)
					}
				}
			}
			return checkDefaultPriorities(t, srv, map[string]string{})(nil)
		},
		Steps: []resource.TestStep{
			{
				Config:      defaultPriorityConfig(srv, map[string][2]string{"x": {"TRANSCODE", "URGENT"}}),
				ExpectError: expectErrorRegex("priority", "IMMEDIATE", "LOWEST", "URGENT"),
			},
			{Config: twice, ExpectError: expectErrorRegex("Duplicate default priority", "TRANSCODE")},
			{
				Config:      defaultPriorityConfig(old, map[string][2]string{"x": {"TRANSCODE", "HIGH"}}),
				ExpectError: errorWords("Default job priorities not supported by the server"),
			},
		},
	})
}

// The configuration Terraform generates for an adopted default priority is valid and plans
// clean.
func TestAccJobTypeDefaultPriority_generatedConfig(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	putDefaultPriorities(t, srv, map[string]string{"TRANSCODE": "HIGHEST", "THUMBNAIL": "LOW"})
	testGeneratedImport(t, srv, "vidispine_job_type_default_priority.transcode", "TRANSCODE")
}
