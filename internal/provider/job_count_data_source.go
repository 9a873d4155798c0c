package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure      = (*jobCountDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*jobCountDataSource)(nil)
)

// NewJobCountDataSource counts jobs: JobHelper's getTotalJobCount.
func NewJobCountDataSource() datasource.DataSource { return &jobCountDataSource{} }

type jobCountDataSource struct {
	data *providerData
}

type jobCountDataSourceModel struct {
	jobFiltersModel
	Total types.Int64 `tfsdk:"total"`
}

func (d *jobCountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_count"
}

func (d *jobCountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := jobFilterAttributes()
	// Named total, not count: count is a meta-argument Terraform reserves.
	attrs["total"] = schema.Int64Attribute{
		MarkdownDescription: "Number of jobs that match the filters (the server's `hits`, as `total` of `vidispine_jobs`).",
		Computed:            true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Counts the jobs that match filters, the equivalent of JobHelper's `getTotalJobCount`. " +
			"It takes the same filters as `vidispine_jobs` and sends one request for a single job " +
			"(`GET /API/job?number=1`), reading only the server's total, so no job list is transferred.\n\n" +
			"Identical counts in one Terraform run share one request: every `vidispine_job_count` with the same " +
			"filters (in any order, through the same provider configuration) reports the answer of the first. " +
			"A later run asks the server again.",
		Attributes: attrs,
	}
}

func (d *jobCountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *jobCountDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateJobFilters(ctx, req.Config, &jobCountDataSourceModel{}, &resp.Diagnostics)
}

// Read costs one GET /API/job?number=1 per distinct set of filters per run, shared by every
// count with the same filters (providerData.countJobs); with priorities, GET /API/version once
// per run.
func (d *jobCountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jobCountDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts, ok := model.query(ctx, d.data, &resp.Diagnostics)
	if !ok {
		return
	}
	count, err := d.data.countJobs(ctx, opts)
	if err != nil {
		resp.Diagnostics.AddError("Could not count jobs", err.Error())
		return
	}
	model.Total = types.Int64Value(int64(count))
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
