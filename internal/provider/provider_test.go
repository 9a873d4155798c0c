package provider

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
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
	var rd io.Reader
	if body != nil {
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
	req.SetBasicAuth(vidimock.AdminUser, vidimock.AdminPassword)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
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

// identityChecks expects addr's identity in state to be identity.
func identityChecks(addr string, identity map[string]knownvalue.Check) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identity)}
}

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
		mockJSON(t, srv, http.MethodPost, fmt.Sprintf("/API/task-definition/jobtype/%s?id=%d", name, typeID+i), nil, nil)
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
			mockJSON(t, srv, http.MethodPost, "/API/task-definition", map[string]any{"task": tasks}, nil)
		}
		mockJSON(t, srv, http.MethodPost, "/API/job/notification", map[string]any{
			"action": map[string]any{"http": map[string]any{
				"url": "https://cms.example/hooks/" + strings.ToLower(name), "method": "POST", "synchronous": false, "timeout": 30,
			}},
			"trigger": map[string]any{"job": map[string]any{"finished": "", "filter": map[string]any{"type": name}}},
		}, nil)
	}
	return names
}

// seedReadPipeline creates, over the mock's HTTP API, a custom job type ACME_READ with steps
// 20 (bean) and 10 (script), posted in that order, and returns the id of step 20.
func seedReadPipeline(t *testing.T, srv *vidimock.Server) string {
	t.Helper()
	mockJSON(t, srv, http.MethodPost, "/API/task-definition/jobtype/ACME_READ?id=20010", nil, nil)
	var created struct {
		URI []string `json:"uri"`
	}
	mockJSON(t, srv, http.MethodPost, "/API/task-definition", map[string]any{"task": []map[string]any{{
		"jobType": "ACME_READ", "step": 20, "description": "Publish", "bean": "PublishBean", "method": "publish",
		"plugin": true, "critical": false, "flags": 2, "dependency": map[string]any{"step": 10, "previous": false, "allPrevious": false},
	}}}, &created)
	mockJSON(t, srv, http.MethodPost, "/API/task-definition", map[string]any{"task": []map[string]any{{
		"jobType": "ACME_READ", "step": 10, "description": "Check", "script": "job.log('check');", "cleanup": false,
	}}}, nil)
	if len(created.URI) != 1 {
		t.Fatalf("POST /API/task-definition returned %v", created.URI)
	}
	return created.URI[0]
}

// faultKinds is every kind of failure a flaky server or network produces: 503, 429 with
// Retry-After, a connection dropped before or after the server acted.
var faultKinds = []string{"503", "429", "drop", "drop-after"}

// faultRetries raises the provider's retries so that setFaults' 20% cannot exhaust them:
// P(11 faults in a row) = 0.2^11 ≈ 2e-8 per request. Retry waits are tiny (providerBlock).
const faultRetries = "max_retries = 10"

// setFaults returns a PreConfig that switches the mock's faults on.
func setFaults(srv *vidimock.Server, seed int64) func() {
	return func() {
		srv.SetFaults(vidimock.Faults{Rate: 0.2, Kinds: faultKinds, RetryAfter: 1, Seed: seed})
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

func hclList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
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

// newestJob is the server's newest job of any user.
func newestJob(t testing.TB, srv *vidimock.Server) serverJob {
	t.Helper()
	var list struct {
		Job []serverJob `json:"job"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/job?user=false&number=1&sort=jobId%20desc", nil, &list)
	if len(list.Job) != 1 {
		t.Fatalf("the server lists no jobs")
	}
	return list.Job[0]
}
