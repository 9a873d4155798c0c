package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/providervalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// How the provider authenticates: basic credentials (user and password, or an access key),
// a VidiCore token, an OAuth2 / OIDC bearer token given or fetched with client credentials,
// and, beside any of them, a TLS client certificate. provider.go holds the rest of the
// provider's configuration.

const (
	envBearerToken   = "VIDISPINE_BEARER_TOKEN"
	envClientSecret  = "VIDISPINE_CLIENT_SECRET"
	envClientCertPEM = "VIDISPINE_CLIENT_CERT_PEM"
	envClientKeyPEM  = "VIDISPINE_CLIENT_KEY_PEM"
)

// clientCredentialsModel is the client_credentials block.
type clientCredentialsModel struct {
	TokenURL       types.String `tfsdk:"token_url"`
	ClientID       types.String `tfsdk:"client_id"`
	ClientSecret   types.String `tfsdk:"client_secret"`
	Scopes         types.List   `tfsdk:"scopes"`
	Audience       types.String `tfsdk:"audience"`
	EndpointParams types.Map    `tfsdk:"endpoint_params"`
}

func authSchemaAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"bearer_token": schema.StringAttribute{
			MarkdownDescription: "OAuth2 / OpenID Connect access token (a JWT from the identity provider VidiCore is " +
				"configured to trust), sent as `Authorization: Bearer <token>`. The token is used as given and not " +
				"renewed: for long runs use `client_credentials`. Conflicts with `token`, `username`, `password` and " +
				"`client_credentials`. Falls back to `" + envBearerToken + "`.",
			Optional:  true,
			Sensitive: true,
		},
		"client_cert_pem": schema.StringAttribute{
			MarkdownDescription: "PEM-encoded TLS client certificate (chain), for servers behind a proxy that asks for " +
				"one; needs `client_key_pem`. Works beside any kind of credentials. Falls back to `" + envClientCertPEM + "`.",
			Optional: true,
		},
		"client_key_pem": schema.StringAttribute{
			MarkdownDescription: "PEM-encoded private key of `client_cert_pem`. Falls back to `" + envClientKeyPEM + "`.",
			Optional:            true,
			Sensitive:           true,
		},
	}
}

func authSchemaBlocks() map[string]schema.Block {
	return map[string]schema.Block{
		"client_credentials": schema.SingleNestedBlock{
			MarkdownDescription: "Fetch bearer tokens from an OAuth2 / OpenID Connect token endpoint with the " +
				"client-credentials grant, the way a CI pipeline signs in to an identity provider. The token is reused " +
				"while it is valid and renewed shortly before it expires, so long applies keep working; a token the " +
				"server refuses is renewed once. Conflicts with `token`, `username`, `password` and `bearer_token`.",
			Attributes: map[string]schema.Attribute{
				"token_url": schema.StringAttribute{
					MarkdownDescription: "The identity provider's token endpoint, e.g. " +
						"`https://login.example.com/oauth2/v2.0/token`.",
					Optional:   true,
					Validators: []validator.String{urlValidator{check: vidispine.CheckTokenURL}},
				},
				"client_id": schema.StringAttribute{
					MarkdownDescription: "The client (application) id.",
					Optional:            true,
					Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				},
				"client_secret": schema.StringAttribute{
					MarkdownDescription: "The client secret. Falls back to `" + envClientSecret + "`.",
					Optional:            true,
					Sensitive:           true,
				},
				"scopes": schema.ListAttribute{
					MarkdownDescription: "Scopes to ask for, e.g. `[\"api://vidicore/.default\"]`.",
					ElementType:         types.StringType,
					Optional:            true,
					Validators:          []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
				},
				"audience": schema.StringAttribute{
					MarkdownDescription: "Sent as the `audience` parameter of the token request, for identity providers " +
						"that want one (Auth0, Okta); VidiCore checks it against its `expectedAudience`.",
					Optional: true,
				},
				"endpoint_params": schema.MapAttribute{
					MarkdownDescription: "Further parameters of the token request, e.g. `{ resource = \"...\" }`.",
					ElementType:         types.StringType,
					Optional:            true,
				},
			},
		},
	}
}

// authConfigValidators refuse, at validate time, two kinds of credentials at once.
func authConfigValidators() []provider.ConfigValidator {
	var vs []provider.ConfigValidator
	for _, pair := range [][2]string{
		{"token", "username"}, {"token", "password"},
		{"bearer_token", "token"}, {"bearer_token", "username"}, {"bearer_token", "password"},
		{"client_credentials", "token"}, {"client_credentials", "username"}, {"client_credentials", "password"},
		{"client_credentials", "bearer_token"},
	} {
		vs = append(vs, providervalidator.Conflicting(path.MatchRoot(pair[0]), path.MatchRoot(pair[1])))
	}
	return vs
}

