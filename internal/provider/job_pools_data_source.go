package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*jobPoolsDataSource)(nil)

// NewJobPoolsDataSource reads the server's job pool configuration
// (GET /API/configuration/job-pool), for pipelines that gate on capacity.
func NewJobPoolsDataSource() datasource.DataSource { return &jobPoolsDataSource{} }

type jobPoolsDataSource struct {
	data *providerData
}

func (d *jobPoolsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_pools"
}

func (d *jobPoolsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the server's job pool configuration (`GET /API/configuration/job-pool`, which " +
			"needs the `_configuration_read` role): how many jobs run at once and the slots each priority gets. " +
			"It reads what `vidispine_job_pools` manages, for configurations that only look.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{MarkdownDescription: "Always `" + jobPoolsID + "`.", Computed: true},
			"concurrent_jobs": schema.Int64Attribute{
				MarkdownDescription: descJobPoolsConcurrentJobs + " Null when the server does not report it.",
				Computed:            true,
			},
			"pool": schema.SetNestedAttribute{
				MarkdownDescription: descJobPoolsPool + " Null when there are none.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"priority_threshold": schema.StringAttribute{MarkdownDescription: descJobPoolThreshold, Computed: true},
					"size":               schema.Int64Attribute{MarkdownDescription: descJobPoolSize, Computed: true},
				}},
			},
		},
	}
}

func (d *jobPoolsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs one GET /API/configuration/job-pool.
func (d *jobPoolsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	jp, err := d.data.client.GetJobPoolConfiguration(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not read the job pool configuration", err.Error())
		return
	}
	model := jobPoolsModel{ID: types.StringNull()}
	model.fromDocument(jp, false)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
