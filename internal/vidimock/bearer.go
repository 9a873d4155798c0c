package vidimock

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// OAuth2 / OIDC bearer tokens: "Authorization: Bearer <JWT>", as VidiCore accepts them from a
// configured identity provider (4.4 and later). A real server validates the token through a
// validation endpoint, federation metadata or a static X.509 certificate
// (/API/configuration/auth: x509Certificate, expectedAudience, tokenUser); the mock validates
// it against the key it is started with, the certificate case. JWTs are checked with
// github.com/golang-jwt/jwt/v5.

// BearerOptions configure bearer tokens. A server without them refuses the Bearer scheme.
type BearerOptions struct {
	// Key checks the signatures: a []byte secret for HS256/HS384/HS512, or the public key
	// (*rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey) of an identity provider's
	// certificate for RS*, PS*, ES* and EdDSA. ParseBearerKey reads one from PEM.
	Key any
	// Audience, when set, must be among the token's aud (expectedAudience).
	Audience string
	// UserClaim names the claim that holds the user name (tokenUser); "" means unique_name.
	UserClaim string
	// Clients, when set with an HMAC Key, make the mock an identity provider too: POST
	// /mock/oauth2/token hands these clients tokens (client-credentials grant) for the
	// standalone demo. Tests start their own token endpoint.
	Clients map[string]OAuthClient
	// TokenLifetime is how long those tokens live on the mock's clock; 0 means 5 minutes.
	TokenLifetime time.Duration
}

// OAuthClient is a client of the demo token endpoint: its secret and the user its tokens name.
type OAuthClient struct {
	Secret string
	User   string
}

// DefaultUserClaim is the claim VidiCore takes the user name from unless told otherwise.
const DefaultUserClaim = "unique_name"

// userClaim is the claim that names the user: UserClaim, or DefaultUserClaim when unset.
func (o *BearerOptions) userClaim() string {
	if o.UserClaim == "" {
		return DefaultUserClaim
	}
	return o.UserClaim
}

// ParseBearerKey reads a PEM certificate or public key (the identity provider's signing key).
func ParseBearerKey(pemData []byte) (crypto.PublicKey, error) {
	block, _ := pem.Decode(pemData)
	if block == nil {
		return nil, errors.New("no PEM block found (expected a CERTIFICATE or PUBLIC KEY)")
	}
	switch block.Type {
	case "CERTIFICATE":
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		return cert.PublicKey, nil
	case "PUBLIC KEY":
		return x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		return x509.ParsePKCS1PublicKey(block.Bytes)
	}
	return nil, fmt.Errorf("a PEM %s is not a certificate or public key", block.Type)
}

// methodsFor lists the signing methods a key can check: a token may not pick another (an
// HMAC token "signed" with a public key, or alg none).
func methodsFor(key any) []string {
	switch key.(type) {
	case []byte:
		return []string{"HS256", "HS384", "HS512"}
	case *rsa.PublicKey:
		return []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
	case *ecdsa.PublicKey:
		return []string{"ES256", "ES384", "ES512"}
	case ed25519.PublicKey:
		return []string{"EdDSA"}
	}
	return nil
}

// bearerUser checks a bearer token and returns the user it names. The reasons are written
// the way VidiCore writes "User was not found: ..."; the other wordings are the mock's.
func (c *call) bearerUser(raw string) (*user, *apiError) {
	opts := c.s.bearer
	if opts == nil || opts.Key == nil {
		return nil, errNotAuthorizedReason("Bearer tokens are not accepted: no identity provider is configured")
	}
	parserOpts := []jwt.ParserOption{
		jwt.WithValidMethods(methodsFor(opts.Key)),
		jwt.WithTimeFunc(func() time.Time { return c.now }),
		jwt.WithExpirationRequired(),
	}
	if opts.Audience != "" {
		parserOpts = append(parserOpts, jwt.WithAudience(opts.Audience))
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return opts.Key, nil }, parserOpts...)
	switch {
	case err == nil:
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, errNotAuthorizedReason("Token has expired")
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return nil, errNotAuthorizedReason("Token is not valid yet")
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing) && claims["exp"] == nil:
		return nil, errNotAuthorizedReason("Token has no expiry (exp)")
	case errors.Is(err, jwt.ErrTokenInvalidAudience), errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return nil, errNotAuthorizedReason(fmt.Sprintf("Token audience does not contain the expected audience %q", opts.Audience))
	case errors.Is(err, jwt.ErrTokenMalformed):
		return nil, errNotAuthorizedReason("Token is not a JWT")
	default: // bad signature, a signing method the key cannot check
		return nil, errNotAuthorizedReason("Token signature could not be verified")
	}
	claim := opts.userClaim()
	name, _ := claims[claim].(string)
	if name == "" {
		return nil, errNotAuthorizedReason(fmt.Sprintf("Token has no %s claim", claim))
	}
	u := c.s.state.users[name]
	if u == nil {
		return nil, errNotAuthorizedReason("User was not found: " + name)
	}
	if u.disabled {
		return nil, errNotAuthorizedReason("User is disabled: " + name)
	}
	return u, nil
}

// serveToken: POST /mock/oauth2/token, the client-credentials grant of RFC 6749 §4.4 with
// the client authenticated by HTTP basic credentials or client_id and client_secret in the
// form. Errors are RFC 6749 §5.2 documents.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	oauthError := func(status int, code, description string) {
		writeJSON(w, status, map[string]string{"error": code, "error_description": description})
	}
	opts := s.bearer
	key, hmac := []byte(nil), false
	if opts != nil {
		key, hmac = opts.Key.([]byte)
	}
	if !hmac || len(opts.Clients) == 0 {
		oauthError(http.StatusNotFound, "invalid_request", "the mock issues tokens only when started with an HMAC key and clients (-bearer-secret, -oauth-client)")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	if g := r.PostForm.Get("grant_type"); g != "client_credentials" {
		oauthError(http.StatusBadRequest, "unsupported_grant_type", fmt.Sprintf("grant_type %q is not client_credentials", g))
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	client, known := opts.Clients[id]
	if !known || client.Secret != secret {
		w.Header().Set("WWW-Authenticate", `Basic realm="vidimock"`)
		oauthError(http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
		return
	}
	lifetime := opts.TokenLifetime
	if lifetime <= 0 {
		lifetime = 5 * time.Minute
	}
	now := s.clock.Now()
	claims := jwt.MapClaims{opts.userClaim(): client.User, "iat": now.Unix(), "exp": now.Add(lifetime).Unix(), "azp": id}
	if opts.Audience != "" {
		claims["aud"] = opts.Audience
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	if err != nil {
		oauthError(http.StatusInternalServerError, "server_error", err.Error())
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": int(lifetime / time.Second)})
}

// ParseOAuthClients reads the -oauth-client flag of the standalone mock: "id:secret:user,...".
func ParseOAuthClients(s string) (map[string]OAuthClient, error) {
	clients := map[string]OAuthClient{}
	for _, entry := range strings.Split(s, ",") {
		if entry = strings.TrimSpace(entry); entry == "" {
			continue
		}
		parts := strings.SplitN(entry, ":", 3)
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			return nil, fmt.Errorf("%q is not client-id:secret:user", entry)
		}
		clients[parts[0]] = OAuthClient{Secret: parts[1], User: parts[2]}
	}
	return clients, nil
}
