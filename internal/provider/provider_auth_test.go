package provider

import (
	"crypto/tls"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/testcerts"
	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// Distinctive OAuth2 secrets: any occurrence in a log, a plan or a state is a leak.
const (
	testAudience     = "api://vidicore-test"
	testClientID     = "terraform-ci"
	testClientSecret = "Cs-Narwhal-5K8p-NEVER-LOGGED"
)

var testBearerKey = []byte("Key-Ibex-3R7t-mock-signing-key")

// startBearerMock starts a mock that accepts bearer tokens signed with testBearerKey for
// testAudience. It counts the statuses it answers ("401": n).
func startBearerMock(t *testing.T) (*vidimock.Server, *statusCounter) {
	t.Helper()
	sc := &statusCounter{n: map[string]int{}, clock: vidimock.NewManualClock(testEpoch)}
	srv := startMock(t, vidimock.Options{Clock: sc.clock, Logf: sc.logf,
		Bearer: &vidimock.BearerOptions{Key: testBearerKey, Audience: testAudience}})
	return srv, sc
}

// statusCounter counts the mock's answers by status from its request log and, while advance
// is set, moves the mock's clock forward after every successful answer: time passes per
// request, however fast or slow the machine.
type statusCounter struct {
	mu      sync.Mutex
	n       map[string]int
	clock   *vidimock.Clock
	advance time.Duration
}

func (s *statusCounter) logf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if _, status, ok := strings.Cut(line, " -> "); ok {
		s.mu.Lock()
		defer s.mu.Unlock()
		code := strings.Fields(status)[0]
		s.n[code]++
		if code == "200" && s.advance > 0 {
			s.clock.Advance(s.advance)
		}
	}
}

func (s *statusCounter) advanceEach(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance = d
}

func (s *statusCounter) get(status string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[status]
}

// mintJWT signs a token for user, living lifetime on srv's clock.
func mintJWT(t testing.TB, srv *vidimock.Server, user, audience string, lifetime time.Duration) string {
	t.Helper()
	now := srv.Clock().Now()
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"unique_name": user, "aud": audience, "iat": now.Unix(), "exp": now.Add(lifetime).Unix(),
	}).SignedString(testBearerKey)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// testIdP is an OAuth2 token endpoint for testClientID, minting tokens for the mock's admin
// that live lifetime on the mock's clock; it tells the client they live expiresIn seconds.
type testIdP struct {
	*httptest.Server
	srv       *vidimock.Server
	lifetime  time.Duration
	expiresIn int

	mu      sync.Mutex
	issued  []string
	refused int
}

func newTestIdP(t *testing.T, srv *vidimock.Server, lifetime time.Duration, expiresIn int) *testIdP {
	idp := &testIdP{srv: srv, lifetime: lifetime, expiresIn: expiresIn}
	idp.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		id, secret, ok := r.BasicAuth()
		if !ok {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		w.Header().Set("Content-Type", "application/json")
		idp.mu.Lock()
		defer idp.mu.Unlock()
		if id != testClientID || secret != testClientSecret || r.PostForm.Get("grant_type") != "client_credentials" ||
			r.PostForm.Get("scope") != "vidicore.all" || r.PostForm.Get("audience") != testAudience {
			idp.refused++
			w.WriteHeader(http.StatusUnauthorized)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client", "error_description": "client authentication failed"})
			return
		}
		tok := mintJWT(t, srv, vidimock.AdminUser, testAudience, idp.lifetime)
		idp.issued = append(idp.issued, tok)
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": idp.expiresIn})
	}))
	t.Cleanup(idp.Close)
	return idp
}

func (idp *testIdP) tokens() []string {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	return append([]string(nil), idp.issued...)
}

func (idp *testIdP) providerBlock(srv *vidimock.Server, extra ...string) string {
	return fmt.Sprintf(`
provider "vidispine" {
  url            = %q
  retry_wait_min = "5ms"
  retry_wait_max = "50ms"
  %s
  client_credentials {
    token_url = "%s/oauth2/token"
    client_id = %q
    scopes    = ["vidicore.all"]
    audience  = %q
  }
}
`, srv.URL(), strings.Join(extra, "\n  "), idp.URL, testClientID, testAudience)
}

