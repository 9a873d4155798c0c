package benchmarks

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// benchJobTypes are the custom job types whose steps benchmark 1 manages (ids from 20901).
var benchJobTypes = []string{"BENCH_A", "BENCH_B", "BENCH_C", "BENCH_D", "BENCH_E"}

// benchLatency is the round trip the latency runs add to every request: a server 20 ms away.
const benchLatency = 20 * time.Millisecond

// planRounds: each plan is run this many times and the fastest counts, to damp the noise of
// a shared machine.
const planRounds = 2

// BenchmarkTaskDefinitions: apply, refreshing plan (with and without added latency) and
// destroy of N vidispine_task_definition resources over 5 job types against the mock, beside
// N terraform_data resources (Terraform's own cost) and N floor_task_definition resources of
// the floor provider (./floor: the same schema, no requests; the plugin protocol's cost).
func BenchmarkTaskDefinitions(b *testing.B) {
	for _, n := range sizes(50, 200, 500) {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			b.StopTimer()
			e := setupCLI(b)
			b.StartTimer()
			var sum struct {
				apply, plan, planLatency, destroy, dataApply, dataPlan, floorApply, floorPlan time.Duration
				applyReq, planReq, planLatencyReq, destroyReq                                 int
				peak                                                                          int64
			}
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				srv := startMock(b, vidimock.Options{})
				for j, jt := range benchJobTypes {
					createJobType(b, srv, jt, 20901+j)
				}
				vdir := workdir(b, providerHCL(srv)+taskDefinitionsHCL("vidispine", n))
				ddir := workdir(b, terraformDataHCL(n))
				fdir := workdir(b, floorProviderHCL+taskDefinitionsHCL("floor", n))
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
					b.Fatalf("after apply the server holds %d steps of %v, want %d", got, benchJobTypes, n)
				}
				sum.dataApply += e.apply(b, ddir).wall
				sum.floorApply += e.apply(b, fdir).wall

				// The plans, in turns, so that a busy moment of the machine hits all of them.
				best := func(d *time.Duration, r run) {
					if *d == 0 || r.wall < *d {
						*d = r.wall
					}
				}
				var plan, planLatency, dataPlan, floorPlan time.Duration
				for round := 0; round < planRounds; round++ {
					best(&floorPlan, e.planNoChanges(b, fdir))
					best(&dataPlan, e.planNoChanges(b, ddir))

					srv.ResetRequests()
					r = e.planNoChanges(b, vdir)
					best(&plan, r)
					sum.peak = max(sum.peak, r.providerPeak)
					if round == 0 {
						sum.planReq += totalRequests(srv, "")
						b.Logf("refresh of %d task definitions, requests by route:\n%s", n, requestBreakdown(srv))
					}

					srv.SetFaults(vidimock.Faults{Rate: 1, Kinds: []string{"latency"}, Latency: benchLatency})
					srv.ResetRequests()
					best(&planLatency, e.planNoChanges(b, vdir))
					if round == 0 {
						sum.planLatencyReq += totalRequests(srv, "")
					}
					srv.SetFaults(vidimock.Faults{})
				}
				sum.plan += plan
				sum.planLatency += planLatency
				sum.dataPlan += dataPlan
				sum.floorPlan += floorPlan

				srv.ResetRequests()
				sum.destroy += e.destroy(b, vdir).wall
				sum.destroyReq += totalRequests(srv, "")
				e.destroy(b, ddir)
				e.destroy(b, fdir)
			}
			runs := float64(b.N)
			per := func(d time.Duration) float64 { return seconds(d) / runs }
			ratio := func(a, b time.Duration) float64 { return float64(a) / float64(b) }
			report(b, per(sum.apply), "apply", "s")
			report(b, per(sum.floorApply), "floor_apply", "s")
			report(b, per(sum.dataApply), "terraform_data_apply", "s")
			report(b, ratio(sum.apply, sum.floorApply), "apply_ratio_floor", "x")
			report(b, per(sum.plan), "plan", "s")
			report(b, per(sum.planLatency), "plan_latency_20ms", "s")
			report(b, per(sum.floorPlan), "floor_plan", "s")
			report(b, per(sum.dataPlan), "terraform_data_plan", "s")
			report(b, ratio(sum.plan, sum.floorPlan), "plan_ratio_floor", "x")
			report(b, ratio(sum.planLatency, sum.floorPlan), "plan_latency_ratio_floor", "x")
			report(b, ratio(sum.plan, sum.dataPlan), "plan_ratio_terraform_data", "x")
			report(b, per(sum.destroy), "destroy", "s")
			report(b, float64(sum.applyReq)/runs/float64(n), "apply_requests", "per_resource")
			report(b, float64(sum.planReq)/runs/float64(n), "refresh_requests", "per_resource")
			report(b, float64(sum.planLatencyReq)/runs/float64(n), "refresh_requests_latency", "per_resource")
			report(b, float64(sum.destroyReq)/runs/float64(n), "destroy_requests", "per_resource")
			report(b, mib(sum.peak), "provider_peak_rss", "MiB")
		})
	}
}

// floorProviderHCL configures the floor provider of ./floor.
const floorProviderHCL = `
terraform {
  required_providers {
    floor = { source = "mediaops/floor" }
  }
}
`

// taskDefinitionsHCL is n steps spread over benchJobTypes, as resources of provider
// ("vidispine" or "floor").
func taskDefinitionsHCL(provider string, n int) string {
	return fmt.Sprintf(`
locals {
  job_types = %s
}

resource "%s_task_definition" "step" {
  count       = %d
  job_type    = local.job_types[count.index %% length(local.job_types)]
  step        = floor(count.index / length(local.job_types)) + 1
  description = "benchmark step ${count.index + 1}"
  script      = "// step ${count.index + 1}"
}
`, hclStrings(benchJobTypes), provider, n)
}

func hclStrings(list []string) string {
	quoted := make([]string, len(list))
	for i, s := range list {
		quoted[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

func terraformDataHCL(n int) string {
	return fmt.Sprintf(`
locals {
  job_types = %s
}

resource "terraform_data" "step" {
  count = %d
  input = {
    job_type    = local.job_types[count.index %% length(local.job_types)]
    step        = floor(count.index / length(local.job_types)) + 1
    description = "benchmark step ${count.index + 1}"
    script      = "// step ${count.index + 1}"
  }
}
`, hclStrings(benchJobTypes), n)
}

// maxJobsResults is the highest max_results vidispine_jobs accepts.
const maxJobsResults = 100000

// BenchmarkJobsDataSource: a refreshing plan that reads every job of a large installation
// through vidispine_jobs (pages of 1000).
func BenchmarkJobsDataSource(b *testing.B) {
	for _, n := range sizes(1000, 10000, 100000) {
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

// countSteps asks the mock how many task definitions the benchmark job types have.
func countSteps(b *testing.B, srv *vidimock.Server) int {
	b.Helper()
	n := 0
	for _, jt := range benchJobTypes {
		var doc struct {
			Task []struct {
				ID   any `json:"id"`
				Step any `json:"step"`
			} `json:"task"`
		}
		adminJSON(b, srv, "/API/task-definition/jobtype/"+jt, &doc)
		n += len(doc.Task)
	}
	return n
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
