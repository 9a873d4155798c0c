package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ action.ActionWithConfigure      = (*jobRerunAction)(nil)
	_ action.ActionWithModifyPlan     = (*jobRerunAction)(nil)
	_ action.ActionWithValidateConfig = (*jobRerunAction)(nil)
)

// NewJobRerunAction is JobHelper's reRun(job_id) as a one-off operation: every invocation
// re-runs the job once.
func NewJobRerunAction() action.Action { return &jobRerunAction{} }

type jobRerunAction struct {
	waitingJobActionBase
}

type jobRerunActionModel struct {
	JobID             types.String   `tfsdk:"job_id"`
	Priority          types.String   `tfsdk:"priority"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

func (a *jobRerunAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_rerun"
}

func (a *jobRerunAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Re-runs a job once per invocation (`POST /API/job/{id}/re-run`): the server copies the " +
			"job, with its type and job data, and starts the copy. Run it by hand with " +
			"`terraform apply -invoke=action.vidispine_job_rerun.NAME`, or from a resource's " +
			"`lifecycle { action_trigger { ... } }`. Requires Terraform 1.14 or later.\n\n" +
			"Nothing is kept in state: every invocation makes one new job, whose id the action reports as a " +
			"progress message. The re-run request is never sent twice for one invocation: after a network failure " +
			"or a 502/503/504 the provider looks for the new job on the server before it tries again.\n\n" +
			"To re-run a job once per change of some values, and keep the new job's id in state for other " +
			"resources to use, use the `vidispine_job_rerun` resource instead.",
		Attributes: map[string]schema.Attribute{
			"job_id": actionJobIDAttribute("to re-run"),
			"priority": schema.StringAttribute{
				MarkdownDescription: priorityDescription("Priority of the new job") +
					" Unset: the original job's priority.",
				Optional:   true,
				Validators: []validator.String{priorityValidator()},
			},
			"wait_for_completion": schema.BoolAttribute{
				MarkdownDescription: "Whether the action waits until the new job has ended (within `timeouts.invoke`), " +
					"reporting its state and step progress as it changes. A job that ends `FAILED_TOTAL` or `ABORTED` " +
					"fails the action with the job's problem and the message of its last step. Defaults to `false`.",
				Optional: true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": actionTimeoutsBlock(ctx, "for the new job to end"),
		},
	}
}

// Invoke re-runs the job as the vidispine_job_rerun resource's Create does
// (vidispine.Client.RerunJob: GET /API/job/{id}?metadata=true, GET /API/job and one
// POST /API/job/{id}/re-run). With wait_for_completion it adds GET /API/job/{new id} every poll
// interval until the job ends, and GET /API/job/{new id}/problem when it fails.
func (a *jobRerunAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg jobRerunActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := cfg.Timeouts.Invoke(ctx, defaultActionWaitTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	orig := cfg.JobID.ValueString()
	job, err := a.data.client.RerunJob(ctx, orig, cfg.Priority.ValueString())
	if err != nil {
		addJobError(&resp.Diagnostics, orig, "Could not re-run job "+orig, err)
		return
	}
	progress(ctx, resp, "Re-ran job %s as job %s (priority %s, %s)", orig, job.ID, job.Priority, job.Status)
	if !cfg.WaitForCompletion.ValueBool() {
		return
	}

	final, err := followJob(ctx, resp, a.data, job.ID, timeout)
	rerunAgain := fmt.Sprintf("Invoking the action again re-runs job %s again.", orig)
	switch {
	case err == nil:
		progress(ctx, resp, "Job %s, the re-run of job %s, ended %s", job.ID, orig, final.Status)
	case errors.Is(err, errJobFailed):
		addRerunFailed(ctx, &resp.Diagnostics, a.data.client, orig, job.ID, final, rerunAgain)
	case errors.Is(err, context.DeadlineExceeded):
		addRerunTimedOut(&resp.Diagnostics, orig, job.ID, timeout, lastStatus(final, job), "timeouts.invoke", rerunAgain)
	default:
		resp.Diagnostics.AddError("Could not follow re-run job "+job.ID,
			fmt.Sprintf("Job %s, the re-run of job %s, was started, but following it failed: %s\n\n%s", job.ID, orig, err, rerunAgain))
	}
}
