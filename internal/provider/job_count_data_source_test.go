package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func TestAccJobCountDataSource_countsAndSharesOneRequestPerRun(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	_, failedImports := serverJobs(t, srv, "/API/job;type=IMPORT,PLACEHOLDER_IMPORT;state=FAILED_TOTAL;user=false;number=1")
	_, highPriority := serverJobs(t, srv, "/API/job;user=false;number=1?priority=HIGH,HIGHEST")
	_, all := serverJobs(t, srv, "/API/job;user=false;number=1")
	if failedImports == 0 || highPriority == 0 || failedImports == all || highPriority == all {
		t.Fatalf("seed data counts: %d failed imports, %d high-priority jobs, %d in all; the test needs filters that select some",
			failedImports, highPriority, all)
	}

	// Five counts of the same query, written differently, and two other queries.
	config := providerBlock(srv) + `
data "vidispine_job_count" "a" {
  types  = ["IMPORT", "PLACEHOLDER_IMPORT"]
  states = ["FAILED_TOTAL"]
}
data "vidispine_job_count" "b" {
  types  = ["PLACEHOLDER_IMPORT", "IMPORT"]
  states = ["FAILED_TOTAL"]
}
data "vidispine_job_count" "c" {
  states            = ["FAILED_TOTAL", "FAILED_TOTAL"]
  types             = ["IMPORT", "PLACEHOLDER_IMPORT", "IMPORT"]
  only_current_user = false
}
data "vidispine_job_count" "d" {
  types  = ["PLACEHOLDER_IMPORT", "IMPORT"]
  states = ["FAILED_TOTAL"]
}
data "vidispine_job_count" "e" {
  types  = ["IMPORT", "PLACEHOLDER_IMPORT"]
  states = ["FAILED_TOTAL"]
}

data "vidispine_job_count" "high" {
  priorities = ["HIGHEST", "HIGH"]
}

data "vidispine_job_count" "none" {
  item_id = "VX-999999"
}
`
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.vidispine_job_count.high", tfjsonpath.New("total"), knownvalue.Int64Exact(int64(highPriority))),
		statecheck.ExpectKnownValue("data.vidispine_job_count.none", tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
	}
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		checks = append(checks, statecheck.ExpectKnownValue("data.vidispine_job_count."+name, tfjsonpath.New("total"),
			knownvalue.Int64Exact(int64(failedImports))))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetRequests,
			Config:    config,
			// Check runs after one plan (which read the data sources) and the apply of the
			// saved plan (which reads nothing): one request per distinct query.
			Check: func(*terraform.State) error {
				if n := requestsTo(srv, "GET /API/job"); n != 3 {
					return fmt.Errorf("7 job counts with 3 distinct queries sent %d GET /API/job requests in one run; want 3 "+
						"(requests: %v)", n, srv.Requests())
				}
				return nil
			},
			ConfigStateChecks: checks,
		}},
	})
}
