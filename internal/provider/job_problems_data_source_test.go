package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func TestAccJobProblemsDataSource_allOneAndNone(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	all := serverProblems(t, srv, "/API/job/problem")
	if len(all) == 0 || len(all[0].Job) == 0 {
		t.Fatalf("the mock's seed data has no job problems (%v); the test needs some", all)
	}
	waitingJob := all[0].Job[0]
	one := serverProblems(t, srv, "/API/job/"+waitingJob+"/problem")
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
