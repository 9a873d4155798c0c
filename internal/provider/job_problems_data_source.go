package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
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

// A list of job problems, as this data source and vidispine_job show it.

var jobProblemAttrTypes = map[string]attr.Type{
	"id":   types.Int64Type,
	"type": types.StringType,
	"data": types.MapType{ElemType: types.StringType},
	"jobs": types.ListType{ElemType: types.StringType},
}

func jobProblemsSchema(description string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: description,
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Problem id."},
			"type": schema.StringAttribute{Computed: true, MarkdownDescription: "Problem type as the server names it."},
			"data": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Details of the problem, as key/value pairs."},
			"jobs": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Ids of the jobs waiting on the problem."},
		}},
	}
}

func jobProblemsValue(problems []vidispine.JobProblem) types.List {
	elems := make([]attr.Value, 0, len(problems))
	for _, p := range problems {
		jobs := make([]attr.Value, 0, len(p.Jobs))
		for _, j := range p.Jobs {
			jobs = append(jobs, types.StringValue(j))
		}
		elems = append(elems, types.ObjectValueMust(jobProblemAttrTypes, map[string]attr.Value{
			"id":   types.Int64Value(p.ID),
			"type": types.StringValue(p.Type),
			"data": keyValuesMap(p.Data),
			"jobs": types.ListValueMust(types.StringType, jobs),
		}))
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: jobProblemAttrTypes}, elems)
}
