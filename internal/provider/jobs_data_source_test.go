package provider

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func jobIDs(jobs []mockJob) []string {
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.JobID
	}
	return ids
}

// expectJobIDs checks that a vidispine_jobs data source returned exactly these jobs, in order.
func expectJobIDs(address string, ids []string) statecheck.StateCheck {
	elems := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		elems[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"job_id": knownvalue.StringExact(id)})
	}
	return statecheck.ExpectKnownValue(address, tfjsonpath.New("jobs"), knownvalue.ListExact(elems))
}

func expectTotal(address string, hits int) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New("total"), knownvalue.Int64Exact(int64(hits)))
}

// mostCommon returns the value that occurs most often (ties: the smallest), and its count.
func mostCommon(values []string) (string, int) {
	counts := map[string]int{}
	for _, v := range values {
		if v != "" {
			counts[v]++
		}
	}
	best, n := "", 0
	for v, c := range counts {
		if c > n || (c == n && v < best) {
			best, n = v, c
		}
	}
	return best, n
}

func TestAccJobsDataSource_combinedFiltersMatchTheServer(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	all, allHits := serverJobs(t, srv, "/API/job;user=false;number=1000;sort=jobId%20asc?metadata=true")
	if allHits < 20 || len(all) != allHits {
		t.Fatalf("the mock's seed data holds %d jobs (%d listed); these filters need varied seed data", allHits, len(all))
	}

	// Pick filter values that the seed data makes meaningful: the item with the most TRANSCODE
	// jobs, and a start-time window over the middle of its time range.
	var transcodeItems, starts []string
	for _, j := range all {
		if j.Type == "TRANSCODE" {
			transcodeItems = append(transcodeItems, j.data("itemId"))
		}
		if j.Started != "" {
			starts = append(starts, j.Started)
		}
	}
	item, _ := mostCommon(transcodeItems)
	if item == "" || len(starts) < 8 {
		t.Fatalf("the seed data has no TRANSCODE job with an itemId, or too few started jobs (%d)", len(starts))
	}
	sort.Strings(starts) // same zone and format throughout the seed data, so text order is time order
	from, to := starts[len(starts)/4], starts[3*len(starts)/4]
	fromQ, toQ := url.QueryEscape(from), url.QueryEscape(to)

	importsWant, importsHits := serverJobs(t, srv,
		"/API/job;type=IMPORT,PLACEHOLDER_IMPORT;state=FAILED_TOTAL,FINISHED;user=false;number=1000;sort=jobId%20desc")
	itemWant, itemHits := serverJobs(t, srv,
		"/API/job;type=TRANSCODE;user=false;number=1000;sort=jobId%20desc?jobmetadata=itemId%3D"+item)
	windowWant, windowHits := serverJobs(t, srv,
		"/API/job;user=false;number=1000;sort=startTime%20asc,jobId%20asc?priority=HIGH,HIGHEST,IMMEDIATE&starttime-from="+fromQ+"&starttime-to="+toQ)
	mineWant, mineHits := serverJobs(t, srv,
		"/API/job;state=STARTED,WAITING,READY;user=true;number=1000;sort=jobId%20desc?step=true")
	for name, hits := range map[string]int{"imports": importsHits, "item": itemHits, "window": windowHits, "mine": mineHits} {
		if hits == 0 || hits >= allHits {
			t.Fatalf("filter %s matches %d of %d seed jobs; the test needs a filter that selects some but not all", name, hits, allHits)
		}
	}

	config := providerBlock(srv) + fmt.Sprintf(`
data "vidispine_jobs" "imports" {
  types  = ["PLACEHOLDER_IMPORT", "IMPORT"]
  states = ["FINISHED", "FAILED_TOTAL", "FINISHED"]
}

data "vidispine_jobs" "item" {
  item_id          = %[1]q
  types            = ["TRANSCODE"]
  include_metadata = true
}

data "vidispine_jobs" "window" {
  priorities     = ["IMMEDIATE", "HIGHEST", "HIGH"]
  started_after  = %[2]q
  started_before = %[3]q
  sort           = "startTime asc, jobId ASC"
}

data "vidispine_jobs" "mine" {
  only_current_user = true
  states            = ["READY", "STARTED", "WAITING"]
  include_steps     = true
}
`, item, from, to)

	checks := []statecheck.StateCheck{
		expectJobIDs("data.vidispine_jobs.imports", jobIDs(importsWant)),
		expectTotal("data.vidispine_jobs.imports", importsHits),
		expectJobIDs("data.vidispine_jobs.item", jobIDs(itemWant)),
		expectTotal("data.vidispine_jobs.item", itemHits),
		expectJobIDs("data.vidispine_jobs.window", jobIDs(windowWant)),
		expectTotal("data.vidispine_jobs.window", windowHits),
		expectJobIDs("data.vidispine_jobs.mine", jobIDs(mineWant)),
		expectTotal("data.vidispine_jobs.mine", mineHits),
		// Without include_metadata and include_steps those fields stay null ("not asked"), not empty.
		statecheck.ExpectKnownValue("data.vidispine_jobs.imports", tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("metadata"), knownvalue.Null()),
		statecheck.ExpectKnownValue("data.vidispine_jobs.imports", tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("total_steps"), knownvalue.Null()),
	}
	// Every job of the item carries its item id; its type, owner and state are the server's.
	for i, j := range itemWant {
		checks = append(checks, statecheck.ExpectKnownValue("data.vidispine_jobs.item", tfjsonpath.New("jobs").AtSliceIndex(i),
			knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"type":        knownvalue.StringExact("TRANSCODE"),
				"user":        knownvalue.StringExact(j.User),
				"status":      knownvalue.StringExact(j.Status),
				"priority":    knownvalue.StringExact(j.Priority),
				"is_terminal": knownvalue.Bool(isTerminal(j.Status)),
				"metadata":    knownvalue.MapPartial(map[string]knownvalue.Check{"itemId": knownvalue.StringExact(item)}),
			})))
	}
	// Own running jobs report their steps.
	for i, j := range mineWant {
		checks = append(checks, statecheck.ExpectKnownValue("data.vidispine_jobs.mine", tfjsonpath.New("jobs").AtSliceIndex(i),
			knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"user":        knownvalue.StringExact(vidimock.AdminUser),
				"status":      knownvalue.StringExact(j.Status),
				"total_steps": knownvalue.NotNull(),
			})))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func isTerminal(status string) bool {
	switch status {
	case "FINISHED", "FINISHED_WARNING", "FAILED_TOTAL", "ABORTED":
		return true
	}
	return false
}

