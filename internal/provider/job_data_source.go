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

var _ datasource.DataSourceWithConfigure = (*jobDataSource)(nil)

// NewJobDataSource is JobHelper's getJob(slug): one job with its steps, metadata and problems.
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
		addJobReadError(&resp.Diagnostics, id, err)
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

// The step log of a job, as vidispine_job shows it.

// jobStepAttrTypes describes one entry of a job's step log.
var jobStepAttrTypes = map[string]attr.Type{
	"id":             types.Int64Type,
	"step":           types.Int64Type,
	"status":         types.StringType,
	"description":    types.StringType,
	"attempts":       types.Int64Type,
	"timestamp":      types.StringType,
	"progress":       types.Float64Type,
	"progress_total": types.Int64Type,
	"progress_unit":  types.StringType,
	"error_message":  types.StringType,
}

func jobStepsSchema() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The job's step log, in the server's order.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":             schema.Int64Attribute{Computed: true, MarkdownDescription: "Task id of the step entry."},
			"step":           schema.Int64Attribute{Computed: true, MarkdownDescription: "Step number within the job type."},
			"status":         schema.StringAttribute{Computed: true, MarkdownDescription: "Step state, e.g. `STARTED`, `FINISHED`, `FAILED_RETRY`."},
			"description":    schema.StringAttribute{Computed: true, MarkdownDescription: "What the step does."},
			"attempts":       schema.Int64Attribute{Computed: true, MarkdownDescription: "How often the step was attempted."},
			"timestamp":      schema.StringAttribute{Computed: true, MarkdownDescription: "When the step last changed, as the server wrote it."},
			"progress":       schema.Float64Attribute{Computed: true, MarkdownDescription: "Work done, in `progress_unit` (null when the server reports none)."},
			"progress_total": schema.Int64Attribute{Computed: true, MarkdownDescription: "Expected amount of work, in `progress_unit`."},
			"progress_unit":  schema.StringAttribute{Computed: true, MarkdownDescription: "`percent` or `bytes`."},
			"error_message":  schema.StringAttribute{Computed: true, MarkdownDescription: "Error message of a failed step."},
		}},
	}
}

func jobStepsValue(job *vidispine.Job) types.List {
	var tasks []vidispine.JobTask
	if job.Log != nil {
		tasks = job.Log.Task
	}
	elems := make([]attr.Value, 0, len(tasks))
	for _, t := range tasks {
		progress, total, unit := types.Float64Null(), types.Int64Null(), types.StringNull()
		if t.Progress != nil {
			progress = types.Float64Value(t.Progress.Value)
			total = types.Int64Value(t.Progress.Total)
			unit = types.StringValue(t.Progress.Unit)
		}
		elems = append(elems, types.ObjectValueMust(jobStepAttrTypes, map[string]attr.Value{
			"id":             types.Int64Value(int64(t.ID)),
			"step":           types.Int64Value(int64(t.Step)),
			"status":         types.StringValue(t.Status),
			"description":    types.StringValue(t.Description),
			"attempts":       types.Int64Value(int64(t.Attempts)),
			"timestamp":      types.StringValue(t.Timestamp),
			"progress":       progress,
			"progress_total": total,
			"progress_unit":  unit,
			"error_message":  types.StringValue(t.ErrorMessage),
		}))
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: jobStepAttrTypes}, elems)
}
