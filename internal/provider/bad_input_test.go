package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// badInputEnv holds the servers the bad-input cases talk to: a healthy mock and servers
// that misbehave in the ways a real installation can.
type badInputEnv struct {
	srv       *vidimock.Server
	jobID     string // a job the admin can read
	tlsURL    string // the mock behind TLS with a certificate from an unknown CA
	otherCA   string // PEM of a CA that did not sign tlsURL's certificate
	htmlURL   string // answers every request with a login page
	garbage   string // answers every request with broken JSON
	hugeURL   string // answers with a body larger than the client's limit
	closedURL string // nothing listens there
}

func newBadInputEnv(t *testing.T) *badInputEnv {
	t.Helper()
	srv := startMock(t, vidimock.Options{})
	env := &badInputEnv{srv: srv, jobID: startJob(t, srv, "THUMBNAIL", nil)}

	tlsSrv := httptest.NewTLSServer(srv.Handler())
	t.Cleanup(tlsSrv.Close)
	env.tlsURL = tlsSrv.URL
	env.otherCA = selfSignedCAPEM(t)

	serve := func(h http.HandlerFunc) string {
		s := httptest.NewServer(h)
		t.Cleanup(s.Close)
		return s.URL
	}
	env.htmlURL = serve(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>" +
			strings.Repeat("<input>", 200) + "</form></body></html>"))
	})
	env.garbage = serve(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"jobId": "VX-1", "status": FINISHED, ][`))
	})
	env.hugeURL = serve(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"jobId":"VX-1","status":"FINISHED","padding":"`))
		chunk := []byte(strings.Repeat("x", 1<<20))
		for i := 0; i < 65; i++ { // 65 MiB, one more than the client reads
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		_, _ = w.Write([]byte(`"}`))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	env.closedURL = "http://" + ln.Addr().String()
	ln.Close()
	return env
}

