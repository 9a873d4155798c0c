package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// testAccProtoV6ProviderFactories runs the provider in-process for acceptance tests, with an
// empty environment: nothing of the developer's VIDISPINE_* variables leaks into a test.
var testAccProtoV6ProviderFactories = providerFactoriesWithEnv(nil)

// providerFactoriesWithEnv runs a fresh provider in-process for each Terraform command that
// sees env as its environment, so tests of the environment fallbacks run in parallel
// without touching the process environment. Waiting for a re-run job polls the mock, whose
// clock the tests drive: no reason to wait seconds between looks.
func providerFactoriesWithEnv(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"vidispine": func() (tfprotov6.ProviderServer, error) {
			return providerserver.NewProtocol6WithError(newTestProvider(env))()
		},
	}
}

// newTestProvider is the provider as tests run it: env as its environment, and a short poll
// interval while waiting for jobs.
func newTestProvider(env map[string]string) *vidispineProvider {
	return &vidispineProvider{
		version:         "test",
		getenv:          func(k string) string { return env[k] },
		jobPollInterval: 10 * time.Millisecond,
	}
}

// testEpoch is the manual clock's start: after every seeded job, so new jobs sort last.
var testEpoch = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// TestMain runs more tests at once than Go's default (-parallel = GOMAXPROCS): an acceptance
// test spends its time waiting for the Terraform CLI processes it starts and for its own
// mock, not on this process's CPU. An explicit -parallel wins.
func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		if err := flag.Set("test.parallel", strconv.Itoa(max(8, 4*runtime.GOMAXPROCS(0)))); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

// startMock starts an in-process mock VidiREST server with a manual clock; it stops with the test.
// It starts with the seed data of internal/vidimock/seed.go: users, task definitions of the
// built-in job types, two job notifications and sixty jobs of several types and states.
func startMock(t testing.TB, opts vidimock.Options) *vidimock.Server {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = vidimock.NewManualClock(testEpoch)
	}
	srv, err := vidimock.Start(opts)
	if err != nil {
		t.Fatalf("starting the mock: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// providerBlock configures the provider for srv as the admin user, with short retry waits so
// fault-injection tests stay quick. Extra lines go inside the block.
func providerBlock(srv *vidimock.Server, extra ...string) string {
	return fmt.Sprintf(`
provider "vidispine" {
  url            = %q
  username       = %q
  password       = %q
  retry_wait_min = "5ms"
  retry_wait_max = "50ms"
  %s
}
`, srv.URL(), vidimock.AdminUser, vidimock.AdminPassword, strings.Join(extra, "\n  "))
}

// mockAPI sends one request to the mock's HTTP API as the admin user, outside the provider,
// the way another tool or a person would change the server behind Terraform's back.
func mockAPI(t testing.TB, srv *vidimock.Server, method, path string, body any) (int, []byte) {
	t.Helper()
	return mockAPIWith(t, srv, func(r *http.Request) { r.SetBasicAuth(vidimock.AdminUser, vidimock.AdminPassword) }, method, path, body)
}

// mockAPIWith is mockAPI with the credentials auth sets on the request.
func mockAPIWith(t testing.TB, srv *vidimock.Server, auth func(*http.Request), method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	contentType := "application/json"
	if text, ok := body.([]byte); ok { // a text/plain body, sent as it is
		rd, contentType = bytes.NewReader(text), "text/plain"
	} else if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("encoding request body: %v", err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, srv.URL()+path, rd)
	if err != nil {
		t.Fatalf("building request: %v", err)
	}
	auth(req)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return resp.StatusCode, out
}

// mockJSON is mockAPI for requests that must succeed, decoding the JSON answer into out.
func mockJSON(t testing.TB, srv *vidimock.Server, method, path string, body, out any) {
	t.Helper()
	status, raw := mockAPI(t, srv, method, path, body)
	if status >= 300 {
		t.Fatalf("%s %s: status %d: %s", method, path, status, raw)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: decoding %s: %v", method, path, raw, err)
		}
	}
}

// startJob starts a job of jobType with the given job metadata on the mock and returns its id.
func startJob(t testing.TB, srv *vidimock.Server, jobType string, metadata map[string]string) string {
	t.Helper()
	path := "/API/job?type=" + jobType
	for k, v := range metadata {
		path += "&jobmetadata=" + k + "%3D" + v
	}
	var job struct {
		JobID string `json:"jobId"`
	}
	mockJSON(t, srv, http.MethodPost, path, nil, &job)
	if job.JobID == "" {
		t.Fatalf("POST %s returned no jobId", path)
	}
	return job.JobID
}

// expectErrorRegex builds an ExpectError pattern that tolerates Terraform's line wrapping.
func expectErrorRegex(words ...string) *regexp.Regexp {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(quoted, `[\s\S]*`))
}

