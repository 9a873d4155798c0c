package vidispine

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// OAuth2 / OIDC bearer tokens and client certificates.
//
// A static bearer token (Config.BearerToken) is sent as "Authorization: Bearer <token>" like
// any other credential. With Config.ClientCredentials the client fetches its tokens itself
// (RFC 6749 §4.4, golang.org/x/oauth2/clientcredentials) through bearerTransport, which sits
// below go-retryablehttp: every attempt, retries included, asks the token cache, which
// renews a token oauth2's way (10 s before it expires, Token.Valid), so a long apply never
// sends an expired token. A 401 to a token that came from the cache (the server revoked it,
// or its clock runs ahead) renews the token once and sends the request again: the server
// refused the request before acting on it, so this is safe even for a POST. A 401 to a token
// fetched for that very request is final, and so is the second 401.

// ClientCredentials configures the OAuth2 client-credentials flow.
type ClientCredentials struct {
	TokenURL     string            // the identity provider's token endpoint
	ClientID     string            //
	ClientSecret string            // sent as HTTP basic credentials (or in the form, if the endpoint refuses those)
	Scopes       []string          // optional scope parameter
	Audience     string            // optional audience parameter (Auth0, Okta and others want one)
	Params       map[string]string // further parameters of the token request
}

// CheckTokenURL checks that raw is an absolute http or https URL for a token endpoint; the
// provider validates its token_url attribute with it too.
func CheckTokenURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("the OAuth2 token URL is not a valid URL: %v", unwrapURLError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("the OAuth2 token URL %q must start with https:// (or http://)", raw)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("the OAuth2 token URL %q has no host", raw)
	}
	if u.User != nil {
		return errors.New("the OAuth2 token URL must not contain credentials; configure the client id and secret instead")
	}
	return nil
}

// ClientCertificate parses a PEM certificate (chain) and its PEM private key, for servers
// behind a proxy that asks for a client certificate. Errors never contain key material.
func ClientCertificate(certPEM, keyPEM string) (tls.Certificate, error) {
	if certPEM == "" || keyPEM == "" {
		return tls.Certificate{}, errors.New("a client certificate needs both the certificate (client_cert_pem) and its private key (client_key_pem)")
	}
	pair, err := tls.X509KeyPair([]byte(certPEM), []byte(keyPEM))
	if err != nil {
		// crypto/tls names what is wrong ("failed to find any PEM data in key input",
		// "private key does not match public key") and never quotes the input.
		return tls.Certificate{}, fmt.Errorf("the client certificate and key are not valid: %s (expected a PEM "+
			"-----BEGIN CERTIFICATE----- and the matching PEM private key)", strings.TrimPrefix(err.Error(), "tls: "))
	}
	return pair, nil
}

// tokenCache holds the current token of the client-credentials flow.
type tokenCache struct {
	cfg      clientcredentials.Config
	http     *http.Client // what the token requests go through (same TLS settings as the API's)
	tokenURL string       // for messages
	secrets  *secretSet

	mu  sync.Mutex // held while fetching: parallel requests wait for one fetch
	tok *oauth2.Token
}

// newTokenCache makes the token cache of cc; its token requests go through base and time out
// after timeout, like the client's own attempts.
func newTokenCache(cc *ClientCredentials, base http.RoundTripper, timeout time.Duration, secrets *secretSet) (*tokenCache, error) {
	if err := CheckTokenURL(cc.TokenURL); err != nil {
		return nil, err
	}
	if cc.ClientID == "" {
		return nil, errors.New("the OAuth2 client credentials need a client id")
	}
	params := url.Values{}
	for k, v := range cc.Params {
		params.Set(k, v)
	}
	if cc.Audience != "" {
		params.Set("audience", cc.Audience)
	}
	secrets.add(cc.ClientSecret)
	return &tokenCache{
		cfg: clientcredentials.Config{
			ClientID: cc.ClientID, ClientSecret: cc.ClientSecret, TokenURL: strings.TrimSpace(cc.TokenURL),
			Scopes: cc.Scopes, EndpointParams: params,
		},
		http:     &http.Client{Transport: base, Timeout: timeout},
		tokenURL: strings.TrimSpace(cc.TokenURL),
		secrets:  secrets,
	}, nil
}

// get returns a valid token, fetching one when there is none or the one held expires within
// oauth2's margin; fresh tells whether it was fetched by this call.
func (t *tokenCache) get(ctx context.Context) (tok *oauth2.Token, fresh bool, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok.Valid() {
		return t.tok, false, nil
	}
	tok, err = t.cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, t.http))
	if err != nil {
		return nil, false, &tokenError{url: t.tokenURL, err: err}
	}
	t.secrets.add(tok.AccessToken, tok.RefreshToken)
	t.tok = tok
	tflog.Debug(ctx, "fetched an OAuth2 token", map[string]any{"token_url": t.tokenURL, "expires": tok.Expiry.String()})
	return tok, true, nil
}

// invalidate drops access when it is still the token held.
func (t *tokenCache) invalidate(access string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != nil && t.tok.AccessToken == access {
		t.tok = nil
	}
}

// tokenError: the token endpoint could not be asked or refused the client. The Vidispine
// request was not sent.
type tokenError struct {
	url string
	err error
}

func (e *tokenError) Error() string {
	return fmt.Sprintf("could not get an OAuth2 token from %s: %v", e.url, e.err)
}

func (e *tokenError) Unwrap() error { return e.err }

// retryable: the endpoint was unreachable, or answered 429 or 5xx. A refusal (bad client id or
// secret, unknown scope) stays the same however often we ask.
func (e *tokenError) retryable() bool {
	var re *oauth2.RetrieveError
	if errors.As(e.err, &re) {
		return re.Response != nil && (re.Response.StatusCode == http.StatusTooManyRequests || re.Response.StatusCode >= 500)
	}
	return true
}

// bearerTransport sets "Authorization: Bearer <token>" on every attempt.
type bearerTransport struct {
	base   http.RoundTripper
	tokens *tokenCache
}

func (b *bearerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	tok, fresh, err := b.tokens.get(ctx)
	if err != nil {
		return nil, err
	}
	resp, err := b.base.RoundTrip(withBearer(req, tok.AccessToken))
	if err != nil || resp.StatusCode != http.StatusUnauthorized || fresh || (req.Body != nil && req.GetBody == nil) {
		return resp, err
	}
	// A token from the cache was refused: renew it once.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	tflog.Debug(ctx, "the server refused the OAuth2 token (401); fetching a new one", map[string]any{
		"method": req.Method, "path": req.URL.Path,
	})
	b.tokens.invalidate(tok.AccessToken)
	if tok, _, err = b.tokens.get(ctx); err != nil {
		return nil, err
	}
	retry := withBearer(req, tok.AccessToken)
	if req.GetBody != nil {
		if retry.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	return b.base.RoundTrip(retry)
}

func withBearer(req *http.Request, token string) *http.Request {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}

// isTLSRefusal: the server (or a proxy) ended the TLS handshake with an alert, e.g. because
// it wants a client certificate or does not trust the one sent. Trying again changes nothing.
func isTLSRefusal(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "remote error" && strings.Contains(op.Err.Error(), "tls:")
}
