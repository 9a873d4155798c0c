package vidispine

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mediaops/terraform-provider-vidispine/internal/testcerts"
)

const testClientSecret = "cs-0AUTH-secret-never-logged"

// tokenEndpoint is an OAuth2 token endpoint for one client; it hands out tok-1, tok-2, ...
// living expiresIn seconds.
type tokenEndpoint struct {
	*httptest.Server
	mu        sync.Mutex
	expiresIn int
	status    []int // answers before the tokens, e.g. 503 (consumed in order)
	forms     []string
	issued    []string
}

func newTokenEndpoint(t *testing.T, expiresIn int) *tokenEndpoint {
	te := &tokenEndpoint{expiresIn: expiresIn}
	te.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		te.mu.Lock()
		defer te.mu.Unlock()
		_ = r.ParseForm()
		te.forms = append(te.forms, r.PostForm.Encode())
		if len(te.status) > 0 {
			s := te.status[0]
			te.status = te.status[1:]
			writeJSON(w, s, map[string]string{"error": "temporarily_unavailable"})
			return
		}
		id, secret, ok := r.BasicAuth()
		if !ok { // the other style oauth2 tries when the first is refused
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		if id != "ci" || secret != testClientSecret || r.PostForm.Get("grant_type") != "client_credentials" {
			// A careless endpoint that echoes what it got.
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "bad secret " + secret})
			return
		}
		tok := fmt.Sprintf("tok-%d", len(te.issued)+1)
		te.issued = append(te.issued, tok)
		writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": te.expiresIn})
	}))
	t.Cleanup(te.Close)
	return te
}

func (te *tokenEndpoint) tokens() []string {
	te.mu.Lock()
	defer te.mu.Unlock()
	return append([]string(nil), te.issued...)
}

func clientCredentials(te *tokenEndpoint, secret string) func(*Config) {
	return func(cfg *Config) {
		cfg.Username, cfg.Password = "", ""
		cfg.ClientCredentials = &ClientCredentials{
			TokenURL: te.URL + "/oauth2/token", ClientID: "ci", ClientSecret: secret,
			Scopes: []string{"vidicore", "jobs"}, Audience: "https://vidicore.example.com",
			Params: map[string]string{"resource": "vidicore"},
		}
	}
}

// bearerServer answers GET /API/job with hits 1 and records the Authorization headers; refuse
// decides which bearer tokens get a 401.
func bearerServer(t *testing.T, refuse func(token string, seen int) bool) (*httptest.Server, *requestLog) {
	var seen requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		body, _ := io.ReadAll(r.Body)
		seen.add(r.Method + " " + tok + " " + string(body))
		if refuse != nil && refuse(tok, len(seen.list())) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, "401 Not authorized\r\nReason: Token has expired\r\n")
			return
		}
		if r.Method == http.MethodPut {
			writeJSON(w, http.StatusOK, map[string]any{"name": "g"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"hits": 1})
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func TestStaticBearerToken(t *testing.T) {
	const jwt = "eyJhbGciOi.static-jwt.SIGNATURE"
	srv, seen := bearerServer(t, nil)
	c := newTestClientFor(t, srv, func(cfg *Config) { cfg.Username, cfg.Password, cfg.BearerToken = "", "", jwt })
	raw, _ := logLines(t, func(ctx context.Context) {
		if _, err := c.CountJobs(ctx, ListJobsOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	if got := seen.list(); len(got) != 1 || got[0] != "GET "+jwt+" " {
		t.Errorf("server saw %q", got)
	}
	if !strings.Contains(raw, "Authorization: Bearer ***") || strings.Contains(raw, "static-jwt") {
		t.Errorf("log: %s", raw)
	}

	// A server that echoes the refused token in its reason: the error shows *** instead.
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, "401 Unauthorized\r\nReason: User was not found in "+r.Header.Get("Authorization")+"\r\n")
	}))
	defer echo.Close()
	_, err := newTestClientFor(t, echo, func(cfg *Config) { cfg.Username, cfg.Password, cfg.BearerToken = "", "", jwt }).CountJobs(context.Background(), ListJobsOptions{})
	if err == nil || strings.Contains(err.Error(), "static-jwt") ||
		!strings.Contains(err.Error(), "authentication failed for the configured bearer token: User was not found in Bearer ***") {
		t.Errorf("error: %v", err)
	}
}

