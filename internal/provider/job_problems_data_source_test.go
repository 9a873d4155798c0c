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

// mockProblem is a job problem as the mock's HTTP API returns it.
type mockProblem struct {
	ID   int64    `json:"id"`
	Type string   `json:"type"`
	Job  []string `json:"job"`
}

func mockProblems(t *testing.T, srv *vidimock.Server, path string) []mockProblem {
	t.Helper()
	var list struct {
		Problem []mockProblem `json:"problem"`
	}
	mockJSON(t, srv, http.MethodGet, path, nil, &list)
	return list.Problem
}

// expectProblems checks a problems list against the server's, element by element.
func expectProblems(address string, want []mockProblem) statecheck.StateCheck {
	elems := make([]knownvalue.Check, len(want))
	for i, p := range want {
		jobs := make([]knownvalue.Check, len(p.Job))
		for k, j := range p.Job {
			jobs[k] = knownvalue.StringExact(j)
		}
		elems[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"id":   knownvalue.Int64Exact(p.ID),
			"type": knownvalue.StringExact(p.Type),
			"jobs": knownvalue.ListExact(jobs),
		})
	}
	return statecheck.ExpectKnownValue(address, tfjsonpath.New("problems"), knownvalue.ListExact(elems))
}

func TestAccJobProblemsDataSource_allOneAndNone(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	all := mockProblems(t, srv, "/API/job/problem")
	if len(all) == 0 || len(all[0].Job) == 0 {
		t.Fatalf("the mock's seed has no job problems (%v); the test needs some", all)
	}
	waitingJob := all[0].Job[0]
	one := mockProblems(t, srv, "/API/job/"+waitingJob+"/problem")
	if len(one) == 0 {
		t.Fatalf("GET /API/job/%s/problem is empty although the problem list names the job", waitingJob)
	}
	healthy := startJob(t, srv, "THUMBNAIL", map[string]string{"itemId": "VX-1"})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + fmt.Sprintf(`
data "vidispine_job_problems" "all" {}

data "vidispine_job_problems" "one" {
  job_id = %q
}

data "vidispine_job_problems" "healthy" {
  job_id = %q
}
`, waitingJob, healthy),
				ConfigStateChecks: []statecheck.StateCheck{
					expectProblems("data.vidispine_job_problems.all", all),
					expectProblems("data.vidispine_job_problems.one", one),
					expectProblems("data.vidispine_job_problems.healthy", nil),
				},
			},
			{
				Config: providerBlock(srv) + `
data "vidispine_job_problems" "unknown" {
  job_id = "VX-999999"
}
`,
				ExpectError: expectErrorRegex("Job not found", "VX-999999"),
			},
		},
	})
}
