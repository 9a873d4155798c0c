package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ action.ActionWithConfigure      = (*jobStartAction)(nil)
	_ action.ActionWithValidateConfig = (*jobStartAction)(nil)
)

// NewJobStartAction starts a job of a type once per invocation. Its inputs, the start and the
// judgement of the outcome are vidispine_job_run's (job_run_resource.go).
func NewJobStartAction() action.Action { return &jobStartAction{} }

type jobStartAction struct {
	// waitingJobActionBase without its ModifyPlan, which checks a job_id this action has not.
	data *providerData
}

type jobStartActionModel struct {
	jobRunInputs
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (a *jobStartAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_start"
}

func (a *jobStartAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Starts one job of a type per invocation (`POST /API/job?type=...`) and, with " +
			"`wait_for_completion`, waits for it, reporting its state and step as progress messages, and fails when " +
			"it does not end in one of `success_states` (so Terraform 1.16's `on_failure` can halt, taint or " +
			"continue). Run it by hand with `terraform apply -invoke=action.vidispine_job_start.NAME`, or from a " +
			"resource's `lifecycle { action_trigger { ... } }`. Requires Terraform 1.14 or later.\n\n" +
			"Nothing is kept in state. The start request is never sent twice for one invocation: every start carries " +
			"a random `" + vidispine.StartMarkerKey + "` in its job data, and after a network failure or a " +
			"502/503/504 the provider looks for the job by it before it tries again.\n\n" +
			"To start a job once per change of some values and keep its id, status and result data in state (and on " +
			"Terraform before 1.14 or OpenTofu), use the `vidispine_job_run` resource instead.",
		Attributes: map[string]schema.Attribute{
			"job_type": schema.StringAttribute{
				MarkdownDescription: jobRunJobTypeDescription,
				Required:            true,
				Validators:          []validator.String{jobTypeNameValidator()},
			},
			"job_data": schema.MapAttribute{
				MarkdownDescription: jobRunJobDataDescription,
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          jobDataValidators(),
			},
			"priority": schema.StringAttribute{
				MarkdownDescription: priorityDescription("Priority of the job") + " Unset: the server's default.",
				Optional:            true,
				Validators:          []validator.String{priorityValidator()},
			},
			"wait_for_completion": schema.BoolAttribute{
				MarkdownDescription: jobRunWaitDescription,
				Optional:            true,
			},
			"success_states": schema.SetAttribute{
				MarkdownDescription: jobRunSuccessStatesDescription(),
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          successStatesValidators(),
			},
			"abort_on_timeout": schema.BoolAttribute{
				MarkdownDescription: jobRunAbortOnTimeoutDescription,
				Optional:            true,
			},
			"poll_interval": schema.StringAttribute{
				MarkdownDescription: jobRunPollIntervalDescription,
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": actionTimeoutsBlock(ctx, "for the job to end"),
		},
	}
}

func (a *jobStartAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig warns about a timeout that cannot apply because the action does not wait.
func (a *jobStartAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	(&waitingJobActionBase{}).ValidateConfig(ctx, req, resp)
}

// Invoke starts the job as vidispine_job_run's Create does: one POST /API/job (GET /API/job to
// find it after a lost answer). With wait_for_completion it adds GET /API/job/{id} with backoff
// until the job ends, one GET /API/job/{id}?metadata=true, and GET /API/job/{id}/problem when it
// failed.
func (a *jobStartAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg jobStartActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := cfg.Timeouts.Invoke(ctx, defaultActionWaitTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	run, job := startJobRun(ctx, a.data, cfg.jobRunInputs, timeout, "timeouts.invoke", &resp.Diagnostics)
	if job == nil {
		return
	}
	progress(ctx, resp, "Started job %s (%s, priority %s, %s)", job.ID, job.Type, job.Priority, job.Status)
	if !run.Wait {
		return
	}
	again := fmt.Sprintf("Job %s was started; invoking the action again starts another %s job.", job.ID, run.JobType)
	final, diags := run.follow(ctx, a.data, job, again, func(j *vidispine.Job) {
		progress(ctx, resp, "%s", progressMessage(j))
	})
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		progress(ctx, resp, "Job %s (%s) ended %s", job.ID, run.JobType, final.Status)
	}
}
