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
}

// DefaultUserClaim is the claim VidiCore takes the user name from unless told otherwise.
const DefaultUserClaim = "unique_name"

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
	claim := opts.UserClaim
	if claim == "" {
		claim = DefaultUserClaim
	}
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
