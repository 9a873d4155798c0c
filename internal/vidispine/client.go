package vidispine

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Config configures a Client. Only URL is required.
type Config struct {
	URL            string        // base URL, with or without a trailing "/API" (both are normalized)
	Username       string        // HTTP basic credentials
	Password       string        //
	Token          string        // if set, "Authorization: token <t>" is sent instead of basic auth
	BearerToken    string        // if set, "Authorization: Bearer <t>" (an OAuth2 / OIDC access token)
	RunAs          string        // optional RunAs header on every request
	CACertPEM      string        // optional extra CA certificate(s), PEM, trusted besides the system's
	ClientCertPEM  string        // optional TLS client certificate (chain), PEM, with ClientKeyPEM
	ClientKeyPEM   string        // its private key, PEM
	Insecure       bool          // skip TLS certificate verification
	RequestTimeout time.Duration // per attempt; 0 means 30s
	MaxRetries     int           // retries after the first attempt; 0 means none, negative means 4
	RetryWaitMin   time.Duration // first backoff; 0 means 1s
	RetryWaitMax   time.Duration // longest backoff and cap on Retry-After; 0 means 30s
	UserAgent      string        // e.g. "terraform-provider-vidispine/1.2.3"
	HTTPClient     *http.Client  // optional base client (tests); only its Transport is used

	// ClientCredentials, if set, fetches bearer tokens from an OAuth2 token endpoint (auth.go).
	ClientCredentials *ClientCredentials
}

// Defaults of the retry and timeout settings: the client applies them to a Config that leaves
// them out, and the provider shows them in its schema.
const (
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxRetries     = 4
	DefaultRetryWaitMin   = time.Second
	DefaultRetryWaitMax   = 30 * time.Second
)

const defaultMaxBody = 64 << 20

// Client talks to one Vidispine server. It is safe for concurrent use.
type Client struct {
	base       string // ends in "/API"
	http       *http.Client
	authHeader string
	tokens     *tokenCache // client credentials: bearerTransport sets the header instead
	principal  string      // "for user \"bob\"" or "for the configured token"
	runAs      string
	userAgent  string

	maxRetries int
	waitMin    time.Duration
	waitMax    time.Duration
	maxBody    int64

	secrets *secretSet
	// onWait, when set (tests), sees every backoff the client chooses.
	onWait func(time.Duration)
}

// NewClient validates cfg and builds a Client. Errors never contain the password or token.
func NewClient(cfg Config) (*Client, error) {
	base, err := NormalizeURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	transport, err := buildTransport(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:       base,
		http:       &http.Client{Transport: transport, Timeout: cfg.RequestTimeout},
		runAs:      cfg.RunAs,
		userAgent:  cfg.UserAgent,
		maxRetries: cfg.MaxRetries,
		waitMin:    cfg.RetryWaitMin,
		waitMax:    cfg.RetryWaitMax,
		maxBody:    defaultMaxBody,
		secrets:    &secretSet{},
	}
	if c.http.Timeout <= 0 {
		c.http.Timeout = DefaultRequestTimeout
	}
	if c.maxRetries < 0 {
		c.maxRetries = DefaultMaxRetries
	}
	if c.waitMin <= 0 {
		c.waitMin = DefaultRetryWaitMin
	}
	if c.waitMax <= 0 {
		c.waitMax = DefaultRetryWaitMax
	}
	if c.waitMax < c.waitMin {
		c.waitMax = c.waitMin
	}
	switch {
	case cfg.ClientCredentials != nil:
		if c.tokens, err = newTokenCache(cfg.ClientCredentials, transport, c.http.Timeout, c.secrets); err != nil {
			return nil, err
		}
		c.http.Transport = &bearerTransport{base: transport, tokens: c.tokens}
		c.principal = fmt.Sprintf("for OAuth2 client %q", cfg.ClientCredentials.ClientID)
	case cfg.BearerToken != "":
		c.authHeader = "Bearer " + cfg.BearerToken
		c.principal = "for the configured bearer token"
		c.secrets.add(cfg.BearerToken)
	case cfg.Token != "":
		c.authHeader = "token " + cfg.Token
		c.principal = "for the configured token"
		c.secrets.add(cfg.Token)
	case cfg.Username != "":
		basic := base64.StdEncoding.EncodeToString([]byte(cfg.Username + ":" + cfg.Password))
		c.authHeader = "Basic " + basic
		c.principal = fmt.Sprintf("for user %q", cfg.Username)
		c.secrets.add(cfg.Password, basic)
	default:
		c.principal = "(no credentials configured)"
	}
	return c, nil
}

