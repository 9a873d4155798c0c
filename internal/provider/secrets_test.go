package provider

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// Distinctive secrets: any occurrence in a log, a plan or a state is a leak, never a
// coincidence.
const (
	secretUser     = "secret-tester"
	secretPassword = "Pw-Zebra-7Q4x-NEVER-LOGGED"
	secretToken    = "Tk-Walrus-9M2v-NEVER-LOGGED"
)

// secretProxy fronts the mock and translates the distinctive credentials into the mock's
// admin user, so the provider authenticates with values that appear nowhere else. It also
// remembers every token the server hands out (GET /API/token), which must not leak either.
type secretProxy struct {
	*httptest.Server
	mu     sync.Mutex
	issued []string
}

func newSecretProxy(t *testing.T, srv *vidimock.Server) *secretProxy {
	t.Helper()
	target, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	p := &secretProxy{}
	rp := httputil.NewSingleHostReverseProxy(target)
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(secretUser+":"+secretPassword))
	rp.Director = func(r *http.Request) {
		r.URL.Scheme, r.URL.Host, r.Host = target.Scheme, target.Host, target.Host
		switch r.Header.Get("Authorization") {
		case basic, "token " + secretToken:
			r.SetBasicAuth(vidimock.AdminUser, vidimock.AdminPassword)
		}
	}
	rp.ModifyResponse = func(resp *http.Response) error {
		if !strings.HasSuffix(resp.Request.URL.Path, "/token") || resp.StatusCode != http.StatusOK {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		resp.Body = io.NopCloser(strings.NewReader(string(body)))
		if tok := strings.TrimSpace(string(body)); tok != "" {
			p.mu.Lock()
			p.issued = append(p.issued, tok)
			p.mu.Unlock()
		}
		return nil
	}
	p.Server = httptest.NewServer(rp)
	t.Cleanup(p.Close)
	return p
}

func (p *secretProxy) secrets() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	basic := base64.StdEncoding.EncodeToString([]byte(secretUser + ":" + secretPassword))
	return append([]string{secretPassword, secretToken, basic}, p.issued...)
}

// leakCheck fails when any secret occurs in text; where names the place.
func leakCheck(where, text string, secrets []string) error {
	for _, s := range secrets {
		if i := strings.Index(text, s); i >= 0 {
			from, to := max(0, i-120), min(len(text), i+len(s)+40)
			return fmt.Errorf("a secret leaked into %s: …%s…", where, strings.ReplaceAll(text[from:to], s, "<SECRET>"))
		}
	}
	return nil
}

// noSecretInPlan checks the plan (resource changes, planned values, prior state, outputs).
// The configuration section is left out: it is where Terraform itself handles the sensitive
// provider attributes.
type noSecretInPlan struct{ secrets func() []string }

func (c noSecretInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	parts := map[string]any{
		"resource changes": req.Plan.ResourceChanges, "planned values": req.Plan.PlannedValues,
		"prior state": req.Plan.PriorState, "output changes": req.Plan.OutputChanges,
		"variables": req.Plan.Variables, "relevant attributes": req.Plan.RelevantAttributes,
	}
	for where, v := range parts {
		raw, err := json.Marshal(v)
		if err != nil {
			resp.Error = err
			return
		}
		if err := leakCheck("the plan's "+where, string(raw), c.secrets()); err != nil {
			resp.Error = err
			return
		}
	}
}

// noSecretInState checks the whole state after apply.
type noSecretInState struct{ secrets func() []string }

func (c noSecretInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	resp.Error = leakCheck("the state", string(raw), c.secrets())
}

// checkLogFile proves the trace log holds the provider's request log with its redacted
// Authorization header (so the check means something) and none of the secrets.
func checkLogFile(t *testing.T, path string, secrets []string, authorization string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the trace log: %v", err)
	}
	log := string(raw)
	for _, want := range []string{"Vidispine request", "Vidispine response", "Authorization: " + authorization + " ***"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the trace log (%d bytes) lacks %q: the provider's debug log did not reach it", len(raw), want)
		}
	}
	if err := leakCheck("the TF_LOG=trace log", log, secrets); err != nil {
		t.Fatal(err)
	}
}