// errorWords matches an error message however the CLI wraps its lines.
func errorWords(message string) *regexp.Regexp { return expectErrorRegex(strings.Fields(message)...) }

// readJobConfig is a configuration that needs the provider configured: it reads one job.
func readJobConfig(jobID string) string {
	return fmt.Sprintf(`
data "vidispine_job" "test" {
  job_id = %q
}
`, jobID)
}

// Requests the mock has served, by route ("GET /API/job/{id}"), since it started or since its
// last ResetRequests.

// allRequests counts every request the mock has served.
func allRequests(srv *vidimock.Server) int {
	n := 0
	for _, c := range srv.Requests() {
		n += c
	}
	return n
}

// requestsTo counts the requests to route, with any matrix parameters (GET /API/job;first=…).
func requestsTo(srv *vidimock.Server, route string) int {
	n := 0
	for r, c := range srv.Requests() {
		if r == route || strings.HasPrefix(r, route+";") {
			n += c
		}
	}
	return n
}

// checkRequests fails unless the mock has served route exactly want times.
func checkRequests(srv *vidimock.Server, route string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := srv.Requests()[route]; got != want {
			return fmt.Errorf("%s was sent %d times in all, want %d", route, got, want)
		}
		return nil
	}
}

// Jobs on the server, read over the mock's HTTP API. The tests write job filters in the matrix
// form (/API/job;type=…;state=…), which the provider never uses, so an expectation comes from
// a different query than the one under test.

// mockJob is a job as the mock's HTTP API returns it.
type mockJob struct {
	JobID    string `json:"jobId"`
	User     string `json:"user"`
	Type     string `json:"type"`
	Status   string `json:"status"`
	Priority string `json:"priority"`
	Started  string `json:"started"`
	Data     []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"data"`
}

// data is the job's job data value of key ("" when it has none).
func (j mockJob) data(key string) string {
	for _, kv := range j.Data {
		if kv.Key == key {
			return kv.Value
		}
	}
	return ""
}

// serverJob returns job id as the server holds it.
func serverJob(t testing.TB, srv *vidimock.Server, id string) mockJob {
	t.Helper()
	var j mockJob
	mockJSON(t, srv, http.MethodGet, "/API/job/"+id, nil, &j)
	return j
}

// serverJobs lists the jobs of a job list path, and how many match in all.
func serverJobs(t testing.TB, srv *vidimock.Server, path string) ([]mockJob, int) {
	t.Helper()
	var list struct {
		Hits int       `json:"hits"`
		Job  []mockJob `json:"job"`
	}
	mockJSON(t, srv, http.MethodGet, path, nil, &list)
	return list.Job, list.Hits
}

// newestJob is the server's newest job of any user.
func newestJob(t testing.TB, srv *vidimock.Server) mockJob {
	t.Helper()
	jobs, _ := serverJobs(t, srv, "/API/job?user=false&number=1&sort=jobId%20desc")
	if len(jobs) != 1 {
		t.Fatalf("the server lists no jobs")
	}
	return jobs[0]
}

// serverJobCount returns how many jobs of any user the server holds with type typ and job data
// key=value.
func serverJobCount(t testing.TB, srv *vidimock.Server, typ, key, value string) int {
	t.Helper()
	q := url.Values{"type": {typ}, "user": {"false"}, "number": {"1"}, "jobmetadata": {key + "=" + value}}
	_, hits := serverJobs(t, srv, "/API/job?"+q.Encode())
	return hits
}

// checkJobCount fails unless the server holds want jobs of type typ with job data key=value:
// the original and want-1 re-runs of it.
func checkJobCount(t testing.TB, srv *vidimock.Server, typ, key, value string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := serverJobCount(t, srv, typ, key, value); got != want {
			return fmt.Errorf("server holds %d %s jobs with %s=%s, want %d (the original and %d re-run(s))", got, typ, key, value, want, want-1)
		}
		return nil
	}
}

// checkServerPriority fails unless the server holds job id at priority want.
func checkServerPriority(t testing.TB, srv *vidimock.Server, id, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := serverJob(t, srv, id).Priority; got != want {
			return fmt.Errorf("server holds priority %s for job %s, want %s", got, id, want)
		}
		return nil
	}
}

// mockProblem is a job problem as the mock's HTTP API returns it.
type mockProblem struct {
	ID   int64    `json:"id"`
	Type string   `json:"type"`
	Job  []string `json:"job"`
}

// serverProblems lists the job problems of path (/API/job/problem, /API/job/{id}/problem).
func serverProblems(t testing.TB, srv *vidimock.Server, path string) []mockProblem {
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

// tickClock moves the mock's clock half a second forward every few milliseconds until the test
// ends, so jobs run while the provider waits for them.
func tickClock(t testing.TB, clock *vidimock.Clock) {
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
				clock.Advance(500 * time.Millisecond)
			}
		}
	}()
	t.Cleanup(func() { close(done) })
}

// Job types, task definitions and job notifications on the server.

// postJobType creates custom job type name with id over the mock's HTTP API, as another tool
// would.
func postJobType(t testing.TB, srv *vidimock.Server, name string, id int) {
	t.Helper()
	mockJSON(t, srv, http.MethodPost, fmt.Sprintf("/API/task-definition/jobtype/%s?id=%d", name, id), nil, nil)
}

// postTaskDefinitions creates tasks in one POST /API/task-definition over the mock's HTTP API,
// as another tool would, and returns their ids.
func postTaskDefinitions(t testing.TB, srv *vidimock.Server, tasks ...map[string]any) []string {
	t.Helper()
	return postForIDs(t, srv, "/API/task-definition", map[string]any{"task": tasks}, len(tasks))
}

// serverJobTypes lists the job types the server knows, built-in and custom.
func serverJobTypes(t testing.TB, srv *vidimock.Server) []string {
	t.Helper()
	var list struct {
		URI []string `json:"uri"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/jobtype", nil, &list)
	return list.URI
}

