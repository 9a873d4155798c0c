package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ datasource.DataSourceWithConfigure = (*jobDataSource)(nil)

// NewJobDataSource is the helper's getJob(slug): one job with its steps, metadata and problems.
func NewJobDataSource() datasource.DataSource { return &jobDataSource{} }

type jobDataSource struct {
	data *providerData
}

type jobDataSourceModel struct {
	JobID                  types.String `tfsdk:"job_id"`
	Type                   types.String `tfsdk:"type"`
	Status                 types.String `tfsdk:"status"`
	IsTerminal             types.Bool   `tfsdk:"is_terminal"`
	User                   types.String `tfsdk:"user"`
	Priority               types.String `tfsdk:"priority"`
	Started                types.String `tfsdk:"started"`
	Finished               types.String `tfsdk:"finished"`
	TotalSteps             types.Int64  `tfsdk:"total_steps"`
	CurrentStep            types.Int64  `tfsdk:"current_step"`
	CurrentStepDescription types.String `tfsdk:"current_step_description"`
	CurrentStepStatus      types.String `tfsdk:"current_step_status"`
	Metadata               types.Map    `tfsdk:"metadata"`
	Steps                  types.List   `tfsdk:"steps"`
	Problems               types.List   `tfsdk:"problems"`
}

func (d *jobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job"
}

func (d *jobDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one job with its steps, job metadata and problems " +
			"(`GET /API/job/{id}?metadata=true` and `GET /API/job/{id}/problem`). " +
			"The equivalent of JobHelper's `getJob(slug)`.",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{
				MarkdownDescription: "Id of the job, e.g. `VX-29`.",
				Required:            true,
				Validators: []validator.String{
					siteIDValidator(),
				},
			},
			"type":     schema.StringAttribute{Computed: true, MarkdownDescription: "Job type, e.g. `TRANSCODE`."},
			"status":   schema.StringAttribute{Computed: true, MarkdownDescription: "Job state, e.g. `STARTED` or `FINISHED`."},
			"user":     schema.StringAttribute{Computed: true, MarkdownDescription: "User who started the job."},
			"priority": schema.StringAttribute{Computed: true, MarkdownDescription: "Job priority, e.g. `MEDIUM`."},
			"is_terminal": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether the job has ended: `FINISHED`, `FINISHED_WARNING`, `FAILED_TOTAL` or " +
					"`ABORTED`.",
			},
			"started":     schema.StringAttribute{Computed: true, MarkdownDescription: "Start time as the server wrote it (ISO 8601); null if not started."},
			"finished":    schema.StringAttribute{Computed: true, MarkdownDescription: "Finish time (ISO 8601); null while the job runs."},
			"total_steps": schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of steps of the job."},
			"current_step": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of the step the job is at; null when the server reports none.",
			},
			"current_step_description": schema.StringAttribute{Computed: true, MarkdownDescription: "Description of the current step."},
			"current_step_status":      schema.StringAttribute{Computed: true, MarkdownDescription: "State of the current step."},
			"metadata": schema.MapAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Job metadata (job data), e.g. `itemId`.",
			},
			"steps":    jobStepsSchema(),
			"problems": jobProblemsSchema("Unresolved problems of the job (why it is `WAITING`), empty when there are none."),
		},
	}
}

func (d *jobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs GET /API/job/{id}?metadata=true and GET /API/job/{id}/problem.
func (d *jobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jobDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := model.JobID.ValueString()
	job, err := d.data.client.GetJob(ctx, id, true)
	if err != nil {
		addJobError(&resp.Diagnostics, id, "Could not read job "+id, err)
		return
	}
	problems, err := d.data.client.JobProblems(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Could not read the problems of job "+id, err.Error())
		return
	}

	model.Type = types.StringValue(job.Type)
	model.Status = types.StringValue(job.Status)
	model.IsTerminal = types.BoolValue(vidispine.IsTerminalState(job.Status))
	model.User = types.StringValue(job.User)
	model.Priority = types.StringValue(job.Priority)
	model.Started = optionalString(job.Started)
	model.Finished = optionalString(job.Finished)
	model.TotalSteps = types.Int64Value(int64(job.TotalSteps))
	model.CurrentStep = types.Int64Null()
	model.CurrentStepDescription = types.StringNull()
	model.CurrentStepStatus = types.StringNull()
	if cs := job.CurrentStep; cs != nil {
		model.CurrentStep = types.Int64Value(int64(cs.Number))
		model.CurrentStepDescription = types.StringValue(cs.Description)
		model.CurrentStepStatus = types.StringValue(cs.Status)
	}
	model.Metadata = keyValuesMap(job.Data)
	model.Steps = jobStepsValue(job)
	model.Problems = jobProblemsValue(problems)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