// traceLogTo sends the Terraform CLI's and the in-process provider's logs to a file at trace.
func traceLogTo(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", path)
	t.Setenv("TF_LOG_PATH_MASK", "")
	return path
}

// TestAccSecrets_neverInLogPlanOrState applies a configuration that authenticates once by
// password and once by token, with every log at trace, and looks for the secrets in the
// log file, the plans and the state.
func TestAccSecrets_neverInLogPlanOrState(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobID := startJob(t, srv, "TRANSCODE", map[string]string{"itemId": "VX-7"})
	proxy := newSecretProxy(t, srv)
	logPath := traceLogTo(t, "trace.log")
	// The secrets come from the environment, as in a CI pipeline: the test framework itself
	// writes the step's configuration text into the trace log, so literals there would be
	// found in the log without the provider leaking anything.
	factories := providerFactoriesWithEnv(map[string]string{envPassword: secretPassword, envToken: secretToken})

	cfg := fmt.Sprintf(`
provider "vidispine" {
  url            = %[1]q
  username       = %[2]q
  retry_wait_min = "5ms"
  retry_wait_max = "20ms"
}

provider "vidispine" {
  alias = "token"
  url   = %[1]q
}

resource "vidispine_task_definition" "by_password" {
  job_type    = "TRANSCODE"
  step        = 170
  description = "secrets test"
  script      = "// nothing secret here"
}

resource "vidispine_task_definition" "by_token" {
  provider    = vidispine.token
  job_type    = "TRANSCODE"
  step        = 171
  description = "secrets test, token"
  bean        = "TranscodeBean"
  method      = "run"
}

data "vidispine_job" "by_token" {
  provider = vidispine.token
  job_id   = %[3]q
}

output "status" {
  value = data.vidispine_job.by_token.status
}
`, proxy.URL, secretUser, jobID)

	// Serial: the trace log is switched on through the process environment (TF_LOG,
	// TF_ACC_LOG_PATH), which the CLI and plugin-testing read; t.Setenv rules out t.Parallel.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{noSecretInPlan{proxy.secrets}},
				PostApplyPostRefresh: []plancheck.PlanCheck{noSecretInPlan{proxy.secrets}},
			},
			ConfigStateChecks: []statecheck.StateCheck{noSecretInState{proxy.secrets}},
		}},
	})
	checkLogFile(t, logPath, proxy.secrets(), "Basic")
}

// TestAccSecrets_ephemeralTokenNeverStored hands a token from the ephemeral vidispine_token
// to a second provider configuration: the token the server issued must appear nowhere.
func TestAccSecrets_ephemeralTokenNeverStored(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobID := startJob(t, srv, "TRANSCODE", nil)
	proxy := newSecretProxy(t, srv)
	logPath := traceLogTo(t, "ephemeral.log")
	factories := providerFactoriesWithEnv(map[string]string{envPassword: secretPassword})

	cfg := fmt.Sprintf(`
provider "vidispine" {
  url      = %[1]q
  username = %[2]q
}

ephemeral "vidispine_token" "short" {
  seconds = 300
}

provider "vidispine" {
  alias = "short"
  url   = %[1]q
  token = ephemeral.vidispine_token.short.token
}

resource "vidispine_task_definition" "by_token" {
  provider = vidispine.short
  job_type = "TRANSCODE"
  step     = 172
  script   = "// created with a short-lived token"
}

data "vidispine_job" "by_token" {
  provider = vidispine.short
  job_id   = %[3]q
}
`, proxy.URL, secretUser, jobID)

	// Serial: the trace log is switched on through the process environment (TF_LOG,
	// TF_ACC_LOG_PATH), which the CLI and plugin-testing read; t.Setenv rules out t.Parallel.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{noSecretInPlan{proxy.secrets}},
			},
			ConfigStateChecks: []statecheck.StateCheck{noSecretInState{proxy.secrets}},
		}},
	})
	if len(proxy.secrets()) <= 3 {
		t.Fatal("the server issued no token: the ephemeral resource did not run")
	}
	checkLogFile(t, logPath, proxy.secrets(), "Basic")
}