// mockTask is a task definition as the mock's HTTP API returns it.
type mockTask struct {
	ID          int    `json:"id"`
	Step        int    `json:"step"`
	JobType     string `json:"jobType"`
	Description string `json:"description,omitempty"`
	Script      string `json:"script,omitempty"`
	Bean        string `json:"bean,omitempty"`
	Method      string `json:"method,omitempty"`
	Plugin      *bool  `json:"plugin,omitempty"`
	Critical    *bool  `json:"critical,omitempty"`
	Cleanup     *bool  `json:"cleanup,omitempty"`
	Flags       *int   `json:"flags,omitempty"`
	Extradata   string `json:"extradata,omitempty"`
	Dependency  *struct {
		Step        *int  `json:"step"`
		Previous    *bool `json:"previous"`
		AllPrevious *bool `json:"allPrevious"`
	} `json:"dependency,omitempty"`
	ParallelDependency *struct {
		Step int `json:"step"`
	} `json:"parallelDependency,omitempty"`
}

// serverSteps returns the steps the server holds for jobType (nil when the type does not exist).
func serverSteps(t testing.TB, srv *vidimock.Server, jobType string) []mockTask {
	t.Helper()
	status, _ := mockAPI(t, srv, http.MethodGet, "/API/task-definition/jobtype/"+jobType, nil)
	if status == http.StatusNotFound {
		return nil
	}
	var list struct {
		Task []mockTask `json:"task"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/task-definition/jobtype/"+jobType, nil, &list)
	return list.Task
}

// serverStep returns step of jobType on the server, failing the test when it is not there.
func serverStep(t testing.TB, srv *vidimock.Server, jobType string, step int) mockTask {
	t.Helper()
	var task mockTask
	mockJSON(t, srv, http.MethodGet, fmt.Sprintf("/API/task-definition/jobtype/%s/step/%d", jobType, step), nil, &task)
	return task
}

// stepNumbers returns the step numbers of tasks in ascending order.
func stepNumbers(tasks []mockTask) []int {
	steps := make([]int, 0, len(tasks))
	for _, task := range tasks {
		steps = append(steps, task.Step)
	}
	slices.Sort(steps)
	return steps
}

// checkPipelineGone is a CheckDestroy: no task definition or custom job type of the state is
// left on the server.
func checkPipelineGone(srv *vidimock.Server, t testing.TB) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		types := serverJobTypes(t, srv)
		for addr, rs := range s.RootModule().Resources {
			switch rs.Type {
			case "vidispine_task_definition":
				if status, body := mockAPI(t, srv, http.MethodGet, "/API/task-definition/"+rs.Primary.ID, nil); status != http.StatusNotFound {
					return fmt.Errorf("%s: task definition %s still exists after destroy (HTTP %d): %s", addr, rs.Primary.ID, status, body)
				}
			case "vidispine_job_type":
				if name := rs.Primary.Attributes["name"]; slices.Contains(types, name) {
					return fmt.Errorf("%s: job type %s is still listed by GET /API/jobtype after destroy", addr, name)
				}
			}
		}
		return nil
	}
}

// postNotification creates job notification doc (a document or its JSON text as a
// json.RawMessage) over the mock's HTTP API, as another tool would, and returns its id.
func postNotification(t testing.TB, srv *vidimock.Server, doc any) string {
	t.Helper()
	return postForIDs(t, srv, "/API/job/notification", doc, 1)[0]
}

// postForIDs POSTs doc to path over the mock's HTTP API and returns the ids of the objects it
// made, failing the test unless there are n.
func postForIDs(t testing.TB, srv *vidimock.Server, path string, doc any, n int) []string {
	t.Helper()
	var created struct {
		URI []string `json:"uri"`
	}
	mockJSON(t, srv, http.MethodPost, path, doc, &created)
	if len(created.URI) != n {
		t.Fatalf("POST %s answered ids %v, want %d", path, created.URI, n)
	}
	return created.URI
}

// serverNotificationIDs lists the ids of the job notifications the server holds.
func serverNotificationIDs(t testing.TB, srv *vidimock.Server) []string {
	t.Helper()
	var list struct {
		URI []string `json:"uri"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/job/notification", nil, &list)
	return list.URI
}

// Installations made over the mock's HTTP API before a test, as scripts around JobHelper would.

// seedInstallation makes, over the raw API as scripts around JobHelper would, custom job types
// ACME_<prefix>_0, _1, … (ids from typeID on) with steps 10, 20, … each — script steps and bean
// steps, the second of each type depending on the previous one — and one job notification per
// job type, an HTTP one on finished jobs of the type. It returns the job type names.
func seedInstallation(t *testing.T, srv *vidimock.Server, prefix string, typeID, jobTypes, steps int) []string {
	t.Helper()
	names := make([]string, 0, jobTypes)
	for i := range jobTypes {
		name := fmt.Sprintf("ACME_%s_%d", prefix, i)
		names = append(names, name)
		postJobType(t, srv, name, typeID+i)
		tasks := make([]map[string]any, 0, steps)
		for s := 1; s <= steps; s++ {
			task := map[string]any{"jobType": name, "step": 10 * s, "description": fmt.Sprintf("Step %d of %s", s, name)}
			if s%2 == 1 {
				task["script"] = fmt.Sprintf("job.log('step %d');", s)
			} else {
				task["bean"], task["method"], task["plugin"] = "PublishBean", "publish", s%4 == 0
				task["dependency"] = map[string]any{"step": 0, "previous": true, "allPrevious": false}
			}
			tasks = append(tasks, task)
		}
		if len(tasks) > 0 {
			postTaskDefinitions(t, srv, tasks...)
		}
		postNotification(t, srv, map[string]any{
			"action": map[string]any{"http": map[string]any{
				"url": "https://cms.example/hooks/" + strings.ToLower(name), "method": "POST", "synchronous": false, "timeout": 30,
			}},
			"trigger": map[string]any{"job": map[string]any{"finished": "", "filter": map[string]any{"type": name}}},
		})
	}
	return names
}

// seedReadPipeline creates, over the mock's HTTP API, a custom job type ACME_READ with steps
// 20 (bean) and 10 (script), posted in that order, and returns the id of step 20.
func seedReadPipeline(t *testing.T, srv *vidimock.Server) string {
	t.Helper()
	postJobType(t, srv, "ACME_READ", 20010)
	step20 := postTaskDefinitions(t, srv, map[string]any{
		"jobType": "ACME_READ", "step": 20, "description": "Publish", "bean": "PublishBean", "method": "publish",
		"plugin": true, "critical": false, "flags": 2, "dependency": map[string]any{"step": 10, "previous": false, "allPrevious": false},
	})[0]
	postTaskDefinitions(t, srv, map[string]any{
		"jobType": "ACME_READ", "step": 10, "description": "Check", "script": "job.log('check');", "cleanup": false,
	})
	return step20
}

// faultKinds is every kind of failure a flaky server or network produces: 503, 429 with
// Retry-After, a connection dropped before or after the server acted.
var faultKinds = []string{"503", "429", "drop", "drop-after"}

// faultRetries raises the provider's retries so that setFaults' 20% cannot exhaust them:
// P(11 faults in a row) = 0.2^11 ≈ 2e-8 per request. Retry waits are tiny (providerBlock).
const faultRetries = "max_retries = 10"

// setFaults returns a PreConfig that makes the mock fail a fifth of all requests, of every kind.
func setFaults(srv *vidimock.Server, seed int64) func() {
	return func() {
		srv.SetFaults(vidimock.Faults{Rate: 0.2, Kinds: faultKinds, RetryAfter: 1, Seed: seed})
	}
}

// failHalfOfTheReruns makes the mock fail half the re-run requests, refused (503, 429) or
// dropped before or after taking effect, and resets its request counters. With seed 7 the
// first attempts fail.
func failHalfOfTheReruns(srv *vidimock.Server) {
	srv.SetFaults(vidimock.Faults{Rate: 0.5, Kinds: faultKinds, Seed: 7, Paths: []string{"/re-run"}, RetryAfter: 1})
	srv.ResetRequests()
}

// checkRerunFaulted fails unless the re-run request was sent more than once since the last
// reset, that is unless a fault hit it: the test proves nothing otherwise. *sent receives the
// number of requests.
func checkRerunFaulted(srv *vidimock.Server, sent *int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if *sent = srv.Requests()["POST /API/job/{id}/re-run"]; *sent < 2 {
			return fmt.Errorf("the re-run request was sent %d times: no fault was injected", *sent)
		}
		return nil
	}
}

