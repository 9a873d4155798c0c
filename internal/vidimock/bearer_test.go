package vidimock

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var bearerSecret = []byte("mock-hmac-key-for-tests")

// signed returns an HS256 token with the given claims.
func signed(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(bearerSecret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func bearer(tok string) []string { return []string{"Authorization", "Bearer " + tok} }

// reason checks a 401 in the text/plain form with the given Reason line.
func reason(t *testing.T, r response, want string) {
	t.Helper()
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") || !strings.Contains(string(r.body), "\r\nReason: "+want+"\r\n") {
		t.Errorf("answer %q (%s), want Reason: %s", r.body, r.header.Get("Content-Type"), want)
	}
}

func TestBearerTokensMapAClaimToAUser(t *testing.T) {
	clock := NewManualClock(epoch)
	s := startServer(t, Options{Clock: clock, Bearer: &BearerOptions{Key: bearerSecret, Audience: "api://vidicore"}})
	exp := epoch.Add(time.Minute).Unix()
	alice := signed(t, jwt.MapClaims{"unique_name": "alice", "aud": []string{"other", "api://vidicore"}, "exp": exp})

	l := listJobs(t, s, "/API/job?number=1000", bearer(alice)...)
	if l.Hits == 0 {
		t.Fatal("alice's bearer token lists no jobs")
	}
	for _, j := range l.Job {
		if j.User != "alice" {
			t.Errorf("a token of alice lists %s's job %s", j.User, j.JobID)
		}
	}
	// The token acts with alice's roles: she may not write task definitions.
	expect(t, s, 403, "DELETE", "/API/task-definition/1", nil, bearer(alice)...)

	for name, tc := range map[string]struct {
		tok, reason string
	}{
		"unknown user":    {signed(t, jwt.MapClaims{"unique_name": "mallory", "aud": "api://vidicore", "exp": exp}), "User was not found: mallory"},
		"disabled user":   {signed(t, jwt.MapClaims{"unique_name": "disabled", "aud": "api://vidicore", "exp": exp}), "User is disabled: disabled"},
		"wrong audience":  {signed(t, jwt.MapClaims{"unique_name": "alice", "aud": "api://other", "exp": exp}), `Token audience does not contain the expected audience "api://vidicore"`},
		"no audience":     {signed(t, jwt.MapClaims{"unique_name": "alice", "exp": exp}), `Token audience does not contain the expected audience "api://vidicore"`},
		"no expiry":       {signed(t, jwt.MapClaims{"unique_name": "alice", "aud": "api://vidicore"}), "Token has no expiry (exp)"},
		"no user claim":   {signed(t, jwt.MapClaims{"sub": "alice", "aud": "api://vidicore", "exp": exp}), "Token has no unique_name claim"},
		"not yet valid":   {signed(t, jwt.MapClaims{"unique_name": "alice", "aud": "api://vidicore", "exp": exp, "nbf": exp - 1}), "Token is not valid yet"},
		"not a JWT":       {"opaque-token", "Token is not a JWT"},
		"other key":       {otherKeyToken(t, jwt.SigningMethodHS256, []byte("another key")), "Token signature could not be verified"},
		"alg none":        {otherKeyToken(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType), "Token signature could not be verified"},
		"expired already": {signed(t, jwt.MapClaims{"unique_name": "alice", "aud": "api://vidicore", "exp": epoch.Add(-time.Second).Unix()}), "Token has expired"},
	} {
		t.Run(name, func(t *testing.T) {
			reason(t, expect(t, s, 401, "GET", "/API/job", nil, bearer(tc.tok)...), tc.reason)
		})
	}

	// Expiry follows the server's clock.
	clock.Advance(61 * time.Second)
	reason(t, expect(t, s, 401, "GET", "/API/job", nil, bearer(alice)...), "Token has expired")
}

// otherKeyToken signs a token for alice with another key or method.
func otherKeyToken(t *testing.T, m jwt.SigningMethod, key any) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, jwt.MapClaims{"unique_name": "alice", "aud": "api://vidicore", "exp": epoch.Add(time.Hour).Unix()}).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A server configured with an identity provider's certificate checks RS256 tokens with its
// key, reads the user from the claim it is told, and refuses an HMAC token made with the
// public key as secret.
func TestBearerTokensSignedByACertificate(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "idp"},
		NotBefore: epoch.Add(-time.Hour), NotAfter: epoch.Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParseBearerKey(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, Options{Bearer: &BearerOptions{Key: pub, UserClaim: "preferred_username"}})
	claims := jwt.MapClaims{"preferred_username": "bob", "exp": epoch.Add(time.Hour).Unix()}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	if l := listJobs(t, s, "/API/job", bearer(tok)...); l.Hits == 0 || l.Job[0].User != "bob" {
		t.Errorf("an RS256 token for bob: %+v", l.Job)
	}
	pkix, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	confused, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkix}))
	if err != nil {
		t.Fatal(err)
	}
	reason(t, expect(t, s, 401, "GET", "/API/job", nil, bearer(confused)...), "Token signature could not be verified")

	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	if k, err := ParseBearerKey(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: ecDER})); err != nil || len(methodsFor(k)) == 0 {
		t.Errorf("an EC public key: %T %v", k, err)
	}
	for _, bad := range []string{"", "not pem", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}}))} {
		if _, err := ParseBearerKey([]byte(bad)); err == nil {
			t.Errorf("ParseBearerKey(%q) accepted", bad)
		}
	}
}