func TestClientCredentialsTokenIsFetchedOnceAndReused(t *testing.T) {
	te := newTokenEndpoint(t, 3600)
	srv, seen := bearerServer(t, nil)
	c := newTestClientFor(t, srv, clientCredentials(te, testClientSecret))
	raw, _ := logLines(t, func(ctx context.Context) {
		for range 3 {
			if _, err := c.CountJobs(ctx, ListJobsOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	})
	if got := te.tokens(); len(got) != 1 {
		t.Errorf("tokens fetched: %v, want one for three requests", got)
	}
	for _, s := range seen.list() {
		if s != "GET tok-1 " {
			t.Errorf("server saw %q, want the fetched token", s)
		}
	}
	form := te.forms[0]
	for _, want := range []string{"grant_type=client_credentials", "scope=vidicore+jobs", "audience=https%3A%2F%2Fvidicore.example.com", "resource=vidicore"} {
		if !strings.Contains(form, want) {
			t.Errorf("token request %q lacks %q", form, want)
		}
	}
	if strings.Contains(raw, "tok-1") || strings.Contains(raw, testClientSecret) || !strings.Contains(raw, "Authorization: Bearer ***") {
		t.Errorf("log leaks or lacks the header: %s", raw)
	}
}

// A token that expires within oauth2's margin (10 s) is renewed before the next request:
// no request is sent with a token about to expire.
func TestClientCredentialsRenewsATokenBeforeItExpires(t *testing.T) {
	te := newTokenEndpoint(t, 5)
	srv, seen := bearerServer(t, nil)
	c := newTestClientFor(t, srv, clientCredentials(te, testClientSecret))
	for range 3 {
		if _, err := c.CountJobs(context.Background(), ListJobsOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"GET tok-1 ", "GET tok-2 ", "GET tok-3 "}
	if got := seen.list(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("server saw %q, want %q", got, want)
	}
}

// The server refuses a cached token (its clock runs ahead, or the token was revoked): the
// client renews it once and sends the same request again, body and all.
func TestClientCredentialsRenewOnceOn401(t *testing.T) {
	te := newTokenEndpoint(t, 3600)
	refused := map[string]bool{}
	var mu sync.Mutex
	srv, seen := bearerServer(t, func(tok string, n int) bool {
		mu.Lock()
		defer mu.Unlock()
		return n > 1 && tok == "tok-1" || refused[tok]
	})
	c := newTestClientFor(t, srv, clientCredentials(te, testClientSecret))
	ctx := context.Background()
	if _, err := c.CountJobs(ctx, ListJobsOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := c.do(ctx, &request{method: "PUT", path: "/task-group/g", body: map[string]string{"name": "g"}}, nil); err != nil {
		t.Fatalf("after renewal: %v", err)
	}
	got := seen.list()
	if len(got) != 3 || !strings.HasPrefix(got[1], "PUT tok-1 {") || got[2] != strings.Replace(got[1], "tok-1", "tok-2", 1) {
		t.Errorf("server saw %q, want the PUT refused with tok-1 and repeated unchanged with tok-2", got)
	}

	// A fresh token that is refused is not renewed: the second 401 is final.
	mu.Lock()
	refused["tok-2"], refused["tok-3"] = true, true
	mu.Unlock()
	before := len(seen.list())
	_, err := c.CountJobs(ctx, ListJobsOptions{})
	if err == nil || !strings.Contains(err.Error(), `authentication failed for OAuth2 client "ci"`) || !strings.Contains(err.Error(), "Token has expired") {
		t.Errorf("error: %v", err)
	}
	if n := len(seen.list()) - before; n != 2 {
		t.Errorf("%d requests for a refused token, want 2 (the cached one, then one renewal)", n)
	}
	if len(c.recordedWaits()) != 0 {
		t.Errorf("a 401 was retried with backoff: %v", c.recordedWaits())
	}
}

func TestClientCredentialsRefusedByTheTokenEndpoint(t *testing.T) {
	te := newTokenEndpoint(t, 3600)
	srv, seen := bearerServer(t, nil)
	c := newTestClientFor(t, srv, clientCredentials(te, "wrong-"+testClientSecret))
	raw, _ := logLines(t, func(ctx context.Context) {
		_, err := c.CountJobs(ctx, ListJobsOptions{})
		if err == nil || !strings.Contains(err.Error(), "could not get an OAuth2 token from "+te.URL) || !strings.Contains(err.Error(), "invalid_client") {
			t.Errorf("error: %v", err)
		}
		if err != nil && strings.Contains(err.Error(), testClientSecret) {
			t.Errorf("the error shows the client secret: %v", err)
		}
	})
	if strings.Contains(raw, testClientSecret) {
		t.Errorf("the log shows the client secret: %s", raw)
	}
	// oauth2 asks once with the secret as basic credentials and once in the form (it does not
	// know which the endpoint wants); a refusal is not retried beyond that.
	if len(te.forms) != 2 || len(seen.list()) != 0 || len(c.recordedWaits()) != 0 {
		t.Errorf("token requests %d (want 2), API requests %d (want 0), retries %v", len(te.forms), len(seen.list()), c.recordedWaits())
	}

	// An endpoint that is briefly unavailable is asked again, even for a create: the
	// Vidispine server has seen nothing.
	te.status = []int{http.StatusServiceUnavailable, http.StatusServiceUnavailable}
	ok := newTestClientFor(t, srv, clientCredentials(te, testClientSecret))
	create := ok.newCall(context.Background(), &request{method: "POST", path: "/job", body: map[string]string{}})
	create.nonIdempotent = true
	_, err := create.send()
	if err != nil || len(ok.recordedWaits()) != 1 || len(seen.list()) != 1 {
		t.Errorf("after a 503 of the token endpoint: %v (retries %v, API requests %d)", err, ok.recordedWaits(), len(seen.list()))
	}

	for _, bad := range []string{"", "token.example.com/oauth", "ftp://idp.example.com/token", "https://u:p@idp/token"} {
		_, err := NewClient(Config{URL: srv.URL, ClientCredentials: &ClientCredentials{TokenURL: bad, ClientID: "ci"}})
		if err == nil || !strings.Contains(err.Error(), "token URL") {
			t.Errorf("token URL %q: %v", bad, err)
		}
	}
}

func TestClientCertificate(t *testing.T) {
	ca := testcerts.NewCA(t)
	var c counter
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.add(r)
		writeJSON(w, 200, map[string]any{"hits": 2})
	}))
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: ca.Pool(), MinVersion: tls.VersionTLS12}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	srv.StartTLS()
	defer srv.Close()
	clientCert, clientKey := ca.ClientCert(t)
	ctx := context.Background()

	with := newTestClientFor(t, srv, func(cfg *Config) {
		cfg.CACertPEM, cfg.ClientCertPEM, cfg.ClientKeyPEM = certPEM(srv), clientCert, clientKey
	})
	if n, err := with.CountJobs(ctx, ListJobsOptions{}); err != nil || n != 2 {
		t.Errorf("with the client certificate: %d, %v", n, err)
	}

	without := newTestClientFor(t, srv, func(cfg *Config) { cfg.CACertPEM = certPEM(srv) })
	_, err := without.CountJobs(ctx, ListJobsOptions{})
	if err == nil || !strings.Contains(err.Error(), "client_cert_pem") {
		t.Errorf("without a client certificate: %v", err)
	}
	if len(without.recordedWaits()) != 0 {
		t.Errorf("a refused handshake was retried: %v", without.recordedWaits())
	}
	if got := c.get("GET /API/job"); got != 1 {
		t.Errorf("server answered %d requests, want 1", got)
	}

	otherCert, otherKey := testcerts.NewCA(t).ClientCert(t)
	for name, tc := range map[string]struct{ cert, key, want string }{
		"cert without key":   {clientCert, "", "client_key_pem"},
		"key without cert":   {"", clientKey, "client_cert_pem"},
		"not PEM":            {"MIIB-not-pem", clientKey, "not valid"},
		"key of another":     {clientCert, otherKey, "does not match"},
		"key where the cert": {otherKey, otherCert, "not valid"},
	} {
		_, err := NewClient(Config{URL: srv.URL, ClientCertPEM: tc.cert, ClientKeyPEM: tc.key})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error about %q", name, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "PRIVATE KEY-----\n") {
			t.Errorf("%s: the error shows the key: %v", name, err)
		}
	}
}