// startFaultJobs starts ten jobs (faults off) whose priority the configuration manages.
func startFaultJobs(t *testing.T, srv *vidimock.Server) []string {
	t.Helper()
	jobs := make([]string, 10)
	for i := range jobs {
		jobs[i] = startJob(t, srv, "TRANSCODE", map[string]string{"itemId": fmt.Sprintf("VX-%d", 100+i)})
	}
	return jobs
}

// hclList writes vals as an HCL list of strings.
func hclList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// Steps and configurations of one kind of test: import by identity, list queries, actions.

// skipBelowIdentity: resource identities (in state, in import blocks) need Terraform 1.12.
var skipBelowIdentity = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// identityImportSteps imports addr by identity (an import block with `identity = { ... }`), by
// an import block with importID, and by an import block with importID whose configuration
// Terraform generates (`terraform plan -generate-config-out`), which must be valid as written
// and plan no change. Each managed resource's _identity test runs them; create, update, drift
// and destroy are its _lifecycle test's.
func identityImportSteps(addr, importID string) []resource.TestStep {
	return []resource.TestStep{
		{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: importID},
		{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: importID, GenerateConfig: true},
	}
}

// adoptByIdentitySteps adopts addr, an object made on the server by hand, with an import block
// naming its identity { key = value } (the plan imports it and changes nothing), plans nothing without the
// import block, then runs identityImportSteps with value as the import id. For a resource that
// claims what it manages alone (vidispine_job_pools, vidispine_job_type_default_priority) the
// step with generated configuration is left out: plugin-testing plans it beside the adopted
// resource, as a second owner, which the claim refuses; testGeneratedImport runs it instead.
func adoptByIdentitySteps(config, addr, key, value string, claims bool) []resource.TestStep {
	steps := []resource.TestStep{{
		Config: config + fmt.Sprintf(`
import {
  to       = %s
  identity = { %s = %q }
}
`, addr, key, value),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
		}},
		ConfigStateChecks: identityChecks(addr, map[string]knownvalue.Check{key: knownvalue.StringExact(value)}),
	}, {
		// Adopted: without the import block the plan is empty (and the import steps add their own).
		Config:           config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
	}}
	imports := identityImportSteps(addr, value)
	if claims {
		imports = imports[:2]
	}
	return append(steps, imports...)
}