// credentials sets c's credentials from the configuration and, for what it leaves out, the
// environment. Credentials in the configuration win; of the environment's, a token wins
// over a bearer token, and both over a user name and password.
func (p *vidispineProvider) credentials(ctx context.Context, cfg providerModel, c *vidispine.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	switch {
	case !cfg.ClientCredentials.IsNull():
		c.ClientCredentials, diags = p.clientCredentials(ctx, cfg.ClientCredentials)
	case !cfg.BearerToken.IsNull():
		c.BearerToken = cfg.BearerToken.ValueString()
	case !cfg.Token.IsNull():
		c.Token = cfg.Token.ValueString()
	case !cfg.Username.IsNull() || !cfg.Password.IsNull():
		c.Username = p.stringOrEnv(cfg.Username, envUsername)
		c.Password = p.stringOrEnv(cfg.Password, envPassword)
	case p.getenv(envToken) != "":
		c.Token = p.stringOrEnv(cfg.Token, envToken)
	case p.getenv(envBearerToken) != "":
		c.BearerToken = p.stringOrEnv(cfg.BearerToken, envBearerToken)
	default:
		c.Username = p.stringOrEnv(cfg.Username, envUsername)
		c.Password = p.stringOrEnv(cfg.Password, envPassword)
	}
	if c.Token == "" && c.BearerToken == "" && c.ClientCredentials == nil && !diags.HasError() {
		if c.Username == "" {
			diags.AddAttributeError(path.Root("username"), "Missing Vidispine credentials",
				"Set username and password (or the "+envUsername+" and "+envPassword+" environment variables; an "+
					"access key is sent the same way), a token (token or "+envToken+"), a bearer token (bearer_token "+
					"or "+envBearerToken+") or a client_credentials block.")
		} else if c.Password == "" {
			diags.AddAttributeError(path.Root("password"), "Missing Vidispine password",
				"The username is set but no password: set the password attribute or the "+envPassword+
					" environment variable.")
		}
	}

	c.ClientCertPEM = p.stringOrEnv(cfg.ClientCertPEM, envClientCertPEM)
	c.ClientKeyPEM = p.stringOrEnv(cfg.ClientKeyPEM, envClientKeyPEM)
	if c.ClientCertPEM != "" || c.ClientKeyPEM != "" {
		if _, err := vidispine.ClientCertificate(c.ClientCertPEM, c.ClientKeyPEM); err != nil {
			attr := "client_cert_pem"
			if c.ClientCertPEM != "" && c.ClientKeyPEM == "" {
				attr = "client_key_pem"
			}
			diags.AddAttributeError(path.Root(attr), "Invalid client certificate",
				fmt.Sprintf("client_cert_pem and client_key_pem (or %s and %s): %s.", envClientCertPEM, envClientKeyPEM, err))
		}
	}
	return diags
}

// clientCredentials reads the client_credentials block.
func (p *vidispineProvider) clientCredentials(ctx context.Context, obj types.Object) (*vidispine.ClientCredentials, diag.Diagnostics) {
	var m clientCredentialsModel
	diags := obj.As(ctx, &m, basetypes.ObjectAsOptions{})
	if diags.HasError() {
		return nil, diags
	}
	block := path.Root("client_credentials")
	cc := &vidispine.ClientCredentials{
		TokenURL:     m.TokenURL.ValueString(),
		ClientID:     m.ClientID.ValueString(),
		ClientSecret: p.stringOrEnv(m.ClientSecret, envClientSecret),
		Audience:     m.Audience.ValueString(),
	}
	diags.Append(m.Scopes.ElementsAs(ctx, &cc.Scopes, false)...)
	diags.Append(m.EndpointParams.ElementsAs(ctx, &cc.Params, false)...)
	for _, missing := range []struct{ attr, val, hint string }{
		{"token_url", cc.TokenURL, "the identity provider's token endpoint"},
		{"client_id", cc.ClientID, "the client (application) id"},
		{"client_secret", cc.ClientSecret, "or set " + envClientSecret},
	} {
		if missing.val == "" {
			diags.AddAttributeError(block.AtName(missing.attr), "Missing "+missing.attr,
				fmt.Sprintf("The client_credentials block needs %s (%s).", missing.attr, missing.hint))
		}
	}
	return cc, diags
}

// authUnknown: credentials that depend on values known only after apply.
func authUnknown(cfg providerModel) bool {
	if cfg.BearerToken.IsUnknown() || cfg.ClientCredentials.IsUnknown() || cfg.ClientCertPEM.IsUnknown() ||
		cfg.ClientKeyPEM.IsUnknown() {
		return true
	}
	for _, v := range cfg.ClientCredentials.Attributes() {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}