// WithRunAs returns a copy of the client whose requests run as user (RunAs header).
// An empty user sends no RunAs header.
func (c *Client) WithRunAs(user string) *Client {
	cp := *c
	cp.runAs = user
	return &cp
}

// BaseURL is the normalized API root, ending in "/API".
func (c *Client) BaseURL() string { return c.base }

// basePath is the path part of the base URL, e.g. "/API", for messages.
func (c *Client) basePath() string {
	if u, err := url.Parse(c.base); err == nil {
		return u.Path
	}
	return "/API"
}

// MaskSecrets returns ctx with the client's secrets (password, tokens, client secret, and
// tokens obtained through GetToken or the client-credentials flow so far) masked in every
// tflog message and field.
func (c *Client) MaskSecrets(ctx context.Context) context.Context {
	s := c.secrets.list()
	if len(s) == 0 {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, s...)
	return tflog.MaskAllFieldValuesStrings(ctx, s...)
}

// NormalizeURL checks that raw is a usable base URL (http or https, a host, no credentials, no
// query or fragment) and returns it ending in "/API". It is the only URL check: the provider
// validates its url attribute with it too.
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("the Vidispine URL is empty; expected e.g. https://vidispine.example.com:8080")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("the Vidispine URL is not a valid URL: %v", unwrapURLError(err))
	}
	if u.User != nil {
		return "", errors.New("the Vidispine URL must not contain credentials; configure the username and password (or token) instead")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("the Vidispine URL %q must start with http:// or https://", raw)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("the Vidispine URL %q has no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("the Vidispine URL %q must not have a query or fragment", raw)
	}
	p := strings.TrimRight(u.Path, "/")
	if !strings.HasSuffix(p, "/API") {
		p += "/API"
	}
	u.Path, u.RawPath = p, ""
	return u.String(), nil
}

func buildTransport(cfg Config) (http.RoundTripper, error) {
	var base http.RoundTripper
	if cfg.HTTPClient != nil && cfg.HTTPClient.Transport != nil {
		base = cfg.HTTPClient.Transport
	} else {
		base = http.DefaultTransport.(*http.Transport).Clone()
	}
	if cfg.CACertPEM == "" && !cfg.Insecure && cfg.ClientCertPEM == "" && cfg.ClientKeyPEM == "" {
		return base, nil
	}
	t, ok := base.(*http.Transport)
	if !ok {
		return nil, errors.New("a CA certificate, a client certificate or insecure mode needs an *http.Transport; the injected HTTP client has another kind of transport")
	}
	t = t.Clone()
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if t.TLSClientConfig != nil {
		tc = t.TLSClientConfig.Clone()
	}
	if cfg.CACertPEM != "" {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM([]byte(cfg.CACertPEM)) {
			return nil, errors.New("the CA certificate is not valid: no PEM-encoded certificate found (expected -----BEGIN CERTIFICATE-----)")
		}
		tc.RootCAs = pool
	}
	if cfg.ClientCertPEM != "" || cfg.ClientKeyPEM != "" {
		pair, err := ClientCertificate(cfg.ClientCertPEM, cfg.ClientKeyPEM)
		if err != nil {
			return nil, err
		}
		tc.Certificates = []tls.Certificate{pair}
	}
	tc.InsecureSkipVerify = cfg.Insecure //nolint:gosec // explicit user choice
	t.TLSClientConfig = tc
	return t, nil
}

// secretSet holds strings that must never reach a log. Shared by copies of a Client.
type secretSet struct {
	mu sync.Mutex
	s  []string
}

func (s *secretSet) add(vals ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vals {
		if v != "" && !slices.Contains(s.s, v) {
			s.s = append(s.s, v)
		}
	}
}

func (s *secretSet) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.s...)
}

// secretMember is a JSON member whose value is a secret the server holds for an object (the
// secret or password of a notification action, which the server returns on GET); a value cut
// off by truncation is matched too.
var secretMember = regexp.MustCompile(`("(?:secret|password)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)`)

// redact replaces every secret in text by "***": the client's own, and the values of the
// secret members of a JSON document.
func (s *secretSet) redact(text string) string {
	for _, v := range s.list() {
		text = strings.ReplaceAll(text, v, "***")
	}
	return secretMember.ReplaceAllString(text, `$1"***"`)
}
