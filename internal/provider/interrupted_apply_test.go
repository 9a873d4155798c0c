package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// Interrupted applies (issue 22), driven through the real CLI (TF_ACC_TERRAFORM_PATH) against
// a mock whose writes answer slowly: Ctrl-C (SIGINT, Terraform's graceful stop) and a killed
// runner (SIGKILL).

const (
	interruptedSteps = 20
	interruptedHooks = 3
	interruptedType  = "ACME_STOP"
	interruptedID    = 20522

	routeCreateJobType      = "POST /API/task-definition/jobtype/{type}"
	routeCreateNotification = "POST /API/job/notification"
	routeRerun              = "POST /API/job/{id}/re-run"
	routeStartJob           = "POST /API/job"
)

// interruptedConfig is a job type with interruptedSteps steps, interruptedHooks notifications
// and, with rerun set, a re-run of that job.
func interruptedConfig(srv *vidimock.Server, rerun string) string {
	hcl := providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_type" "stop" {
  name    = %q
  type_id = %d
}

resource "vidispine_task_definition" "step" {
  count       = %d
  job_type    = vidispine_job_type.stop.name
  step        = (count.index + 1) * 10
  description = "step ${count.index}"
  script      = "job.log('step ${count.index}');"
}

resource "vidispine_job_notification" "hook" {
  count   = %d
  trigger = { event = "finished" }
  http    = { url = "https://hooks.example.com/${count.index}" }
}
`, interruptedType, interruptedID, interruptedSteps, interruptedHooks)
	if rerun != "" {
		hcl += fmt.Sprintf("\nresource \"vidispine_job_rerun\" \"again\" {\n  job_id = %q\n}\n", rerun)
	}
	return hcl
}

// slowWrites makes every write the mock gets take effect at once and answer latency later
// (the slow server took 300 ms): long enough for a signal to arrive while requests are
// on their way.
func slowWrites(srv *vidimock.Server, latency time.Duration) {
	srv.SetFaults(vidimock.Faults{Rate: 1, Kinds: []string{"slow-answer"}, Latency: latency,
		Paths: []string{"POST /API/", "PUT /API/", "DELETE /API/"}})
}

// applyUntil starts terraform apply in w and sends it sig as soon as ready reports true (the
// mock has received the writes the test wants on their way), then waits for it to end. It
// returns the CLI's output; the apply must not have finished by itself.
func applyUntil(w *cliWorkspace, sig os.Signal, ready func() bool) string {
	t := w.t
	t.Helper()
	cmd, out, stop := terraformCommand(t, w.tf, w.dir, "apply", "-auto-approve")
	defer stop()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !ready() {
		select {
		case err := <-exited:
			t.Fatalf("terraform apply ended (%v) before the writes the test waits for were on their way:\n%s", err, out)
		case <-tick.C:
		}
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil {
		t.Fatalf("terraform apply succeeded despite the %s:\n%s", sig, out)
	}
	return out.String()
}

// stateCounts counts the instances per resource address ("vidispine_job_type.stop") in the
// state file of w; no state file, or an empty one (a CLI killed before it wrote any), counts
// as an empty state.
func stateCounts(w *cliWorkspace) map[string]int {
	t := w.t
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if os.IsNotExist(err) || (err == nil && len(raw) == 0) {
		return map[string]int{}
	}
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []json.RawMessage
		}
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatalf("reading the state: %v", err)
	}
	counts := map[string]int{}
	for _, r := range state.Resources {
		if r.Mode == "managed" {
			counts[r.Type+"."+r.Name] += len(r.Instances)
		}
	}
	return counts
}

// serverCounts counts, over the mock's HTTP API, what the configuration makes, by the address
// that manages it: the job type, its steps, the notifications beyond the seed data's
// seedHooks and the re-runs of job rerun (the jobs with its job data beyond the original).
func serverCounts(t *testing.T, srv *vidimock.Server, seedHooks int, rerunData string) map[string]int {
	t.Helper()
	counts := map[string]int{
		"vidispine_task_definition.step":  len(serverSteps(t, srv, interruptedType)),
		"vidispine_job_notification.hook": len(serverNotificationIDs(t, srv)) - seedHooks,
	}
	for _, name := range serverJobTypes(t, srv) {
		if name == interruptedType {
			counts["vidispine_job_type.stop"]++
		}
	}
	if rerunData != "" {
		counts["vidispine_job_rerun.again"] = serverJobCount(t, srv, "TRANSCODE", "batch", rerunData) - 1
	}
	return counts
}

// checkEachStepOnce fails unless the server holds each configured step exactly once.
func checkEachStepOnce(t *testing.T, srv *vidimock.Server) {
	t.Helper()
	seen := map[int]int{}
	for _, s := range serverSteps(t, srv, interruptedType) {
		seen[s.Step]++
	}
	for i := 1; i <= interruptedSteps; i++ {
		if seen[i*10] != 1 {
			t.Errorf("the server holds step %d %d times, want once (all: %v)", i*10, seen[i*10], seen)
		}
	}
}

// TestAccInterruptedApply_sigintRecordsWhatWasMade interrupts a slow apply with Ctrl-C twice:
// once while the job type, the notifications, the re-run and the job runs are on their way (one
// of them waits for its job, which never ends on the manual clock), once
// while steps are. Each time the state must record everything the server holds; the next apply
// completes without adopting anything, every object exists once and the plan after it is empty.
func TestAccInterruptedApply_sigintRecordsWhatWasMade(t *testing.T) {
	tf := terraformCLIAtLeast(t, "1.5.0", "interrupting the CLI")
	t.Parallel()
	srv := startMock(t, vidimock.Options{})
	job := startJob(t, srv, "TRANSCODE", map[string]string{"batch": "sigint"})
	w := &cliWorkspace{t: t, tf: tf, dir: t.TempDir()}
	config := interruptedConfig(srv, job) + `