func TestBearerTokensRefusedWithoutAnIdentityProvider(t *testing.T) {
	s := startServer(t, Options{})
	tok := signed(t, jwt.MapClaims{"unique_name": "alice", "exp": epoch.Add(time.Hour).Unix()})
	reason(t, expect(t, s, 401, "GET", "/API/job", nil, bearer(tok)...), "Bearer tokens are not accepted: no identity provider is configured")
}

// tokenRequest posts a token request to the demo endpoint and decodes the answer.
func tokenRequest(t *testing.T, s *Server, form url.Values, basicID, basicSecret string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("POST", s.URL()+"/mock/oauth2/token", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(basicID, basicSecret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, doc
}

func TestDemoTokenEndpoint(t *testing.T) {
	clock := NewManualClock(epoch)
	s := startServer(t, Options{Clock: clock, Bearer: &BearerOptions{Key: bearerSecret, Audience: "api://vidicore",
		Clients: map[string]OAuthClient{"ci": {Secret: "ci-secret", User: "alice"}}, TokenLifetime: time.Minute}})
	grant := url.Values{"grant_type": {"client_credentials"}}

	status, doc := tokenRequest(t, s, grant, "ci", "ci-secret")
	tok, _ := doc["access_token"].(string)
	if status != 200 || tok == "" || doc["token_type"] != "Bearer" || doc["expires_in"] != float64(60) {
		t.Fatalf("token answer %d %v", status, doc)
	}
	if l := listJobs(t, s, "/API/job?number=1000", bearer(tok)...); l.Hits == 0 || l.Job[0].User != "alice" {
		t.Errorf("the demo token does not act as alice: %+v", l.Job)
	}
	clock.Advance(time.Minute)
	reason(t, expect(t, s, 401, "GET", "/API/job", nil, bearer(tok)...), "Token has expired")

	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"ci"}, "client_secret": {"ci-secret"}}
	if status, _ := tokenRequest(t, s, form, "", ""); status != 200 {
		t.Errorf("client credentials in the form: %d", status)
	}
	if status, doc := tokenRequest(t, s, grant, "ci", "wrong"); status != 401 || doc["error"] != "invalid_client" {
		t.Errorf("wrong secret: %d %v", status, doc)
	}
	if status, doc := tokenRequest(t, s, url.Values{"grant_type": {"password"}}, "ci", "ci-secret"); status != 400 || doc["error"] != "unsupported_grant_type" {
		t.Errorf("password grant: %d %v", status, doc)
	}
	plain := startServer(t, Options{})
	if status, _ := tokenRequest(t, plain, grant, "ci", "ci-secret"); status != 404 {
		t.Errorf("a mock without clients issued a token: %d", status)
	}

	clients, err := ParseOAuthClients("ci:s3:alice, deploy:x:bob")
	if err != nil || len(clients) != 2 || clients["deploy"] != (OAuthClient{"x", "bob"}) {
		t.Errorf("ParseOAuthClients: %v %v", clients, err)
	}
	for _, bad := range []string{"ci:s3", "ci::alice", ":s:u"} {
		if _, err := ParseOAuthClients(bad); err == nil {
			t.Errorf("ParseOAuthClients(%q) accepted", bad)
		}
	}
}
