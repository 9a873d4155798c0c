package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// Environment variables that stand in for provider attributes left unset.
const (
	envURL      = "VIDISPINE_URL"
	envUsername = "VIDISPINE_USERNAME"
	envPassword = "VIDISPINE_PASSWORD"
	envToken    = "VIDISPINE_TOKEN"
	envRunAs    = "VIDISPINE_RUN_AS"
	envInsecure = "VIDISPINE_INSECURE"
)

// defaultJobPollInterval: how often vidispine_job_rerun looks at a running job.
const defaultJobPollInterval = 5 * time.Second

var (
	_ provider.Provider                       = (*vidispineProvider)(nil)
	_ provider.ProviderWithConfigValidators   = (*vidispineProvider)(nil)
	_ provider.ProviderWithFunctions          = (*vidispineProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*vidispineProvider)(nil)
	_ provider.ProviderWithActions            = (*vidispineProvider)(nil)
	_ provider.ProviderWithListResources      = (*vidispineProvider)(nil)
)

type vidispineProvider struct {
	version string
	// getenv reads the environment fallbacks (os.Getenv; tests hand in their own, so they
	// can run in parallel without touching the process environment).
	getenv func(string) string
	// jobPollInterval is how often a re-run job is looked at while waiting for it to end.
	jobPollInterval time.Duration
}

type providerModel struct {
	URL            types.String `tfsdk:"url"`
	Username       types.String `tfsdk:"username"`
	Password       types.String `tfsdk:"password"`
	Token          types.String `tfsdk:"token"`
	RunAs          types.String `tfsdk:"run_as"`
	Insecure       types.Bool   `tfsdk:"insecure"`
	CACertPEM      types.String `tfsdk:"ca_cert_pem"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RetryWaitMin   types.String `tfsdk:"retry_wait_min"`
	RetryWaitMax   types.String `tfsdk:"retry_wait_max"`

	// Authentication beyond basic credentials and tokens: provider_auth.go.
	BearerToken       types.String `tfsdk:"bearer_token"`
	ClientCredentials types.Object `tfsdk:"client_credentials"`
	ClientCertPEM     types.String `tfsdk:"client_cert_pem"`
	ClientKeyPEM      types.String `tfsdk:"client_key_pem"`
}

// New returns a constructor for the provider, stamped with the build version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &vidispineProvider{version: version, getenv: os.Getenv, jobPollInterval: defaultJobPollInterval}
	}
}

func (p *vidispineProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "vidispine"
	resp.Version = p.version
}

func (p *vidispineProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Vidispine (VidiCore) job pipelines — task definitions, custom job types, job " +
			"notifications, job priorities and re-runs — and reads job state for deployment gates.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Vidispine server, e.g. `https://vidispine.example.com:8080`, with or " +
					"without the trailing `/API`. Falls back to the `" + envURL + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{urlValidator{}},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "User for HTTP basic authentication, or the id of an access key (sent the same " +
					"way). Falls back to `" + envUsername + "`.",
				Optional: true,
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password for HTTP basic authentication, or the secret of an access key. Falls " +
					"back to `" + envPassword + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "Authentication token, sent as `Authorization: token <token>`, instead of a user " +
					"name and password. Falls back to `" + envToken + "`.",
				Optional:  true,
				Sensitive: true,
			},
			"run_as": schema.StringAttribute{
				MarkdownDescription: "Run every request as this user (the `RunAs` header). The authenticating user needs " +
					"the privilege to impersonate. Falls back to `" + envRunAs + "`.",
				Optional: true,
			},
			"insecure": schema.BoolAttribute{
				MarkdownDescription: "Skip verification of the server's TLS certificate. Use only for testing. Falls back " +
					"to `" + envInsecure + "`; defaults to `false`.",
				Optional: true,
			},
			"ca_cert_pem": schema.StringAttribute{
				MarkdownDescription: "PEM-encoded CA certificate(s) to trust in addition to the system roots, for servers " +
					"with a private CA.",
				Optional: true,
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Timeout of one HTTP attempt, as a duration such as `30s`. Defaults to `%s`.", vidispine.DefaultRequestTimeout),
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How often a failed request is retried (connection errors, 429, 502, 503, "+
					"504). Requests that create something are retried only after checking that the first attempt did not "+
					"take effect. Defaults to `%d`.", vidispine.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"retry_wait_min": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Shortest wait between retries, as a duration. Defaults to `%s`.", vidispine.DefaultRetryWaitMin),
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
			"retry_wait_max": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Longest wait between retries, as a duration; also caps the server's "+
					"`Retry-After`. Defaults to `%s`.", vidispine.DefaultRetryWaitMax),
				Optional:   true,
				Validators: []validator.String{durationValidator{}},
			},
		},
		Blocks: authSchemaBlocks(),
	}
	maps.Copy(resp.Schema.Attributes, authSchemaAttributes())
}

func (p *vidispineProvider) ConfigValidators(_ context.Context) []provider.ConfigValidator {
	return authConfigValidators()
}

