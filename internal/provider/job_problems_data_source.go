package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*jobProblemsDataSource)(nil)

// NewJobProblemsDataSource reads job problems: JobHelper's getJobProblem.
func NewJobProblemsDataSource() datasource.DataSource { return &jobProblemsDataSource{} }

type jobProblemsDataSource struct {
	data *providerData
}

type jobProblemsDataSourceModel struct {
	JobID    types.String `tfsdk:"job_id"`
	Problems types.List   `tfsdk:"problems"`
}

func (d *jobProblemsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_problems"
}

func (d *jobProblemsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the unresolved problems of one job (`GET /API/job/{id}/problem`) or, without " +
			"`job_id`, of all jobs (`GET /API/job/problem`): the resources jobs in state `WAITING` wait for. " +
			"The equivalent of JobHelper's `getJobProblem(job_id)`.",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{
				MarkdownDescription: "Id of the job, e.g. `VX-29`. When omitted, the problems of all jobs are read.",
				Optional:            true,
				Validators: []validator.String{
					siteIDValidator(),
				},
			},
			"problems": jobProblemsSchema("The unresolved problems, empty when there are none. Each names the jobs " +
				"waiting on it."),
		},
	}
}

func (d *jobProblemsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs one GET /API/job/{id}/problem, or GET /API/job/problem without job_id.
func (d *jobProblemsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jobProblemsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := model.JobID.ValueString()
	problems, err := d.data.client.JobProblems(ctx, id)
	switch {
	case err != nil && id != "":
		addJobError(&resp.Diagnostics, id, "Could not read the problems of job "+id, err)
		return
	case err != nil:
		resp.Diagnostics.AddError("Could not read the job problems", err.Error())
		return
	}
	model.Problems = jobProblemsValue(problems)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