// testGeneratedImport imports addr by importID into a configuration that holds only the
// provider block, with the configuration Terraform generates, which must be valid as written
// and plan no change. Being the test's first step, the import goes to addr itself.
func testGeneratedImport(t *testing.T, srv *vidimock.Server, addr, importID string) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv), ResourceName: addr, ImportState: true,
			ImportStateKind: resource.ImportBlockWithID, ImportStateId: importID, GenerateConfig: true,
		}},
	})
}

// identityChecks expects addr's identity in state to be identity.
func identityChecks(addr string, identity map[string]knownvalue.Check) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identity)}
}

// testListQueries runs queries, `terraform query` steps of list blocks (Terraform 1.14), against
// srv. A query step's configuration is a .tfquery.hcl file beside the previous step's
// configuration, so a first step applies the provider block the list blocks name.
func testListQueries(t *testing.T, srv *vidimock.Server, queries ...resource.TestStep) {
	t.Helper()
	steps := []resource.TestStep{{Config: providerBlock(srv)}}
	for _, q := range queries {
		q.Query = true
		steps = append(steps, q)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps:                    steps,
	})
}

// actionsMinVersion: actions and action_trigger need Terraform 1.14.
var actionsMinVersion = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// triggeredAction is an action block plus a terraform_data whose creation and every change
// of input invoke it once, through lifecycle.action_trigger.
func triggeredAction(actionType, body, input string) string {
	return fmt.Sprintf(`
action %[1]q "test" {
  config {
    %[2]s
  }
}

resource "terraform_data" "trigger" {
  input = %[3]q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.%[1]s.test]
    }
  }
}
`, actionType, body, input)
}