func (p *vidispineProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clientCfg, diags := p.clientConfig(ctx, cfg)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := vidispine.NewClient(clientCfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Vidispine provider configuration", err.Error())
		return
	}
	tflog.Debug(ctx, "configured Vidispine client", map[string]any{"url": client.BaseURL(), "run_as": clientCfg.RunAs})
	data := newProviderData(client)
	data.jobPollInterval = p.jobPollInterval
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

// clientConfig merges the configuration with its environment fallbacks and checks what
// only becomes known at apply time (values from other resources or the environment).
func (p *vidispineProvider) clientConfig(ctx context.Context, cfg providerModel) (vidispine.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	if cfg.URL.IsUnknown() || cfg.Username.IsUnknown() || cfg.Password.IsUnknown() || cfg.Token.IsUnknown() || authUnknown(cfg) {
		diags.AddError("Provider configuration not yet known",
			"The Vidispine url and credentials depend on values known only after apply; the provider cannot be "+
				"configured before they are known.")
		return vidispine.Config{}, diags
	}
	c := vidispine.Config{
		URL:            p.stringOrEnv(cfg.URL, envURL),
		RunAs:          p.stringOrEnv(cfg.RunAs, envRunAs),
		CACertPEM:      cfg.CACertPEM.ValueString(),
		RequestTimeout: vidispine.DefaultRequestTimeout,
		MaxRetries:     vidispine.DefaultMaxRetries,
		RetryWaitMin:   vidispine.DefaultRetryWaitMin,
		RetryWaitMax:   vidispine.DefaultRetryWaitMax,
		UserAgent:      "terraform-provider-vidispine/" + p.version,
	}
	if c.URL == "" {
		diags.AddAttributeError(path.Root("url"), "Missing Vidispine URL",
			"Set the url attribute in the provider block or the "+envURL+" environment variable, "+
				"e.g. https://vidispine.example.com:8080.")
	} else if _, err := vidispine.NormalizeURL(c.URL); err != nil {
		diags.AddAttributeError(path.Root("url"), "Invalid Vidispine URL",
			fmt.Sprintf("The url attribute (or %s): %s.", envURL, err))
	}

	diags.Append(p.credentials(ctx, cfg, &c)...)

	if v := p.stringOrEnv(types.StringNull(), envInsecure); !cfg.Insecure.IsNull() {
		c.Insecure = cfg.Insecure.ValueBool()
	} else if v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			diags.AddAttributeError(path.Root("insecure"), "Invalid "+envInsecure,
				fmt.Sprintf("%s must be true or false, got %q.", envInsecure, v))
		}
		c.Insecure = b
	}
	if known(cfg.MaxRetries) {
		c.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	for _, d := range []struct {
		attr string
		val  types.String
		dst  *time.Duration
	}{
		{"request_timeout", cfg.RequestTimeout, &c.RequestTimeout},
		{"retry_wait_min", cfg.RetryWaitMin, &c.RetryWaitMin},
		{"retry_wait_max", cfg.RetryWaitMax, &c.RetryWaitMax},
	} {
		if !known(d.val) {
			continue
		}
		v, err := time.ParseDuration(d.val.ValueString())
		if err != nil || v < 0 {
			addInvalidDuration(&diags, path.Root(d.attr), d.val.ValueString())
			continue
		}
		*d.dst = v
	}
	if c.RetryWaitMin > c.RetryWaitMax {
		diags.AddAttributeError(path.Root("retry_wait_min"), "Invalid retry waits",
			fmt.Sprintf("retry_wait_min (%s) is longer than retry_wait_max (%s).", c.RetryWaitMin, c.RetryWaitMax))
	}
	return c, diags
}

func (p *vidispineProvider) stringOrEnv(v types.String, env string) string {
	if known(v) {
		return v.ValueString()
	}
	return strings.TrimSpace(p.getenv(env))
}

func (p *vidispineProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewJobTypeResource,
		NewTaskDefinitionResource,
		NewJobPriorityResource,
		NewJobNotificationResource,
		NewJobRerunResource,
		NewTaskGroupResource,
		NewJobPoolsResource,
		NewJobTypeDefaultPriorityResource,
		NewJobRunResource,
	}
}

func (p *vidispineProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewJobTypeListResource,
		NewTaskDefinitionListResource,
		NewJobNotificationListResource,
		NewTaskGroupListResource,
	}
}

func (p *vidispineProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewJobDataSource,
		NewJobsDataSource,
		NewJobCountDataSource,
		NewJobProblemsDataSource,
		NewJobNotificationsDataSource,
		NewJobAccessDataSource,
		NewJobTypesDataSource,
		NewJobTypeDataSource,
		NewTaskDefinitionDataSource,
		NewTaskDefinitionsDataSource,
		NewTaskGroupDataSource,
		NewJobPoolsDataSource,
	}
}

func (p *vidispineProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewTokenEphemeralResource,
	}
}

func (p *vidispineProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewJobStateIsTerminalFunction,
		NewPipelineDotFunction,
		NewPipelineMermaidFunction,
	}
}

func (p *vidispineProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewJobRerunAction,
		NewJobStartAction,
		NewJobAbortAction,
		NewJobPriorityAction,
	}
}