func TestAccJobsDataSource_pagesAndLimits(t *testing.T) {
	srv := startMock(t, vidimock.Options{ExtraJobs: 2500})
	// The expectation, read in pages of 700 (the provider reads pages of 1000).
	var want []string
	hits := 0
	for first := 1; first <= 2100; first += 700 {
		page, h := serverJobs(t, srv, fmt.Sprintf("/API/job;user=false;first=%d;number=700;sort=jobId%%20desc", first))
		want = append(want, jobIDs(page)...)
		hits = h
	}
	if hits <= 2100 || len(want) != 2100 {
		t.Fatalf("the mock with 2500 extra jobs has %d jobs (read %d); the test needs more than 2100", hits, len(want))
	}
	offsetWant, _ := serverJobs(t, srv, "/API/job;user=false;first=990;number=20;sort=jobId%20desc")
	thumbs, thumbHits := serverJobs(t, srv, "/API/job;type=THUMBNAIL;user=false;number=5000;sort=jobId%20desc")
	if thumbHits == 0 || thumbHits > 5000 {
		t.Fatalf("the mock has %d THUMBNAIL jobs; the test needs between 1 and 5000", thumbHits)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
# Three pages: 1000 + 1000 + 100.
data "vidispine_jobs" "many" {
  max_results = 2100
}

# Across the boundary of the first two pages.
data "vidispine_jobs" "offset" {
  first       = 990
  max_results = 20
}

# Fewer than the server holds.
data "vidispine_jobs" "few" {
  max_results = 3
}

# More than the server holds.
data "vidispine_jobs" "thumbnails" {
  types       = ["THUMBNAIL"]
  max_results = 5000
}

# Nothing matches: the server answers {"hits":0}.
data "vidispine_jobs" "none" {
  metadata = { itemId = "VX-999999" }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectJobIDs("data.vidispine_jobs.many", want),
				expectTotal("data.vidispine_jobs.many", hits),
				expectJobIDs("data.vidispine_jobs.offset", jobIDs(offsetWant)),
				expectTotal("data.vidispine_jobs.offset", hits),
				expectJobIDs("data.vidispine_jobs.few", want[:3]),
				expectTotal("data.vidispine_jobs.few", hits),
				expectJobIDs("data.vidispine_jobs.thumbnails", jobIDs(thumbs)),
				expectTotal("data.vidispine_jobs.thumbnails", thumbHits),
				expectJobIDs("data.vidispine_jobs.none", nil),
				expectTotal("data.vidispine_jobs.none", 0),
			},
		}},
	})
}

