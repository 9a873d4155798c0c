package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ action.ActionWithConfigure      = (*jobAbortAction)(nil)
	_ action.ActionWithModifyPlan     = (*jobAbortAction)(nil)
	_ action.ActionWithValidateConfig = (*jobAbortAction)(nil)
)

// NewJobAbortAction aborts a running job (DELETE /API/job/{id}).
func NewJobAbortAction() action.Action { return &jobAbortAction{} }

type jobAbortAction struct {
	waitingJobActionBase
}

type jobAbortActionModel struct {
	JobID             types.String   `tfsdk:"job_id"`
	Reason            types.String   `tfsdk:"reason"`
	Cleanup           types.Bool     `tfsdk:"cleanup"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

func (a *jobAbortAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_abort"
}

func (a *jobAbortAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Aborts a running job (`DELETE /API/job/{id}`). The job is not deleted: it ends " +
			"`ABORTED`, usually after a while in `ABORTED_PENDING` while its cleanup steps run. Run it by hand with " +
			"`terraform apply -invoke=action.vidispine_job_abort.NAME`, or from a resource's " +
			"`lifecycle { action_trigger { ... } }`. Requires Terraform 1.14 or later.\n\n" +
			"Aborting a job that has already ended (`FINISHED`, `FINISHED_WARNING`, `FAILED_TOTAL`, `ABORTED`) sends " +
			"nothing and succeeds with a message saying so; a job already being aborted is not asked again.",
		Attributes: map[string]schema.Attribute{
			"job_id": actionJobIDAttribute("to abort"),
			"reason": schema.StringAttribute{
				MarkdownDescription: "Reason for the abort, recorded by the server with the job.",
				Optional:            true,
			},
			"cleanup": schema.BoolAttribute{
				MarkdownDescription: "Whether the job's cleanup steps run before it is aborted. `false` skips them " +
					"unless the job is already running, so a `READY` job is `ABORTED` at once. Defaults to `true`, the " +
					"server's default.",
				Optional: true,
			},
			"wait_for_completion": schema.BoolAttribute{
				MarkdownDescription: "Whether the action waits until the job has ended (within `timeouts.invoke`), " +
					"reporting its state as it changes. A job that ends `FAILED_TOTAL` before the abort takes effect " +
					"fails the action with the job's problem; one that ends `FINISHED` is a warning. Defaults to " +
					"`false`: the action returns once the server has accepted the abort.",
				Optional: true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": actionTimeoutsBlock(ctx, "for the job to be aborted"),
		},
	}
}

// Invoke costs GET /API/job/{id} and, for a running job not yet being aborted,
// DELETE /API/job/{id}?cleanup=… (and GET /API/job/{id} again when the server refuses). With
// wait_for_completion it adds GET /API/job/{id} every poll interval until the job ends, and
// GET /API/job/{id}/problem when it ends FAILED_TOTAL.
func (a *jobAbortAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg jobAbortActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := cfg.Timeouts.Invoke(ctx, defaultActionWaitTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	id := cfg.JobID.ValueString()
	job, err := a.data.client.GetJob(ctx, id, false)
	if err != nil {
		addJobReadError(&resp.Diagnostics, id, err)
		return
	}
	switch {
	case vidispine.IsTerminalState(job.Status):
		progress(ctx, resp, "Job %s has already ended (%s): nothing to abort", id, job.Status)
		return
	case vidispine.IsAbortPending(job.Status):
		progress(ctx, resp, "Job %s is already being aborted (%s)", id, job.Status)
	default:
		cleanup := cfg.Cleanup.IsNull() || cfg.Cleanup.ValueBool()
		if err := a.data.client.AbortJob(ctx, id, cfg.Reason.ValueString(), cleanup); err != nil {
			// The job may have ended between the read and the abort; a server may refuse to
			// abort an ended job (undocumented), which is the no-op case above.
			if now, gerr := a.data.client.GetJob(ctx, id, false); gerr == nil && vidispine.IsTerminalState(now.Status) {
				progress(ctx, resp, "Job %s has already ended (%s): nothing to abort", id, now.Status)
				return
			}
			addJobError(&resp.Diagnostics, id, "Could not abort job "+id, err)
			return
		}
		progress(ctx, resp, "Asked the server to abort job %s (it was %s)", id, job.Status)
	}
	if !cfg.WaitForCompletion.ValueBool() {
		return
	}

	final, err := followJob(ctx, resp, a.data, id, timeout)
	switch {
	case final != nil && final.Status == "ABORTED":
		progress(ctx, resp, "Job %s is aborted", id)
	case errors.Is(err, errJobFailed):
		// It failed before the abort took effect. A failing job is always an error, so that an
		// action_trigger's on_failure (Terraform 1.16) decides what happens next.
		resp.Diagnostics.AddError("Job "+id+" ended "+final.Status+" before the abort took effect",
			fmt.Sprintf("Job %s ended %s before the abort took effect.%s", id, final.Status,
				jobFailure(ctx, a.data.client, final)))
	case err == nil:
		// It finished before the abort took effect: not running any more, as asked.
		resp.Diagnostics.AddWarning("Job "+id+" ended "+final.Status+", not ABORTED",
			fmt.Sprintf("Job %s ended %s before the abort took effect.", id, final.Status))
	case errors.Is(err, context.DeadlineExceeded):
		resp.Diagnostics.AddError("Timed out waiting for job "+id+" to be aborted",
			fmt.Sprintf("Job %s had not ended %s after the abort (last state %s); the server may still be running its "+
				"cleanup steps. Raise timeouts.invoke to wait longer.", id, timeout, lastStatus(final, job)))
	default:
		resp.Diagnostics.AddError("Could not follow job "+id+" after the abort", err.Error())
	}
}