resource "vidispine_job_run" "run" {
  job_type = "TRANSCODE"
  job_data = { batch = "sigint-run" }
}

resource "vidispine_job_run" "waiting" {
  job_type            = "TRANSCODE"
  job_data            = { batch = "sigint-wait" }
  wait_for_completion = true
  # A second job would never end on the manual clock: fail rather than wait.
  timeouts {
    create = "20s"
  }
}
`
	w.write(config)
	seedHooks := len(serverNotificationIDs(t, srv))
	counts := func() map[string]int {
		c := serverCounts(t, srv, seedHooks, "sigint")
		c["vidispine_job_run.run"] = serverJobCount(t, srv, "TRANSCODE", "batch", "sigint-run")
		c["vidispine_job_run.waiting"] = serverJobCount(t, srv, "TRANSCODE", "batch", "sigint-wait")
		return c
	}
	slowWrites(srv, 300*time.Millisecond)
	requests := srv.Requests
	starts := requests()[routeStartJob] // the job to re-run

	// 1. Ctrl-C while the job type, the notifications, the re-run and the job run are being made.
	out := applyUntil(w, os.Interrupt, func() bool {
		r := requests()
		return r[routeCreateJobType] >= 1 && r[routeCreateNotification] >= interruptedHooks && r[routeRerun] >= 1 &&
			r[routeStartJob] >= starts+2
	})
	want := map[string]int{"vidispine_job_type.stop": 1, "vidispine_job_notification.hook": interruptedHooks,
		"vidispine_job_rerun.again": 1, "vidispine_job_run.run": 1, "vidispine_job_run.waiting": 1,
		"vidispine_task_definition.step": 0}
	checkCounts(t, "server after the first Ctrl-C", counts(), want, out)
	checkCounts(t, "state after the first Ctrl-C", stateCounts(w), want, out)

	// 2. Ctrl-C while steps are being made.
	before := requests()[routeCreateStep]
	out = applyUntil(w, os.Interrupt, func() bool { return requests()[routeCreateStep] >= before+5 })
	onServer := counts()
	if n := onServer["vidispine_task_definition.step"]; n < 5 || n >= interruptedSteps {
		t.Fatalf("the server holds %d steps after the second Ctrl-C, want some but not all:\n%s", n, out)
	}
	checkCounts(t, "state after the second Ctrl-C", stateCounts(w), onServer, out)

	// 3. The next apply completes the rest; nothing needs adopting, nothing is made twice.
	srv.SetFaults(vidimock.Faults{})
	out = w.must("apply", "-auto-approve")
	if strings.Contains(out, "Adopted") {
		t.Errorf("the apply after Ctrl-C adopted objects the interrupted applies should have recorded:\n%s", out)
	}
	want["vidispine_task_definition.step"] = interruptedSteps
	checkCounts(t, "server after the last apply", counts(), want, out)
	checkEachStepOnce(t, srv)
	w.must("plan", "-detailed-exitcode") // exit code 2 (changes) fails the test
}

// TestAccInterruptedApply_sigkillRecoversInOneStep kills slow applies (SIGKILL: what is on its
// way is never recorded; Terraform writes the state after each object it finishes). The first
// kill orphans the job type and the notifications: the next plan names the job type with the
// import block to add. With it, the next apply adopts the notifications; killed again, it
// orphans the steps on their way, which the apply after it adopts. Nothing is made twice and
// the plan after it is empty.
func TestAccInterruptedApply_sigkillRecoversInOneStep(t *testing.T) {
	tf := terraformCLIAtLeast(t, "1.5.0", "interrupting the CLI")
	t.Parallel()
	srv := startMock(t, vidimock.Options{})
	w := &cliWorkspace{t: t, tf: tf, dir: t.TempDir()}
	config := interruptedConfig(srv, "")
	w.write(config)
	seedHooks := len(serverNotificationIDs(t, srv))
	// Slower than for Ctrl-C: what is on its way when the kill arrives must stay unrecorded,
	// even on a loaded machine.
	slowWrites(srv, time.Second)
	requests := srv.Requests

	// 1. Killed while the job type and the notifications are on their way: all orphaned.
	out := applyUntil(w, syscall.SIGKILL, func() bool {
		r := requests()
		return r[routeCreateJobType] >= 1 && r[routeCreateNotification] >= interruptedHooks
	})
	orphans := map[string]int{"vidispine_job_type.stop": 1, "vidispine_job_notification.hook": interruptedHooks}
	checkCounts(t, "server after the first kill", serverCounts(t, srv, seedHooks, ""), orphans, out)
	checkCounts(t, "state after the first kill", stateCounts(w),
		map[string]int{"vidispine_job_type.stop": 0, "vidispine_job_notification.hook": 0}, out)

	// 2. The plan names the orphaned job type and the import block that takes it over.
	plan, err := w.run("plan")
	block := fmt.Sprintf("id = \"%s/%d\"", interruptedType, interruptedID)
	if err == nil || !strings.Contains(plan, "Job type already exists") ||
		!strings.Contains(plan, "to = vidispine_job_type.<name of the resource>") || !strings.Contains(plan, block) {
		t.Fatalf("the plan after the kill did not name the orphaned job type with its import block (%v):\n%s", err, plan)
	}

	// 3. The import block as printed, with the resource's name filled in. That apply adopts the
	// notifications, and is killed in turn while steps are on their way.
	config += fmt.Sprintf("\nimport {\n  to = vidispine_job_type.stop\n  %s\n}\n", block)
	w.write(config)
	before := requests()[routeCreateStep]
	out = applyUntil(w, syscall.SIGKILL, func() bool { return requests()[routeCreateStep] >= before+5 })
	onServer, inState := serverCounts(t, srv, seedHooks, ""), stateCounts(w)
	orphanSteps := onServer["vidispine_task_definition.step"] - inState["vidispine_task_definition.step"]
	if orphanSteps < 1 {
		t.Fatalf("the second kill left %v on the server and %v in state, want orphaned steps:\n%s", onServer, inState, out)
	}

	// 4. The next apply adopts them and makes the rest.
	srv.SetFaults(vidimock.Faults{})
	out = w.must("apply", "-auto-approve")
	if got := warningCount(out, "Adopted an existing step"); got != orphanSteps {
		t.Errorf("the apply adopted %d steps, want the %d orphans:\n%s", got, orphanSteps, out)
	}
	want := map[string]int{"vidispine_job_type.stop": 1, "vidispine_job_notification.hook": interruptedHooks,
		"vidispine_task_definition.step": interruptedSteps}
	checkCounts(t, "server after the recovery", serverCounts(t, srv, seedHooks, ""), want, out)
	checkCounts(t, "state after the recovery", stateCounts(w), want, out)
	checkEachStepOnce(t, srv)
	w.must("plan", "-detailed-exitcode")
}

// warningCount counts the warnings with summary in CLI output, which shows the first of
// similar warnings and then "(and N more similar warnings elsewhere)".
func warningCount(out, summary string) int {
	n := 0
	for _, block := range strings.Split(out, "Warning: "+summary)[1:] {
		n++
		end := strings.Index(block, "Warning: ")
		if end < 0 {
			end = len(block)
		}
		var more int
		if i := strings.Index(block[:end], "(and "); i >= 0 {
			if _, err := fmt.Sscanf(block[i:end], "(and %d more similar", &more); err == nil {
				n += more
			}
		}
	}
	return n
}

// checkCounts compares counts by address with want; out is the CLI output to show on failure.
func checkCounts(t *testing.T, what string, got, want map[string]int, out string) {
	t.Helper()
	for addr, n := range want {
		if got[addr] != n {
			t.Errorf("%s: %s has %d, want %d (all: %v)\n%s", what, addr, got[addr], n, got, out)
		}
	}
}

// The orphans of a killed run, one type at a time, made over the mock's HTTP API as the killed
// run would have left them.

// TestAccTaskDefinition_orphanAdoptedOrNamed: a step the state does not know is adopted with a
// warning when it holds exactly the configured content, and refused at plan with the import
// block to add when it holds anything else.
func TestAccTaskDefinition_orphanAdoptedOrNamed(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	postJobType(t, srv, "ACME_ORPHAN", 20531)
	ids := postTaskDefinitions(t, srv,
		map[string]any{"jobType": "ACME_ORPHAN", "step": 10, "script": "job.log('same');"},
		map[string]any{"jobType": "ACME_ORPHAN", "step": 20, "script": "job.log('other');"})
	config := func(step int, script string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_task_definition" "orphan" {
  job_type = "ACME_ORPHAN"
  step     = %d
  script   = %q
}
`, step, script)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(20, "job.log('mine');"),
				ExpectError: expectErrorRegex("Step already defined", "ACME_ORPHAN already has a step 20",
					"import {", "to = vidispine_task_definition.<name of the resource>", `id = "ACME_ORPHAN/20"`),
			},
			{
				Config: config(10, "job.log('same');"),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("vidispine_task_definition.orphan", "id", ids[0]),
					func(*terraform.State) error {
						if got := len(serverSteps(t, srv, "ACME_ORPHAN")); got != 2 {
							return fmt.Errorf("ACME_ORPHAN holds %d steps after the adoption, want the 2 made before", got)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccJobType_orphanNamedWithImportBlock: a job type the state does not know is refused at
// plan with the import block to add (the server does not tell its id, so it is not adopted).
func TestAccJobType_orphanNamedWithImportBlock(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	postJobType(t, srv, "ACME_ORPHAN", 20532)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "vidispine_job_type" "orphan" {
  name    = "ACME_ORPHAN"
  type_id = 20532
}
`,
			PlanOnly: true,
			ExpectError: expectErrorRegex("Job type already exists", "ACME_ORPHAN", "import {",
				"to = vidispine_job_type.<name of the resource>", `id = "ACME_ORPHAN/20532"`),
		}},
	})
}

// TestAccJobNotification_orphanAdopted: a notification identical to the configured one, on the
// server before the run, is adopted instead of being made a second time; one that differs is
// not.
func TestAccJobNotification_orphanAdopted(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	config := hookConfig(srv, "fail", "https://hooks.example.com/orphan")
	var (
		doc    map[string]any // the document this configuration makes
		orphan string
		count  int // notifications on the server once the orphan is there
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					mockJSON(t, srv, http.MethodGet, "/API/job/notification/"+s.RootModule().Resources[notificationAddr].Primary.ID, nil, &doc)
					return nil
				},
			},
			{
				// Destroyed; then left behind again as a killed run would, beside a different one.
				Config: providerBlock(srv),
				Check: func(*terraform.State) error {
					orphan = postNotification(t, srv, doc)
					postNotification(t, srv, map[string]any{"action": map[string]any{"http": map[string]any{
						"url": "https://hooks.example.com/other", "synchronous": false, "timeout": "5"}},
						"trigger": map[string]any{"job": map[string]any{"fail": ""}}})
					count = len(serverNotificationIDs(t, srv))
					return nil
				},
			},
			{
				Config: config,
				Check: func(s *terraform.State) error {
					if got := s.RootModule().Resources[notificationAddr].Primary.ID; got != orphan {
						return fmt.Errorf("the resource holds notification %s, want the orphan %s adopted", got, orphan)
					}
					if got := len(serverNotificationIDs(t, srv)); got != count {
						return fmt.Errorf("the server holds %d notifications, want %d: nothing made", got, count)
					}
					return nil
				},
			},
		},
	})
}

// The scheduling configuration interrupted by Ctrl-C: the job pools, four task groups and the
// default priorities of three job types (written one after the other: they share one
// document).
var schedulingTypes = []string{"TRANSCODE", "THUMBNAIL", "IMPORT"}

const (
	schedulingGroups = 4

	routePutJobPools        = "PUT /API/configuration/job-pool"
	routePutTaskGroup       = "PUT /API/task-group/{name}"
	routePutDefaultPriority = "PUT /API/configuration/job-priority"
)

func schedulingConfig(srv *vidimock.Server) string {
	return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_pools" "this" {
  pool = [{ priority_threshold = "HIGH", size = 2 }]
}

resource "vidispine_task_group" "group" {
  count = %d
  name  = "stop-${count.index}"
  job   = [{ type = ["TRANSCODE"], priority = ["HIGH"] }]
}

resource "vidispine_job_type_default_priority" "default" {
  count    = %d
  job_type = %s[count.index]
  priority = "HIGH"
}
`, schedulingGroups, len(schedulingTypes), hclList(schedulingTypes))
}

// schedulingCounts counts, over the mock's HTTP API, what schedulingConfig makes, by the
// address that manages it.
func schedulingCounts(t *testing.T, srv *vidimock.Server) map[string]int {
	t.Helper()
	var groups struct {
		Group []struct{ Name string } `json:"group"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/task-group", nil, &groups)
	var defaults struct {
		Job []struct{ Type string } `json:"job"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/configuration/job-priority", nil, &defaults)
	counts := map[string]int{"vidispine_job_pools.this": min(len(serverJobPools(t, srv).Pool), 1)}
	for _, g := range groups.Group {
		if strings.HasPrefix(g.Name, "stop-") {
			counts["vidispine_task_group.group"]++
		}
	}
	for _, d := range defaults.Job {
		if slices.Contains(schedulingTypes, d.Type) {
			counts["vidispine_job_type_default_priority.default"]++
		}
	}
	return counts
}

// TestAccInterruptedApply_sigintRecordsSchedulingWrites interrupts a slow apply of the
// scheduling configuration with Ctrl-C while the job pools, every task group and a default
// priority are on their way: the state records everything the server holds; the next apply
// completes the rest and the plan after it is empty.
func TestAccInterruptedApply_sigintRecordsSchedulingWrites(t *testing.T) {
	tf := terraformCLIAtLeast(t, "1.5.0", "interrupting the CLI")
	t.Parallel()
	srv := startMock(t, vidimock.Options{})
	w := &cliWorkspace{t: t, tf: tf, dir: t.TempDir()}
	w.write(schedulingConfig(srv))
	slowWrites(srv, 300*time.Millisecond)
	requests := srv.Requests

	out := applyUntil(w, os.Interrupt, func() bool {
		r := requests()
		return r[routePutJobPools] >= 1 && r[routePutTaskGroup] >= schedulingGroups && r[routePutDefaultPriority] >= 1
	})
	onServer := schedulingCounts(t, srv)
	if onServer["vidispine_job_pools.this"] != 1 || onServer["vidispine_task_group.group"] != schedulingGroups ||
		onServer["vidispine_job_type_default_priority.default"] < 1 {
		t.Fatalf("the server holds %v after Ctrl-C, want the pools, every group and a default priority:\n%s", onServer, out)
	}
	checkCounts(t, "state after Ctrl-C", stateCounts(w), onServer, out)

	srv.SetFaults(vidimock.Faults{})
	out = w.must("apply", "-auto-approve")
	want := map[string]int{"vidispine_job_pools.this": 1, "vidispine_task_group.group": schedulingGroups,
		"vidispine_job_type_default_priority.default": len(schedulingTypes)}
	checkCounts(t, "server after the last apply", schedulingCounts(t, srv), want, out)
	checkCounts(t, "state after the last apply", stateCounts(w), want, out)
	w.must("plan", "-detailed-exitcode") // exit code 2 (changes) fails the test
}