func TestAccJobsDataSource_validation(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	step := func(body string, want *regexp.Regexp) resource.TestStep {
		return resource.TestStep{
			Config:      providerBlock(srv) + "data \"vidispine_jobs\" \"test\" {\n" + body + "\n}\n",
			ExpectError: want,
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`states = ["FINISHED", "DONE"]`, expectErrorRegex("states[1]", "READY", "FAILED_TOTAL", "DONE")),
			step(`priorities = ["URGENT"]`, expectErrorRegex("priorities[0]", "IMMEDIATE", "LOWEST", "URGENT")),
			step(`types = ["transcode"]`, expectErrorRegex("types[0]", "upper-case", "TRANSCODE")),
			step(`sort = "created desc"`, expectErrorRegex("sort", "created", "jobId, type, state, user, startTime, priority")),
			step(`started_after = "2026-03-01"`, expectErrorRegex("started_after", "RFC 3339", "2026-03-01")),
			step(`max_results = 0`, expectErrorRegex("max_results", "between 1 and 100000")),
			step("item_id = \"VX-1\"\nmetadata = { itemId = \"VX-2\" }", expectErrorRegex("item_id", "metadata", "itemId")),
			step("finished_after = \"2026-03-02T00:00:00Z\"\nfinished_before = \"2026-03-01T00:00:00Z\"",
				expectErrorRegex("finished_after", "later than", "finished_before")),
		},
	})
	if n := requestsTo(srv, "GET /API/job"); n != 0 {
		t.Errorf("invalid filters reached the server %d times; want them refused at validation", n)
	}
}

// The specification spells the pending abort ABORT_PENDING; the filter accepts it and finds the
// jobs being aborted.
func TestAccJobsDataSource_abortPendingFilter(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	pending, hits := serverJobs(t, srv, "/API/job;state=ABORTED_PENDING;user=false;number=100")
	if hits == 0 {
		t.Fatal("the seed data holds no job being aborted")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "vidispine_jobs" "pending" {
  states = ["ABORT_PENDING"]
  sort   = "jobId asc"
}
data "vidispine_job_count" "pending" {
  states = ["ABORT_PENDING", "ABORTED_PENDING"]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectJobIDs("data.vidispine_jobs.pending", jobIDs(pending)),
				expectTotal("data.vidispine_job_count.pending", hits),
			},
		}},
	})
}

// The priorities filter needs VidiCore 5.1: against a server reporting 5.0 (which would ignore
// it and answer every job) the plan fails naming the server's version, the feature and the
// minimum version; against 5.1 the same configuration reads the filtered jobs.
func TestAccJobsDataSource_priorityFilterNeedsVersion51(t *testing.T) {
	config := func(srv *vidimock.Server) string {
		return providerBlock(srv) + `
data "vidispine_jobs" "high" {
  priorities = ["HIGH"]
  sort       = "jobId asc"
}
data "vidispine_job_count" "high" {
  priorities = ["HIGH"]
}
`
	}
	t.Run("5.0 refused", func(t *testing.T) {
		srv := startMock(t, vidimock.Options{ServerVersion: "5.0.4"})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      config(srv),
				ExpectError: expectErrorRegex("Feature not supported by the server", "reports version 5.0.4", "priorities job filter", "VidiCore 5.1 or later"),
			}},
		})
		if n := srv.Requests()["GET /API/job"]; n != 0 {
			t.Errorf("the job list was requested %d times from a server that ignores the filter", n)
		}
	})
	t.Run("5.1 filters", func(t *testing.T) {
		srv := startMock(t, vidimock.Options{ServerVersion: "5.1"})
		high, hits := serverJobs(t, srv, "/API/job;user=false;number=100?priority=HIGH")
		if hits == 0 {
			t.Fatal("the seed data holds no HIGH job")
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: config(srv),
				ConfigStateChecks: []statecheck.StateCheck{
					expectJobIDs("data.vidispine_jobs.high", jobIDs(high)),
					expectTotal("data.vidispine_job_count.high", hits),
				},
			}},
		})
	})
}