func TestAccProvider_bearerToken(t *testing.T) {
	srv, statuses := startBearerMock(t)
	jobID := startJob(t, srv, "THUMBNAIL", nil)
	valid := mintJWT(t, srv, vidimock.AdminUser, testAudience, time.Hour)
	block := func(tok string) string {
		return fmt.Sprintf("provider \"vidispine\" {\n  url = %q\n  bearer_token = %q\n}\n", srv.URL(), tok)
	}
	resource.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   block(valid) + readJobConfig(jobID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("type"), knownvalue.StringExact("THUMBNAIL")),
				},
			},
			{
				// From the environment, as a pipeline hands it over.
				ProtoV6ProviderFactories: providerFactoriesWithEnv(map[string]string{envBearerToken: valid}),
				Config:                   fmt.Sprintf("provider \"vidispine\" {\n  url = %q\n}\n", srv.URL()) + readJobConfig(jobID),
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   block(mintJWT(t, srv, "mallory", testAudience, time.Hour)) + readJobConfig(jobID),
				ExpectError:              errorWords("authentication failed for the configured bearer token: User was not found: mallory (HTTP 401)"),
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   block(mintJWT(t, srv, vidimock.AdminUser, "api://elsewhere", time.Hour)) + readJobConfig(jobID),
				ExpectError:              errorWords("authentication failed for the configured bearer token: Token audience does not contain the expected audience " + testAudience),
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   block(mintJWT(t, srv, vidimock.AdminUser, testAudience, -time.Minute)) + readJobConfig(jobID),
				ExpectError:              errorWords("authentication failed for the configured bearer token: Token has expired"),
			},
		},
	})
	// A static token cannot be renewed: each refusal is final (one request each).
	if n := statuses.get("401"); n != 3 {
		t.Errorf("the mock refused %d requests, want 3 (no retries of a 401)", n)
	}
}

