package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*tokenEphemeralResource)(nil)

// maxTokenSeconds caps the requested lifetime at a day; the server may allow less.
const maxTokenSeconds = 86400

// NewTokenEphemeralResource is a short-lived token from GET /API/token, never stored in state.
func NewTokenEphemeralResource() ephemeral.EphemeralResource { return &tokenEphemeralResource{} }

type tokenEphemeralResource struct {
	data *providerData
}

type tokenEphemeralResourceModel struct {
	Seconds     types.Int64  `tfsdk:"seconds"`
	AutoRefresh types.Bool   `tfsdk:"auto_refresh"`
	Token       types.String `tfsdk:"token"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
}

func (r *tokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_token"
}

func (r *tokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A short-lived authentication token for the provider's user (or its `run_as` user), from " +
			"`GET /API/token`, to hand a credential to other tools without writing it to state or plan. Other " +
			"clients send it as `Authorization: token <token>`. A new token is requested in every Terraform run.",
		Attributes: map[string]schema.Attribute{
			"seconds": schema.Int64Attribute{
				MarkdownDescription: "Lifetime of the token in seconds, 1 to 86400. Unset: the server's default " +
					"(`userTokenDefaultInterval`, 60 seconds unless configured). Lifetimes above the server's " +
					"`userTokenMaxInterval` need the `_administrator` role.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, maxTokenSeconds)},
			},
			"auto_refresh": schema.BoolAttribute{
				MarkdownDescription: "Whether each use of the token extends its life by `seconds` again. Defaults to `false`.",
				Optional:            true,
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "The token.",
				Computed:            true,
				Sensitive:           true,
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the token expires if it is not used (RFC 3339, by this machine's clock), " +
					"when `seconds` is set; null otherwise. With `auto_refresh` each use moves it later.",
				Computed: true,
			},
		},
	}
}

func (r *tokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Open costs one GET /API/token.
func (r *tokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var model tokenEphemeralResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data == nil {
		resp.Diagnostics.AddError("Provider not configured",
			"The vidispine provider must be configured before a token can be requested.")
		return
	}
	seconds := int(model.Seconds.ValueInt64())
	issued := time.Now()
	token, err := r.data.client.GetToken(ctx, seconds, model.AutoRefresh.ValueBool())
	if err != nil {
		resp.Diagnostics.AddError("Could not obtain a Vidispine token", err.Error())
		return
	}
	ctx = r.data.client.MaskSecrets(ctx)
	model.Token = types.StringValue(token)
	model.ExpiresAt = types.StringNull()
	if seconds > 0 {
		model.ExpiresAt = types.StringValue(issued.Add(time.Duration(seconds) * time.Second).UTC().Format(time.RFC3339))
	}
	tflog.Info(ctx, "obtained a Vidispine token", map[string]any{"seconds": seconds, "auto_refresh": model.AutoRefresh.ValueBool()})
	resp.Diagnostics.Append(resp.Result.Set(ctx, &model)...)
}