// TestAccSecrets_notificationSecretsWriteOnly applies an SQS and a JMS notification whose
// secrets are write-only, fed from ephemeral variables (set in the environment, as in CI),
// with every log at trace: the secrets reach the server (GET over the mock's HTTP API) and
// appear nowhere in the plans, the state or the log. A new value without a new version is
// not sent; a new version sends it.
func TestAccSecrets_notificationSecretsWriteOnly(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	logPath := traceLogTo(t, "notifications.log")
	const (
		sqs1, sqs2 = "Sqs-Heron-4K8p-NEVER-LOGGED", "Sqs-Heron-5L9q-NEVER-LOGGED"
		jms1, jms2 = "Jms-Otter-2B7w-NEVER-LOGGED", "Jms-Otter-3C8x-NEVER-LOGGED"
	)
	secrets := func() []string { return []string{sqs1, sqs2, jms1, jms2} }
	t.Setenv("TF_VAR_sqs_secret", sqs1)
	t.Setenv("TF_VAR_jms_password", jms1)
	cfg := func(version int, queue string) string {
		return providerBlock(srv) + fmt.Sprintf(`
variable "sqs_secret" {
  type      = string
  ephemeral = true
  sensitive = true
}

variable "jms_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

resource "vidispine_job_notification" "sqs" {
  trigger = { event = "finished" }
  sqs = {
    queue             = %[2]q
    access_key        = "AKIAEXAMPLE"
    secret_wo         = var.sqs_secret
    secret_wo_version = %[1]d
  }
}

resource "vidispine_job_notification" "jms" {
  trigger = { event = "fail" }
  jms = {
    queue_factory       = "jms/VidispineQCF"
    queue               = "jms/JobEvents"
    username            = "vidispine"
    password_wo         = var.jms_password
    password_wo_version = %[1]d
  }
}
`, version, queue)
	}
	serverSecrets := func(sqs, jms string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			for addr, want := range map[string][2]string{
				"vidispine_job_notification.sqs": {"sqs", sqs}, "vidispine_job_notification.jms": {"jms", jms},
			} {
				id, err := stateID(s, addr)
				if err != nil {
					return err
				}
				member := map[string]string{"sqs": "secret", "jms": "password"}[want[0]]
				if got := serverAction(t, srv, id, want[0])[member]; got != want[1] {
					return fmt.Errorf("the server holds %s %q for %s, want %q", member, got, addr, want[1])
				}
			}
			return nil
		}
	}
	noLeak := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{noSecretInPlan{secrets}},
		PostApplyPostRefresh: []plancheck.PlanCheck{noSecretInPlan{secrets}},
	}
	const queue = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"
	// Serial: the trace log and the variables are switched on through the process environment.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowWriteOnly,
		Steps: []resource.TestStep{
			{
				Config:            cfg(1, queue),
				ConfigPlanChecks:  noLeak,
				ConfigStateChecks: []statecheck.StateCheck{noSecretInState{secrets}},
				Check:             serverSecrets(sqs1, jms1),
			},
			{
				// New values, the same version, another queue: the server keeps the secrets it has.
				PreConfig: func() {
					t.Setenv("TF_VAR_sqs_secret", sqs2)
					t.Setenv("TF_VAR_jms_password", jms2)
				},
				Config:            cfg(1, queue+"-v2"),
				ConfigPlanChecks:  noLeak,
				ConfigStateChecks: []statecheck.StateCheck{noSecretInState{secrets}},
				Check:             serverSecrets(sqs1, jms1),
			},
			{
				// A new version sends the new values.
				Config: cfg(2, queue+"-v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						noSecretInPlan{secrets},
						plancheck.ExpectResourceAction("vidispine_job_notification.sqs", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("vidispine_job_notification.jms", plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{noSecretInPlan{secrets}},
				},
				ConfigStateChecks: []statecheck.StateCheck{noSecretInState{secrets}},
				Check:             serverSecrets(sqs2, jms2),
			},
		},
	})
	checkLogFile(t, logPath, secrets(), "Basic")
}
