package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func TestAccJobDataSource_readsWhatTheServerHolds(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobID := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-7", "originalFilename": "clip.mxf"})

	// What the server says about the job, read over its HTTP API, is what the data source must report.
	var want struct {
		User     string `json:"user"`
		Status   string `json:"status"`
		Priority string `json:"priority"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/job/"+jobID+"?metadata=true", nil, &want)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + readJobConfig(jobID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("type"), knownvalue.StringExact("TRANSCODE")),
				statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("user"), knownvalue.StringExact(vidimock.AdminUser)),
				statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("status"), knownvalue.StringExact(want.Status)),
				statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("priority"), knownvalue.StringExact(want.Priority)),
				statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("is_terminal"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("metadata").AtMapKey("itemId"), knownvalue.StringExact("VX-7")),
				statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("metadata").AtMapKey("originalFilename"), knownvalue.StringExact("clip.mxf")),
				statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("problems"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

func TestAccJobDataSource_followsTheJobThroughItsSteps(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	jobID := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-3"})
	config := providerBlock(srv) + readJobConfig(jobID)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Well into its run, the job is started and reports its steps.
				PreConfig: func() { clock.Advance(3 * time.Second) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("status"), knownvalue.StringExact("STARTED")),
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("current_step"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("steps"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("finished"), knownvalue.Null()),
				},
			},
			{
				// An hour later it has finished.
				PreConfig: func() { clock.Advance(time.Hour) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("status"), knownvalue.StringExact("FINISHED")),
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("is_terminal"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("finished"), knownvalue.NotNull()),
				},
			},
		},
	})
}

func TestAccJobDataSource_unknownJob(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv) + readJobConfig("VX-999999"),
			ExpectError: expectErrorRegex("Job not found", "VX-999999"),
		}},
	})
}

func TestAccJobDataSource_malformedJobID(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv) + readJobConfig("not a job"),
			ExpectError: regexp.MustCompile(`(?s)job_id.*VX-29`),
		}},
	})
	if n := srv.Requests()["GET /API/job/{id}"]; n != 0 {
		t.Errorf("a malformed job id reached the server %d times; want it refused at validation", n)
	}
}

func TestAccJobDataSource_problemsOfAWaitingJob(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	waiting, _ := serverJobs(t, srv, "/API/job;state=WAITING;user=false;number=1")
	if len(waiting) == 0 {
		t.Fatal("the mock's seed data has no WAITING job")
	}
	waitingJob := waiting[0].JobID
	want := serverProblems(t, srv, "/API/job/"+waitingJob+"/problem")
	failed, _ := serverJobs(t, srv, "/API/job;state=FAILED_TOTAL;user=false;number=1")
	if len(failed) == 0 || len(want) == 0 {
		t.Fatalf("the mock's seed data has no FAILED_TOTAL job, or WAITING job %s has no problem (%v)", waitingJob, want)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + fmt.Sprintf(`
data "vidispine_job" "waiting" {
  job_id = %q
}

data "vidispine_job" "failed" {
  job_id = %q
}
`, waitingJob, failed[0].JobID),
			ConfigStateChecks: []statecheck.StateCheck{
				expectProblems("data.vidispine_job.waiting", want),
				statecheck.ExpectKnownValue("data.vidispine_job.waiting", tfjsonpath.New("status"), knownvalue.StringExact("WAITING")),
				statecheck.ExpectKnownValue("data.vidispine_job.waiting", tfjsonpath.New("is_terminal"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("data.vidispine_job.failed", tfjsonpath.New("status"), knownvalue.StringExact("FAILED_TOTAL")),
				statecheck.ExpectKnownValue("data.vidispine_job.failed", tfjsonpath.New("is_terminal"), knownvalue.Bool(true)),
			},
		}},
	})
}

// Ids have a site prefix of any letters and up to 32 digits: such an id passes validation and
// reaches the server, which does not know it.
func TestAccJobDataSource_siteIDWithLongPrefixAndNumber(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv) + readJobConfig("ABC-123456789012"),
			ExpectError: expectErrorRegex("Job not found", "No job ABC-123456789012 exists"),
		}},
	})
	if n := srv.Requests()["GET /API/job/{id}"]; n == 0 {
		t.Error("the id never reached the server: it was refused at validation")
	}
}
