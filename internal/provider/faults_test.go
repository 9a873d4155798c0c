package provider

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// Fault tests: a configuration of every managed resource type is applied while the mock fails
// a fifth of all requests (setFaults), or while the server is down for a while. Afterwards the
// server must hold exactly what the configuration says.

// faultJobType is the custom job type of the fault configuration.
const faultJobType = "FAULT_PIPELINE"

// faultBuiltinTypes carry 20 extra steps each (from step 1000 up, clear of the seeded steps).
var faultBuiltinTypes = []string{"TRANSCODE", "IMPORT", "THUMBNAIL", "EXPORT"}

const faultStepsPerType = 20

// faultConfig: 100 task definitions (4 built-in types and one custom type, 20 steps each),
// 10 job priorities and 5 job notifications.
func faultConfig(srv *vidimock.Server, jobs []string) string {
	return providerBlock(srv, faultRetries) + fmt.Sprintf(`
locals {
  builtin_types = %s
  # A list, not a map: plugin-testing's state shim cannot read for_each instances.
  steps = concat(
    [for pair in setproduct(local.builtin_types, range(%d)) :
      { job_type = pair[0], step = 1000 + pair[1] }],
    [for i in range(%d) :
      { job_type = vidispine_job_type.pipeline.name, step = i + 1 }],
  )
  jobs = %s
}

resource "vidispine_job_type" "pipeline" {
  name    = %q
  type_id = 20600
}

resource "vidispine_task_definition" "step" {
  count       = length(local.steps)
  job_type    = local.steps[count.index].job_type
  step        = local.steps[count.index].step
  description = "fault test ${local.steps[count.index].job_type}/${local.steps[count.index].step}"
  script      = "// step ${count.index}"
}

resource "vidispine_job_priority" "job" {
  count    = length(local.jobs)
  job_id   = local.jobs[count.index]
  priority = "HIGHEST"
}

resource "vidispine_job_notification" "hook" {
  count = 5
  trigger = {
    event    = "finished"
    job_type = "TRANSCODE"
  }
  http = {
    url    = "http://hooks.example.com/fault-${count.index}"
    method = "POST"
  }
}
`, hclList(faultBuiltinTypes), faultStepsPerType, faultStepsPerType, hclList(jobs), faultJobType)
}

// checkServerMatchesFaultConfig asks the mock (faults off) whether it holds exactly the
// configuration: every step once, no extra step, every priority, five notifications.
func checkServerMatchesFaultConfig(t *testing.T, srv *vidimock.Server, jobs []string) statecheck.StateCheck {
	return serverCheck(func() error {
		srv.SetFaults(vidimock.Faults{})
		want := map[string]int{}
		for _, typ := range faultBuiltinTypes {
			for i := 0; i < faultStepsPerType; i++ {
				want[fmt.Sprintf("%s/%d", typ, 1000+i)] = 1
			}
		}
		for i := 1; i <= faultStepsPerType; i++ {
			want[fmt.Sprintf("%s/%d", faultJobType, i)] = 1
		}
		got := map[string]int{}
		for _, typ := range append(append([]string(nil), faultBuiltinTypes...), faultJobType) {
			for _, td := range serverSteps(t, srv, typ) {
				if strings.HasPrefix(td.Description, "fault test ") {
					got[fmt.Sprintf("%s/%d", typ, td.Step)]++
				}
			}
		}
		var diffs []string
		for k, n := range want {
			if got[k] != n {
				diffs = append(diffs, fmt.Sprintf("%s: %d on the server", k, got[k]))
			}
		}
		for k := range got {
			if want[k] == 0 {
				diffs = append(diffs, fmt.Sprintf("%s: on the server but not in the configuration", k))
			}
		}
		sort.Strings(diffs)
		if len(diffs) > 0 {
			return fmt.Errorf("task definitions differ from the configuration:\n%s", strings.Join(diffs, "\n"))
		}
		for _, id := range jobs {
			var job struct {
				Priority string `json:"priority"`
			}
			mockJSON(t, srv, http.MethodGet, "/API/job/"+id, nil, &job)
			if job.Priority != "HIGHEST" {
				return fmt.Errorf("job %s has priority %q on the server, want HIGHEST", id, job.Priority)
			}
		}
		hooks := 0
		for _, n := range serverNotifications(t, srv) {
			if strings.Contains(n, "hooks.example.com/fault-") {
				hooks++
			}
		}
		if hooks != 5 {
			return fmt.Errorf("the server holds %d fault-test notifications, want exactly 5", hooks)
		}
		return nil
	})
}

// serverCheck runs a check against the server after apply, as a state check.
type serverCheck func() error

func (f serverCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// serverNotifications returns every job notification on the mock as raw JSON text.
func serverNotifications(t *testing.T, srv *vidimock.Server) []string {
	t.Helper()
	ids := serverNotificationIDs(t, srv)
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		_, raw := mockAPI(t, srv, http.MethodGet, "/API/job/notification/"+id, nil)
		out = append(out, string(raw))
	}
	return out
}

// noDeleteOrReplace fails a plan that would delete or replace anything: after a failed
// apply, whatever reached the state must be complete (no tainted, half-created resource).
type noDeleteOrReplace struct{}

func (noDeleteOrReplace) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change.Actions.Delete() || rc.Change.Actions.Replace() || rc.Change.Actions.DestroyBeforeCreate() ||
			rc.Change.Actions.CreateBeforeDestroy() {
			resp.Error = fmt.Errorf("%s is planned for %v: the failed apply left it half-written", rc.Address, rc.Change.Actions)
			return
		}
	}
}

// TestAccFaults_configurationUnderFaults applies 100 task definitions, 10 job priorities
// and 5 job notifications while 20% of requests fail, checks the server against the
// configuration, then plans again under faults: nothing to change.
func TestAccFaults_configurationUnderFaults(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobs := startFaultJobs(t, srv)
	cfg := faultConfig(srv, jobs)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:         setFaults(srv, 11),
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{checkServerMatchesFaultConfig(t, srv, jobs)},
			},
			{
				// A refresh of all 116 resources under the same faults: an empty plan.
				PreConfig: setFaults(srv, 12),
				Config:    cfg,
				PlanOnly:  true,
			},
		},
	})
}

// TestAccFaults_serverDownMidApply takes the server down after a share of the apply's
// requests: the apply fails with a clear error, what reached the state is complete, and a
// second apply completes the configuration.
func TestAccFaults_serverDownMidApply(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobs := startFaultJobs(t, srv)
	cfg := faultConfig(srv, jobs)
	var downAt atomic.Int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					srv.SetFaults(vidimock.Faults{})
					srv.ResetRequests()
					go takeDownAfter(srv, 60, &downAt)
				},
				Config:      cfg,
				ExpectError: expectErrorRegex("request failed"),
			},
			{
				PreConfig: func() {
					if downAt.Load() == 0 {
						t.Fatal("the server never went down: the first apply finished too early")
					}
					srv.SetDown(false)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{noDeleteOrReplace{}},
				},
				ConfigStateChecks: []statecheck.StateCheck{checkServerMatchesFaultConfig(t, srv, jobs)},
			},
		},
	})
}

// takeDownAfter switches the server down once it has counted n requests.
func takeDownAfter(srv *vidimock.Server, n int, downAt *atomic.Int64) {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if total := allRequests(srv); total >= n {
			srv.SetDown(true)
			downAt.Store(int64(total))
			return
		}
		time.Sleep(200 * time.Microsecond)
	}
}