// A token is fetched from the identity provider and reused while it is valid.
func TestAccProvider_clientCredentials(t *testing.T) {
	srv, statuses := startBearerMock(t)
	idp := newTestIdP(t, srv, time.Hour, 3600)
	env := map[string]string{envClientSecret: testClientSecret}
	resource.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// Wrong secret: the identity provider's own error, and nothing sent to VidiCore.
				ProtoV6ProviderFactories: providerFactoriesWithEnv(map[string]string{envClientSecret: "wrong-" + testClientSecret}),
				Config:                   idp.providerBlock(srv) + readJobConfig("VX-1"),
				ExpectError:              errorWords("could not get an OAuth2 token from " + idp.URL + `/oauth2/token: oauth2: "invalid_client" "client authentication failed"`),
			},
			{
				ProtoV6ProviderFactories: providerFactoriesWithEnv(env),
				Config: idp.providerBlock(srv) + `
resource "vidispine_task_definition" "oidc" {
  job_type    = "TRANSCODE"
  step        = 180
  description = "made with a client-credentials token"
  script      = "// oidc"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("vidispine_task_definition.oidc", tfjsonpath.New("step"), knownvalue.Int64Exact(180)),
				},
				Check: func(*terraform.State) error {
					if got := serverStep(t, srv, "TRANSCODE", 180); got.Description != "made with a client-credentials token" {
						return fmt.Errorf("the server holds %+v", got)
					}
					return nil
				},
			},
		},
	})
	// A token per configured provider (each Terraform command configures one), reused for
	// the requests of that command: fewer tokens than requests.
	if tokens, requests := len(idp.tokens()), statuses.get("200"); tokens == 0 || tokens >= requests {
		t.Errorf("%d tokens for %d successful requests: tokens are not reused", tokens, requests)
	}
	if statuses.get("401") != 0 {
		t.Errorf("the mock refused %d requests", statuses.get("401"))
	}
}

// The token expires in the middle of an apply: the server's clock moves 30 s with every
// request it answers, and a token lives 70 s on it (the identity provider says an hour, so
// the provider has no reason to renew it early). Each refused token is renewed once and the
// request sent again, creates included; a second refusal would fail the apply.
func TestAccProvider_clientCredentialsRenewedMidApply(t *testing.T) {
	srv, statuses := startBearerMock(t)
	idp := newTestIdP(t, srv, 70*time.Second, 3600)
	var cfg strings.Builder
	cfg.WriteString(idp.providerBlock(srv))
	for i := range 4 {
		dependsOn := ""
		if i > 0 {
			dependsOn = fmt.Sprintf("depends_on = [vidispine_task_definition.step%d]", i-1)
		}
		fmt.Fprintf(&cfg, `
resource "vidispine_task_definition" "step%d" {
  job_type = "TRANSCODE"
  step     = %d
  script   = "// step %d"
  %s
}
`, i, 190+i, i, dependsOn)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithEnv(map[string]string{envClientSecret: testClientSecret}),
		Steps: []resource.TestStep{{
			PreConfig: func() { statuses.advanceEach(30 * time.Second) },
			Config:    cfg.String(),
			Check: func(*terraform.State) error {
				statuses.advanceEach(0)
				for i := range 4 {
					serverStep(t, srv, "TRANSCODE", 190+i)
				}
				return nil
			},
		}},
	})
	if refused := statuses.get("401"); refused == 0 || len(idp.tokens()) <= refused {
		t.Errorf("%d requests refused, %d tokens fetched: the token did not expire mid-apply, or was not renewed", refused, len(idp.tokens()))
	}
	t.Logf("%d tokens expired mid-run and were renewed; %d tokens fetched", statuses.get("401"), len(idp.tokens()))
}

// A token that expires within the renewal margin (10 s) is renewed before the next request:
// no request ever carries a token about to expire, and the server refuses none.
func TestAccProvider_clientCredentialsShortLivedTokens(t *testing.T) {
	srv, statuses := startBearerMock(t)
	idp := newTestIdP(t, srv, 5*time.Second, 5)
	jobID := startJob(t, srv, "THUMBNAIL", nil)
	before := statuses.get("200")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithEnv(map[string]string{envClientSecret: testClientSecret}),
		Steps: []resource.TestStep{{
			Config: idp.providerBlock(srv) + readJobConfig(jobID),
		}},
	})
	if tokens, requests := len(idp.tokens()), statuses.get("200")-before; tokens < requests || statuses.get("401") != 0 {
		t.Errorf("%d tokens for %d requests (%d refused): short-lived tokens were reused", tokens, requests, statuses.get("401"))
	}
}

// The mock behind a TLS proxy that requires a client certificate signed by its CA.
func TestAccProvider_clientCertificate(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobID := startJob(t, srv, "THUMBNAIL", nil)
	ca := testcerts.NewCA(t)
	proxy := httptest.NewUnstartedServer(srv.Handler())
	proxy.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: ca.Pool(), MinVersion: tls.VersionTLS12}
	proxy.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	proxy.StartTLS()
	t.Cleanup(proxy.Close)
	serverCA := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: proxy.Certificate().Raw}))
	cert, key := ca.ClientCert(t)
	strangerCert, strangerKey := testcerts.NewCA(t).ClientCert(t)

	block := func(lines ...string) string {
		return fmt.Sprintf("provider \"vidispine\" {\n  url = %q\n  username = %q\n  password = %q\n  ca_cert_pem = %q\n  max_retries = 1\n  %s\n}\n",
			proxy.URL, vidimock.AdminUser, vidimock.AdminPassword, serverCA, strings.Join(lines, "\n  "))
	}
	resource.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   block() + readJobConfig(jobID),
				ExpectError:              errorWords("the server refused the TLS connection (remote error: tls: certificate required); if it asks for a client certificate, configure client_cert_pem and client_key_pem"),
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   block(fmt.Sprintf("client_cert_pem = %q", strangerCert), fmt.Sprintf("client_key_pem = %q", strangerKey)) + readJobConfig(jobID),
				ExpectError:              errorWords("the server refused the TLS connection"),
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   block(fmt.Sprintf("client_cert_pem = %q", cert), fmt.Sprintf("client_key_pem = %q", key)) + readJobConfig(jobID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("type"), knownvalue.StringExact("THUMBNAIL")),
				},
			},
			{
				// The certificate and key from the environment.
				ProtoV6ProviderFactories: providerFactoriesWithEnv(map[string]string{envClientCertPEM: cert, envClientKeyPEM: key}),
				Config:                   block() + readJobConfig(jobID),
			},
		},
	})
}

// oauthSecrets are the secrets of an OAuth2 test: what it configured and every token the
// identity provider issued.
type oauthSecrets struct {
	idp        *testIdP
	configured []string
}

func (o oauthSecrets) secrets() []string {
	return append(append([]string{testClientSecret, string(testBearerKey)}, o.configured...), o.idp.tokens()...)
}

// TestAccSecrets_bearerTokensNeverInLogPlanOrState authenticates with a static bearer token
// and with client credentials, refused and accepted, with every log at trace, and looks for
// the token, the client secret and the tokens the identity provider issued in the log, the
// plans and the state.
func TestAccSecrets_bearerTokensNeverInLogPlanOrState(t *testing.T) {
	srv, _ := startBearerMock(t)
	idp := newTestIdP(t, srv, time.Hour, 3600)
	valid := mintJWT(t, srv, vidimock.AdminUser, testAudience, time.Hour)
	unknownUser := mintJWT(t, srv, "mallory", testAudience, time.Hour)
	secrets := oauthSecrets{idp: idp, configured: []string{valid, unknownUser}}
	logPath := traceLogTo(t, "oauth.log")

	resources := `
resource "vidispine_task_definition" "oauth" {
  job_type = "TRANSCODE"
  step     = 185
  script   = "// made with an OAuth2 token"
}
`
	byClientCredentials := idp.providerBlock(srv) + resources
	byBearerToken := fmt.Sprintf("provider \"vidispine\" {\n  url = %q\n}\n", srv.URL()) + resources
	// The secrets come from the environment: the test framework writes the configuration
	// text into the trace log itself. One provider configuration per step: the test
	// framework serves every alias of a step from one provider server.
	env := func(bearer, clientSecret string) map[string]string {
		return map[string]string{envBearerToken: bearer, envClientSecret: clientSecret}
	}
	checks := func(step resource.TestStep) resource.TestStep {
		step.ConfigPlanChecks = resource.ConfigPlanChecks{
			PreApply:             []plancheck.PlanCheck{noSecretInPlan{secrets.secrets}},
			PostApplyPostRefresh: []plancheck.PlanCheck{noSecretInPlan{secrets.secrets}},
		}
		step.ConfigStateChecks = []statecheck.StateCheck{noSecretInState{secrets.secrets}}
		return step
	}
	// Serial: the trace log is switched on through the process environment.
	resource.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: providerFactoriesWithEnv(env(unknownUser, "")),
				Config:                   byBearerToken,
				ExpectError:              errorWords("User was not found: mallory"),
			},
			{
				ProtoV6ProviderFactories: providerFactoriesWithEnv(env("", "wrong-"+testClientSecret)),
				Config:                   byClientCredentials,
				ExpectError:              errorWords(`"invalid_client"`),
			},
			checks(resource.TestStep{
				ProtoV6ProviderFactories: providerFactoriesWithEnv(env("", testClientSecret)),
				Config:                   byClientCredentials,
			}),
			checks(resource.TestStep{
				ProtoV6ProviderFactories: providerFactoriesWithEnv(env(valid, "")),
				Config:                   byBearerToken,
			}),
		},
	})
	if len(idp.tokens()) == 0 {
		t.Fatal("the identity provider issued no token")
	}
	checkLogFile(t, logPath, secrets.secrets(), "Bearer")
}
