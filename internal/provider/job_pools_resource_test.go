package provider

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// mockJobPools is the job pool configuration as the mock's HTTP API returns it.
type mockJobPools struct {
	ConcurrentJobs int `json:"concurrentJobs"`
	Pool           []struct {
		PriorityThreshold string `json:"priorityThreshold"`
		Size              int    `json:"size"`
	} `json:"pool"`
	Note string `json:"note"`
}

// pools writes the pools as "THRESHOLD:size" in the server's order.
func (j mockJobPools) pools() []string {
	var out []string
	for _, p := range j.Pool {
		out = append(out, fmt.Sprintf("%s:%d", p.PriorityThreshold, p.Size))
	}
	return out
}

func serverJobPools(t testing.TB, srv *vidimock.Server) mockJobPools {
	t.Helper()
	var j mockJobPools
	mockJSON(t, srv, http.MethodGet, "/API/configuration/job-pool", nil, &j)
	return j
}

// checkJobPools fails unless the server runs concurrent jobs at once with pools want
// ("THRESHOLD:size", in any order).
func checkJobPools(t testing.TB, srv *vidimock.Server, concurrent int, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		j := serverJobPools(t, srv)
		got := j.pools()
		slices.Sort(got)
		slices.Sort(want)
		if j.ConcurrentJobs != concurrent || !slices.Equal(got, want) {
			return fmt.Errorf("server holds concurrentJobs %d and pools %v, want %d and %v", j.ConcurrentJobs, got, concurrent, want)
		}
		return nil
	}
}

func jobPoolsConfig(srv *vidimock.Server, body string) string {
	return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_pools" "this" {
  %s
}
`, body)
}

// Create, drift by hand (set back, members the provider does not model kept), update, and
// destroy, which removes the pools and leaves the limit.
func TestAccJobPools_lifecycle(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const addr = "vidispine_job_pools.this"
	full := `
  concurrent_jobs = 4
  pool = [
    { priority_threshold = "HIGH", size = 2 },
    { priority_threshold = "IMMEDIATE", size = 1 },
  ]`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkJobPools(t, srv, 4),
		Steps: []resource.TestStep{
			{
				Config: jobPoolsConfig(srv, full),
				Check:  checkJobPools(t, srv, 4, "HIGH:2", "IMMEDIATE:1"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("job-pool")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("pool"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"priority_threshold": knownvalue.StringExact("HIGH"), "size": knownvalue.Int64Exact(2)}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"priority_threshold": knownvalue.StringExact("IMMEDIATE"), "size": knownvalue.Int64Exact(1)}),
					})),
				},
			},
			{
				// By hand, as the admin tool would: another limit and pool, and a member the
				// provider does not model.
				PreConfig: func() {
					mockJSON(t, srv, http.MethodPut, "/API/configuration/job-pool", map[string]any{
						"concurrentJobs": 6, "note": "set by hand",
						"pool": []any{map[string]any{"priorityThreshold": "LOW", "size": 5}},
					}, nil)
				},
				Config: jobPoolsConfig(srv, full),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkJobPools(t, srv, 4, "HIGH:2", "IMMEDIATE:1"),
					func(*terraform.State) error {
						if note := serverJobPools(t, srv).Note; note != "set by hand" {
							return fmt.Errorf("the update dropped a member it does not manage: note = %q", note)
						}
						return nil
					},
				),
			},
			{
				// concurrent_jobs left out keeps the server's; the IMMEDIATE pool is removed.
				Config: jobPoolsConfig(srv, `pool = [{ priority_threshold = "HIGH", size = 3 }]`),
				Check:  checkJobPools(t, srv, 4, "HIGH:3"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("concurrent_jobs"), knownvalue.Int64Exact(4)),
				},
			},
			{
				// No pool: the server's pools are removed, and the plan stays empty afterwards.
				Config: jobPoolsConfig(srv, `concurrent_jobs = 4`),
				Check:  checkJobPools(t, srv, 4),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("pool"), knownvalue.Null()),
				},
			},
		},
	})
}

// A configuration made by hand is adopted by identity or id, with generated configuration
// that plans clean; other import ids are refused.
func TestAccJobPools_identity(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	mockJSON(t, srv, http.MethodPut, "/API/configuration/job-pool", map[string]any{
		"concurrentJobs": 5, "pool": []any{map[string]any{"priorityThreshold": "MEDIUM", "size": 2}},
	}, nil)
	const addr = "vidispine_job_pools.this"
	config := jobPoolsConfig(srv, `
  concurrent_jobs = 5
  pool            = [{ priority_threshold = "MEDIUM", size = 2 }]`)
	steps := []resource.TestStep{
		{
			Config: config + `
import {
  to = vidispine_job_pools.this
  id = "job-pools"
}
`,
			ExpectError: errorWords(`import it with the id "job-pool"`),
		},
	}
	steps = append(steps, adoptByIdentitySteps(config, addr, "id", "job-pool", true)...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		CheckDestroy:             checkJobPools(t, srv, 5),
		Steps:                    steps,
	})
}

// Bad pools fail at plan, naming the attribute and the allowed values, and reach no server.
func TestAccJobPools_badInput(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	two := jobPoolsConfig(srv, `pool = [{ priority_threshold = "HIGH", size = 2 }]`) + `
resource "vidispine_job_pools" "other" {
  pool = [{ priority_threshold = "LOW", size = 1 }]
}
`
	steps := []resource.TestStep{}
	for _, c := range []struct {
		config string
		expect []string
	}{
		{jobPoolsConfig(srv, `pool = [{ priority_threshold = "URGENT", size = 2 }]`),
			[]string{"priority_threshold", "IMMEDIATE", "HIGHEST", "LOWEST", "URGENT"}},
		{jobPoolsConfig(srv, `pool = [{ priority_threshold = "HIGH", size = 0 }]`), []string{"size", "between 1 and 2147483647"}},
		{jobPoolsConfig(srv, `pool = [{ priority_threshold = "HIGH", size = 2 }, { priority_threshold = "HIGH", size = 3 }]`),
			[]string{"Duplicate priority threshold", `"HIGH"`}},
		{jobPoolsConfig(srv, `concurrent_jobs = 0`), []string{"concurrent_jobs", "between 1 and 2147483647"}},
		{two, []string{"More than one vidispine_job_pools"}},
	} {
		steps = append(steps, resource.TestStep{Config: c.config, ExpectError: expectErrorRegex(c.expect...)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			for route, n := range srv.Requests() {
				if n > 0 && route != "GET /API/configuration/job-pool" {
					return fmt.Errorf("a refused configuration sent %d × %s", n, route)
				}
			}
			return checkJobPools(t, srv, 3)(nil)
		},
		Steps: steps,
	})
}

// The configuration Terraform generates for the adopted job pools is valid and plans clean.
func TestAccJobPools_generatedConfig(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	mockJSON(t, srv, http.MethodPut, "/API/configuration/job-pool", map[string]any{
		"concurrentJobs": 5, "pool": []any{map[string]any{"priorityThreshold": "MEDIUM", "size": 2}},
	}, nil)
	testGeneratedImport(t, srv, "vidispine_job_pools.this", "job-pool")
}