// Tests that drive the Terraform CLI themselves, where plugin-testing has no step for what they
// need (`terraform apply -invoke`, a state another provider wrote), serve the providers from
// the test process as plugin-testing does and point the CLI at them with TF_REATTACH_PROVIDERS.

// terraformCLIAtLeast returns the acceptance tests' Terraform CLI (TF_ACC_TERRAFORM_PATH, else
// terraform on PATH), skipping the test without TF_ACC, without a CLI, or when the CLI is older
// than minVersion, which features need.
func terraformCLIAtLeast(t *testing.T, minVersion, features string) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			t.Skip("no Terraform CLI: set TF_ACC_TERRAFORM_PATH")
		}
	}
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", bin, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("decoding %s version -json: %v", bin, err)
	}
	if ver, err := version.NewVersion(v.Version); err != nil || ver.LessThan(version.Must(version.NewVersion(minVersion))) {
		t.Skipf("%s need Terraform %s or later; this CLI is %q", features, minVersion, v.Version)
	}
	return bin
}

// serveProviders serves each provider, by its registry address, from this process. It returns
// the TF_REATTACH_PROVIDERS value that points the CLI at them, and stop, which ends the serving
// and fails the test if a server failed.
func serveProviders(t *testing.T, providers map[string]func() tfprotov6.ProviderServer) (reattach string, stop func()) {
	t.Helper()
	var stops []func()
	stop = func() {
		for _, s := range stops {
			s()
		}
	}
	type addr struct{ Network, String string }
	type config struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	configs := map[string]config{}
	for address, server := range providers {
		ctx, cancel := context.WithCancel(context.Background())
		configCh, closeCh := make(chan *plugin.ReattachConfig), make(chan struct{})
		served := make(chan error, 1)
		go func() {
			served <- tf6server.Serve(address, server, tf6server.WithDebug(ctx, configCh, closeCh),
				tf6server.WithoutLogStderrOverride(), tf6server.WithLoggingSink(t),
				tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
		}()
		var c *plugin.ReattachConfig
		select {
		case c = <-configCh:
		case err := <-served:
			cancel()
			stop()
			t.Fatalf("serving %s: %v", address, err)
		case <-time.After(10 * time.Second):
			cancel()
			stop()
			t.Fatalf("the provider server %s did not start within 10s", address)
		}
		stops = append(stops, func() {
			cancel()
			<-closeCh
			if err := <-served; err != nil {
				t.Errorf("serving %s: %v", address, err)
			}
		})
		configs[address] = config{string(c.Protocol), c.ProtocolVersion, c.Pid, c.Test, addr{c.Addr.Network(), c.Addr.String()}}
	}
	raw, err := json.Marshal(configs)
	if err != nil {
		stop()
		t.Fatal(err)
	}
	return string(raw), stop
}

// terraformBlock opens a configuration that the tests driving the CLI themselves write.
const terraformBlock = `
terraform {
  required_providers {
    vidispine = { source = "mediaops/vidispine" }
  }
}
`

// registryHost is the host the CLI under test resolves provider sources on: OpenTofu
// (make test-tofu sets TF_ACC_PROVIDER_HOST) has its own.
func registryHost() string {
	if h := os.Getenv("TF_ACC_PROVIDER_HOST"); h != "" {
		return h
	}
	return "registry.terraform.io"
}

// providerAddress is this provider's address under the CLI under test.
func providerAddress() string { return registryHost() + "/mediaops/vidispine" }

// terraformCommand prepares one command in dir against a freshly served provider; out collects
// its output, and stop stops the provider once the command has ended.
func terraformCommand(t *testing.T, tf, dir string, args ...string) (cmd *exec.Cmd, out *bytes.Buffer, stop func()) {
	t.Helper()
	reattach, stop := serveProviders(t, map[string]func() tfprotov6.ProviderServer{
		providerAddress(): providerserver.NewProtocol6(newTestProvider(nil)),
	})
	cmd = exec.Command(tf, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_CLI_ARGS=-no-color")
	out = &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	return cmd, out, stop
}

// cliWorkspace is a folder in which a test drives the Terraform CLI tf itself against the
// provider served from the test process, for what plugin-testing has no step for:
// `apply -invoke` (with `-target`), the warnings of an action_trigger with
// `on_failure = continue`, tainted instances, a state another provider wrote.
type cliWorkspace struct {
	t       *testing.T
	tf, dir string
}

// newCLIWorkspace writes config, after terraformBlock, as main.tf into a new folder and runs
// init there.
func newCLIWorkspace(t *testing.T, tf, config string) *cliWorkspace {
	t.Helper()
	w := &cliWorkspace{t: t, tf: tf, dir: t.TempDir()}
	w.write(config)
	w.must("init", "-input=false")
	return w
}

// write replaces main.tf with terraformBlock and config.
func (w *cliWorkspace) write(config string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(terraformBlock+config), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// run runs one command against a freshly served provider and returns its output (stdout and
// stderr) and whether it failed.
func (w *cliWorkspace) run(args ...string) (string, error) {
	w.t.Helper()
	cmd, out, stop := terraformCommand(w.t, w.tf, w.dir, args...)
	defer stop()
	err := cmd.Run()
	return out.String(), err
}

// must runs one command; a failure ends the test.
func (w *cliWorkspace) must(args ...string) string {
	w.t.Helper()
	out, err := w.run(args...)
	if err != nil {
		w.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// mustFail runs one command that must fail; a success ends the test.
func (w *cliWorkspace) mustFail(args ...string) string {
	w.t.Helper()
	out, err := w.run(args...)
	if err == nil {
		w.t.Fatalf("terraform %s succeeded, want a failure:\n%s", strings.Join(args, " "), out)
	}
	return out
}

// instances are the resource instances in state by address, each true when it is tainted
// (`terraform show -json`).
func (w *cliWorkspace) instances() map[string]bool {
	w.t.Helper()
	var state struct {
		Values *struct {
			RootModule struct {
				Resources []struct {
					Address string `json:"address"`
					Tainted bool   `json:"tainted"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	out := w.must("show", "-json")
	if err := json.Unmarshal([]byte(out), &state); err != nil {
		w.t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	got := map[string]bool{}
	if state.Values != nil {
		for _, r := range state.Values.RootModule.Resources {
			got[r.Address] = r.Tainted
		}
	}
	return got
}

// mockRequests reads the mock's request counters by route through its HTTP control API
// (GET /mock/requests), as a load test against a real server would read its access log.
func mockRequests(t *testing.T, srv *vidimock.Server) map[string]int {
	t.Helper()
	var out struct {
		Requests map[string]int `json:"requests"`
	}
	mockJSON(t, srv, http.MethodGet, "/mock/requests", nil, &out)
	return out.Requests
}

func resetMockRequests(t *testing.T, srv *vidimock.Server) {
	t.Helper()
	mockJSON(t, srv, http.MethodDelete, "/mock/requests", nil, nil)
}

const (
	routeListSteps  = "GET /API/task-definition/jobtype/{type}"
	routeStepByID   = "GET /API/task-definition/{id}"
	routeStepByStep = "GET /API/task-definition/jobtype/{type}/step/{step}"
	routeCreateStep = "POST /API/task-definition"
)

// sharedListJobTypes are the custom job types of the shared-list tests.
var sharedListJobTypes = []string{"ACME_SHARE_A", "ACME_SHARE_B", "ACME_SHARE_C"}