// selfSignedCAPEM makes a CA certificate that signed nothing the tests talk to.
func selfSignedCAPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(42),
		Subject:               pkix.Name{CommonName: "Unrelated Test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// provider writes a provider block from attribute lines.
func (e *badInputEnv) provider(lines ...string) string {
	return "provider \"vidispine\" {\n  retry_wait_min = \"5ms\"\n  retry_wait_max = \"20ms\"\n  " +
		strings.Join(lines, "\n  ") + "\n}\n"
}

// admin is the provider block for url as the admin user.
func (e *badInputEnv) admin(url string, lines ...string) string {
	return e.provider(append([]string{fmt.Sprintf("url = %q", url), `username = "admin"`, `password = "admin"`}, lines...)...)
}

func (e *badInputEnv) readJob() string { return readJobConfig(e.jobID) }

// badInputCase is one careless input and the diagnostic it must produce.
type badInputCase struct {
	name   string
	config func(e *badInputEnv) string
	expect []string
	// requests, when set, is the exact number of /API requests the mock may see.
	requests int
	// keeps lists resources that legitimately reach the state before the failure (the
	// first of two definitions of one step); nothing else may.
	keeps []string
	// versionCheck gates cases that need a newer CLI (provider functions).
	versionCheck tfversion.TerraformVersionCheck
}

// badInputCases: at least 30 bad inputs, provider-level and resource-level.
func badInputCases() []badInputCase {
	res := func(hcl string) func(e *badInputEnv) string {
		return func(e *badInputEnv) string { return e.admin(e.srv.URL()) + hcl }
	}
	return []badInputCase{
		// Provider configuration.
		{name: "malformed url", expect: []string{"url", "http://", "https://"},
			config: func(e *badInputEnv) string {
				return e.provider(`url = "htp:/vidispine"`, `username = "admin"`, `password = "admin"`) + e.readJob()
			}},
		{name: "url with spaces", expect: []string{"Invalid", "URL"},
			config: func(e *badInputEnv) string {
				return e.provider(`url = "http://vidi spine:8080"`, `username = "admin"`, `password = "admin"`) + e.readJob()
			}},
		{name: "url with credentials", expect: []string{"must not contain credentials"},
			config: func(e *badInputEnv) string { return e.admin("http://admin:admin@127.0.0.1:1") + e.readJob() }},
		{name: "missing credentials", expect: []string{"Missing Vidispine credentials", envUsername, envToken},
			config: func(e *badInputEnv) string { return e.provider(fmt.Sprintf("url = %q", e.srv.URL())) + e.readJob() }},
		{name: "wrong password: 401 without retries", requests: 1,
			expect: []string{"authentication failed", `user "admin"`},
			config: func(e *badInputEnv) string {
				return e.provider(fmt.Sprintf("url = %q", e.srv.URL()), `username = "admin"`, `password = "not-the-password"`, "max_retries = 5") + e.readJob()
			}},
		{name: "unknown user", requests: 1, expect: []string{"authentication failed", `user "mallory"`},
			config: func(e *badInputEnv) string {
				return e.provider(fmt.Sprintf("url = %q", e.srv.URL()), `username = "mallory"`, `password = "x"`) + e.readJob()
			}},
		{name: "wrong token", requests: 1, expect: []string{"authentication failed", "configured token"},
			config: func(e *badInputEnv) string {
				return e.provider(fmt.Sprintf("url = %q", e.srv.URL()), `token = "not-a-token"`) + e.readJob()
			}},
		{name: "run_as without the privilege", expect: []string{"403"},
			config: func(e *badInputEnv) string {
				return e.provider(fmt.Sprintf("url = %q", e.srv.URL()), `username = "carol"`, `password = "carol-pw"`, `run_as = "admin"`) + e.readJob()
			}},
		{name: "tls with an unknown CA", expect: []string{"not trusted", "ca_cert_pem"},
			config: func(e *badInputEnv) string { return e.admin(e.tlsURL) + e.readJob() }},
		{name: "tls with insecure explicitly off", expect: []string{"not trusted", "insecure"},
			config: func(e *badInputEnv) string { return e.admin(e.tlsURL, "insecure = false") + e.readJob() }},
		{name: "tls with the wrong CA", expect: []string{"not trusted"},
			config: func(e *badInputEnv) string {
				return e.admin(e.tlsURL, fmt.Sprintf("ca_cert_pem = %q", e.otherCA)) + e.readJob()
			}},
		{name: "ca_cert_pem that is not PEM", expect: []string{"CA certificate is not valid"},
			config: func(e *badInputEnv) string {
				return e.admin(e.tlsURL, `ca_cert_pem = "MIIB-not-a-certificate"`) + e.readJob()
			}},
		{name: "server answers HTML", expect: []string{"did not answer JSON", "text/html"},
			config: func(e *badInputEnv) string { return e.admin(e.htmlURL) + e.readJob() }},
		{name: "server answers garbage", expect: []string{"could not decode"},
			config: func(e *badInputEnv) string { return e.admin(e.garbage) + e.readJob() }},
		{name: "oversized response", expect: []string{"larger than 64 MiB"},
			config: func(e *badInputEnv) string { return e.admin(e.hugeURL) + e.readJob() }},
		{name: "nothing listening", expect: []string{"connection refused"},
			config: func(e *badInputEnv) string { return e.admin(e.closedURL, "max_retries = 1") + e.readJob() }},

		// Job reads.
		{name: "malformed job id", expect: []string{"job_id", "VX-29"},
			config: res(`data "vidispine_job" "x" { job_id = "42" }`)},
		{name: "unknown job", expect: []string{"VX-999999", "not found"},
			config: res(`data "vidispine_job" "x" { job_id = "VX-999999" }`)},
		{name: "jobs: unknown state", expect: []string{"states", "RUNNING", "FINISHED"},
			config: res(`data "vidispine_jobs" "x" { states = ["RUNNING"] }`)},
		{name: "jobs: unknown sort field", expect: []string{"sort", "jobId"},
			config: res(`data "vidispine_jobs" "x" { sort = "colour asc" }`)},
		{name: "jobs: max_results zero", expect: []string{"max_results"},
			config: res(`data "vidispine_jobs" "x" { max_results = 0 }`)},
		{name: "jobs: malformed item id", expect: []string{"item_id", "VX-29"},
			config: res(`data "vidispine_jobs" "x" { item_id = "item 7" }`)},
		{name: "jobs: time that is not ISO-8601", expect: []string{"started_after"},
			config: res(`data "vidispine_jobs" "x" { started_after = "yesterday" }`)},
		{name: "jobs: empty time window", expect: []string{"finished_after", "finished_before"},
			config: res(`data "vidispine_jobs" "x" {
  finished_after  = "2026-05-02T00:00:00Z"
  finished_before = "2026-05-01T00:00:00Z"
}`)},
		{name: "job count: lower-case job type", expect: []string{"types"},
			config: res(`data "vidispine_job_count" "x" { types = ["transcode"] }`)},
		{name: "job count: unknown priority", expect: []string{"priorities", "URGENT", "HIGHEST"},
			config: res(`data "vidispine_job_count" "x" { priorities = ["URGENT"] }`)},
		{name: "job access: unknown action", expect: []string{"action", "view", "rerun"},
			config: res(`data "vidispine_job_access" "x" {
  job_id = "VX-1"
  user   = "alice"
  action = "delete"
}`)},

		// Task definitions and job types.
		{name: "task definition: both script and bean", expect: []string{"script", "bean"},
			config: res(`resource "vidispine_task_definition" "x" {
  job_type = "TRANSCODE"
  step     = 150
  script   = "// js"
  bean     = "TranscodeBean"
  method   = "run"
}`)},
		{name: "task definition: neither script nor bean", expect: []string{"script", "bean"},
			config: res(`resource "vidispine_task_definition" "x" {
  job_type = "TRANSCODE"
  step     = 151
}`)},
		{name: "task definition: bean without method", expect: []string{"method"},
			config: res(`resource "vidispine_task_definition" "x" {
  job_type = "TRANSCODE"
  step     = 152
  bean     = "TranscodeBean"
}`)},
		{name: "task definition: negative step", expect: []string{"step", "between 0 and 2147483647"},
			config: res(`resource "vidispine_task_definition" "x" {
  job_type = "TRANSCODE"
  step     = -1
  script   = "// js"
}`)},
		{name: "task definition: negative dependency step", expect: []string{"dependency", "step"},
			config: res(`resource "vidispine_task_definition" "x" {
  job_type   = "TRANSCODE"
  step       = 153
  script     = "// js"
  dependency = { step = -3 }
}`)},
		{name: "task definition: duplicate steps in the configuration", expect: []string{"TRANSCODE", "160"},
			keeps: []string{"vidispine_task_definition.a"},
			config: res(`resource "vidispine_task_definition" "a" {
  job_type = "TRANSCODE"
  step     = 160
  script   = "// a"
}
resource "vidispine_task_definition" "b" {
  job_type   = "TRANSCODE"
  step       = 160
  script     = "// b"
  depends_on = [vidispine_task_definition.a]
}`)},
		{name: "task definition: unknown job type", expect: []string{"NO_SUCH_TYPE"},
			config: res(`resource "vidispine_task_definition" "x" {
  job_type = "NO_SUCH_TYPE"
  step     = 1
  script   = "// js"
}`)},
		{name: "job type: id below range", expect: []string{"type_id", "20000", "30000"},
			config: res(`resource "vidispine_job_type" "x" {
  name    = "ACME_LOW"
  type_id = 19999
}`)},
		{name: "job type: id above range", expect: []string{"type_id", "20000", "30000"},
			config: res(`resource "vidispine_job_type" "x" {
  name    = "ACME_HIGH"
  type_id = 30001
}`)},
		{name: "job type: built-in name", expect: []string{"TRANSCODE", "built-in"},
			config: res(`resource "vidispine_job_type" "x" {
  name    = "TRANSCODE"
  type_id = 20100
}`)},
		{name: "job type: not an upper-case identifier", expect: []string{"name"},
			config: res(`resource "vidispine_job_type" "x" {
  name    = "my pipeline"
  type_id = 20101
}`)},

		// Job actions.
		{name: "job priority: unknown value", expect: []string{"priority", "URGENT", "IMMEDIATE", "LOWEST"},
			config: res(`resource "vidispine_job_priority" "x" {
  job_id   = "VX-1"
  priority = "URGENT"
}`)},
		{name: "job priority: malformed job id", expect: []string{"job_id", "VX-29"},
			config: res(`resource "vidispine_job_priority" "x" {
  job_id   = "job one"
  priority = "HIGH"
}`)},
		{name: "job priority: unknown job", expect: []string{"VX-999999"},
			config: res(`resource "vidispine_job_priority" "x" {
  job_id   = "VX-999999"
  priority = "HIGH"
}`)},
		{name: "job rerun: unknown priority", expect: []string{"priority", "NOW"},
			config: res(`resource "vidispine_job_rerun" "x" {
  job_id   = "VX-1"
  priority = "NOW"
}`)},
		{name: "notification: unknown event", expect: []string{"event", "finished", "done"},
			config: res(`resource "vidispine_job_notification" "x" {
  trigger = { event = "done" }
  http    = { url = "http://hooks.example.com/x" }
}`)},
		{name: "notification: two actions", expect: []string{"http", "javascript"},
			config: res(`resource "vidispine_job_notification" "x" {
  trigger    = { event = "finished" }
  http       = { url = "http://hooks.example.com/x" }
  javascript = { script = "// js" }
}`)},
		{name: "notification: no action", expect: []string{"http", "javascript"},
			config: res(`resource "vidispine_job_notification" "x" {
  trigger = { event = "finished" }
}`)},
		{name: "notification: malformed hook url", expect: []string{"url"},
			config: res(`resource "vidispine_job_notification" "x" {
  trigger = { event = "finished" }
  http    = { url = "hooks example com" }
}`)},
		{name: "function: unknown state", versionCheck: tfversion.SkipBelow(tfversion.Version1_8_0), expect: []string{"DONE", "FINISHED"},
			config: res(`output "x" { value = provider::vidispine::job_state_is_terminal("DONE") }`)},
	}
}

// TestAccProvider_badInput feeds the provider careless input: each case must fail with its clear
// diagnostic, and nothing may reach the state (CheckDestroy runs only when the state holds
// something, so any call of it is a failure).
func TestAccProvider_badInput(t *testing.T) {
	t.Parallel()
	e := newBadInputEnv(t)
	cases := badInputCases()
	if len(cases) < 30 {
		t.Fatalf("only %d bad inputs; the issue asks for at least 30", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ce := e
			if tc.requests > 0 {
				// Counting requests needs a server of its own.
				own := *e
				own.srv = startMock(t, vidimock.Options{})
				own.jobID = startJob(t, own.srv, "THUMBNAIL", nil)
				own.srv.ResetRequests()
				ce = &own
			}
			tcase := resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				CheckDestroy: func(s *terraform.State) error {
					if got := stateAddresses(s); !slices.Equal(got, tc.keeps) {
						return fmt.Errorf("the failed run left %v in state, want only %v", got, tc.keeps)
					}
					return nil
				},
				Steps: []resource.TestStep{{
					Config:      tc.config(ce),
					ExpectError: expectErrorRegex(tc.expect...),
				}},
			}
			if tc.versionCheck != nil {
				tcase.TerraformVersionChecks = []tfversion.TerraformVersionCheck{tc.versionCheck}
			}
			resource.ParallelTest(t, tcase)
			if tc.requests > 0 {
				if got := allRequests(ce.srv); got != tc.requests {
					t.Errorf("the mock saw %d requests, want exactly %d (no retry): %v", got, tc.requests, ce.srv.Requests())
				}
			}
		})
	}
}

func stateAddresses(s *terraform.State) []string {
	var out []string
	for _, m := range s.Modules {
		for addr := range m.Resources {
			out = append(out, addr)
		}
	}
	sort.Strings(out)
	return out
}
