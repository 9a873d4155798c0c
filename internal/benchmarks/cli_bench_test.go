package benchmarks

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// benchJobType is the custom job type whose steps benchmark 1 manages.
const (
	benchJobType   = "BENCHMARK"
	benchJobTypeID = 20901
)

// BenchmarkTaskDefinitions: apply and refreshing plan of N vidispine_task_definition
// resources against the mock, beside N terraform_data resources with the same attributes
// (Terraform's own cost for N resources, the floor).
func BenchmarkTaskDefinitions(b *testing.B) {
	for _, n := range []int{50, 200, 500} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			b.StopTimer()
			e := setupCLI(b)
			b.StartTimer()
			var sum struct {
				apply, plan, destroy, dataApply, dataPlan time.Duration
				applyReq, planReq, destroyReq             int
				peak                                      int64
			}
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				srv := startMock(b, vidimock.Options{})
				createJobType(b, srv, benchJobType, benchJobTypeID)
				vdir := workdir(b, providerHCL(srv)+taskDefinitionsHCL(n))
				ddir := workdir(b, terraformDataHCL(n))
				b.StartTimer()

				srv.ResetRequests()
				r := e.apply(b, vdir)
				sum.apply += r.wall
				sum.applyReq += totalRequests(srv, "")
				if i == 0 {
					b.Logf("apply of %d task definitions, requests by route:\n%s", n, requestBreakdown(srv))
				}
				sum.peak = max(sum.peak, r.providerPeak)
				if got := countSteps(b, srv); got != n {
					b.Fatalf("after apply the server holds %d steps of %s, want %d", got, benchJobType, n)
				}

				srv.ResetRequests()
				r = e.planNoChanges(b, vdir)
				sum.plan += r.wall
				sum.planReq += totalRequests(srv, "")
				sum.peak = max(sum.peak, r.providerPeak)
				if per := float64(totalRequests(srv, "")) / float64(n); per > 1 {
					b.Logf("refresh sent %.2f requests per resource; by route:\n%s", per, requestBreakdown(srv))
				}

				sum.dataApply += e.apply(b, ddir).wall
				sum.dataPlan += e.planNoChanges(b, ddir).wall

				srv.ResetRequests()
				sum.destroy += e.destroy(b, vdir).wall
				sum.destroyReq += totalRequests(srv, "")
				e.destroy(b, ddir)
			}
			runs := float64(b.N)
			per := func(d time.Duration) float64 { return seconds(d) / runs }
			report(b, per(sum.apply), "apply", "s")
			report(b, per(sum.dataApply), "terraform_data_apply", "s")
			report(b, float64(sum.apply)/float64(sum.dataApply), "apply_ratio", "x")
			report(b, per(sum.plan), "plan", "s")
			report(b, per(sum.dataPlan), "terraform_data_plan", "s")
			report(b, float64(sum.plan)/float64(sum.dataPlan), "plan_ratio", "x")
			report(b, per(sum.destroy), "destroy", "s")
			report(b, float64(sum.applyReq)/runs/float64(n), "apply_requests", "per_resource")
			report(b, float64(sum.planReq)/runs/float64(n), "refresh_requests", "per_resource")
			report(b, float64(sum.destroyReq)/runs/float64(n), "destroy_requests", "per_resource")
			report(b, mib(sum.peak), "provider_peak_rss", "MiB")
		})
	}
}

func taskDefinitionsHCL(n int) string {
	return fmt.Sprintf(`
resource "vidispine_task_definition" "step" {
  count       = %d
  job_type    = %q
  step        = count.index + 1
  description = "benchmark step ${count.index + 1}"
  script      = "// step ${count.index + 1}"
}
`, n, benchJobType)
}

func terraformDataHCL(n int) string {
	return fmt.Sprintf(`
resource "terraform_data" "step" {
  count = %d
  input = {
    job_type    = %q
    step        = count.index + 1
    description = "benchmark step ${count.index + 1}"
    script      = "// step ${count.index + 1}"
  }
}
`, n, benchJobType)
}

// maxJobsResults is the highest max_results vidispine_jobs accepts.
const maxJobsResults = 100000

// BenchmarkJobsDataSource: a refreshing plan that reads every job of a large installation
// through vidispine_jobs (pages of 1000).
func BenchmarkJobsDataSource(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("jobs=%d", n), func(b *testing.B) {
			b.StopTimer()
			e := setupCLI(b)
			srv := startMock(b, vidimock.Options{ExtraJobs: n})
			total := min(countAllJobs(b, srv), maxJobsResults)
			dir := workdir(b, providerHCL(srv)+fmt.Sprintf(`
data "vidispine_jobs" "all" {
  max_results = %d
}

output "read" {
  value = length(data.vidispine_jobs.all.jobs)
}
`, total))
			b.StartTimer()
			var wall time.Duration
			var reqs int
			var peak int64
			for i := 0; i < b.N; i++ {
				srv.ResetRequests()
				r := e.tf(b, dir, []int{2}, "plan", "-input=false", "-no-color", "-detailed-exitcode")
				wall += r.wall
				reqs += totalRequests(srv, "")
				peak = max(peak, r.providerPeak)
				if got := planOutputNumber(r.stdout, "read"); got != total {
					b.Fatalf("the plan read %d jobs, the server holds %d:\n%s", got, total, tail(r.stdout))
				}
			}
			runs := float64(b.N)
			report(b, seconds(wall)/runs, "plan", "s")
			report(b, float64(total), "jobs_read", "jobs")
			report(b, float64(reqs)/runs, "requests", "requests")
			report(b, mib(peak), "provider_peak_rss", "MiB")
		})
	}
}

// BenchmarkJobCountShared: 20 identical vidispine_job_count data sources in one plan.
func BenchmarkJobCountShared(b *testing.B) {
	b.StopTimer()
	e := setupCLI(b)
	srv := startMock(b, vidimock.Options{})
	dir := workdir(b, providerHCL(srv)+`
data "vidispine_job_count" "same" {
  count  = 20
  types  = ["TRANSCODE"]
  states = ["FINISHED", "FAILED_TOTAL"]
}

output "counts" {
  value = distinct(data.vidispine_job_count.same[*].total)
}
`)
	b.StartTimer()
	var wall time.Duration
	var reqs int
	for i := 0; i < b.N; i++ {
		srv.ResetRequests()
		r := e.tf(b, dir, []int{2}, "plan", "-input=false", "-no-color", "-detailed-exitcode")
		wall += r.wall
		reqs += totalRequests(srv, "GET /API/job")
	}
	runs := float64(b.N)
	report(b, seconds(wall)/runs, "plan", "s")
	report(b, float64(reqs)/runs, "job_list_requests", "requests")
}

// createJobType creates a custom job type on the mock, outside Terraform.
func createJobType(b *testing.B, srv *vidimock.Server, name string, id int) {
	b.Helper()
	status, body := adminRequest(b, srv, http.MethodPost, "/API/task-definition/jobtype/"+name+"?id="+strconv.Itoa(id))
	if status >= 300 {
		b.Fatalf("creating job type %s: %d %s", name, status, body)
	}
}

// countSteps asks the mock how many task definitions the benchmark job type has.
func countSteps(b *testing.B, srv *vidimock.Server) int {
	b.Helper()
	var doc struct {
		Task []struct {
			ID   any `json:"id"`
			Step any `json:"step"`
		} `json:"task"`
	}
	adminJSON(b, srv, "/API/task-definition/jobtype/"+benchJobType, &doc)
	return len(doc.Task)
}

// countAllJobs asks the mock for the number of jobs of all users.
func countAllJobs(b *testing.B, srv *vidimock.Server) int {
	b.Helper()
	var doc struct {
		Hits int `json:"hits"`
	}
	adminJSON(b, srv, "/API/job?user=false&number=1", &doc)
	return doc.Hits
}

var outputLine = regexp.MustCompile(`(?m)^\s*\+\s*(\w+)\s*=\s*(\d+)\s*$`)

// planOutputNumber finds `+ name = 123` in a plan's "Changes to Outputs".
func planOutputNumber(plan, name string) int {
	for _, m := range outputLine.FindAllStringSubmatch(plan, -1) {
		if m[1] == name {
			v, _ := strconv.Atoi(m[2])
			return v
		}
	}
	return -1
}
