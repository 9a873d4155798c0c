package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// What the job actions (vidispine_job_rerun, vidispine_job_abort, vidispine_job_priority)
// share: Configure and the plan-time check of the job (jobActionBase, checkJobExists, which
// vidispine_job_priority uses too), the check of the
// timeouts of an action that waits (waitingJobActionBase), the job_id attribute, and progress
// messages while waiting (job_wait.go waits).

const defaultActionWaitTimeout = 30 * time.Minute

func actionJobIDAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Id of the job " + what + ", e.g. `VX-29`.",
		Required:            true,
		Validators:          []validator.String{siteIDValidator()},
	}
}

func actionTimeoutsBlock(ctx context.Context, what string) schema.Block {
	return timeouts.BlockWithOpts(ctx, timeouts.Opts{InvokeDescription: fmt.Sprintf(
		"How long to wait %s when `wait_for_completion` is set, as a duration such as `2h`. Defaults to `%s`.",
		what, defaultActionWaitTimeout)})
}

// jobActionBase is embedded by every job action: it gives Configure, and a ModifyPlan that
// checks at plan time that the configured job exists.
type jobActionBase struct {
	data *providerData
}

func (a *jobActionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan fails the plan when the configured job does not exist (checkJobExists).
//
// It costs one GET /API/job/{id}.
func (a *jobActionBase) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var id types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathJobID, &id)...)
	if !resp.Diagnostics.HasError() {
		checkJobExists(ctx, a.data, id, &resp.Diagnostics)
	}
}

// checkJobExists is the plan-time check of the job actions and of vidispine_job_priority: an
// error on job_id when job id does not exist, so that a wrong job_id shows before anything is
// applied. A job_id known only at apply, or a provider not configured yet, is checked then.
//
// It costs one GET /API/job/{id}.
func checkJobExists(ctx context.Context, data *providerData, id types.String, diags *diag.Diagnostics) {
	if data == nil || !known(id) {
		return
	}
	if _, err := data.client.GetJob(ctx, id.ValueString(), false); err != nil {
		addJobReadError(diags, id.ValueString(), err)
	}
}

// waitingJobActionBase is jobActionBase for an action with wait_for_completion and timeouts.
type waitingJobActionBase struct {
	jobActionBase
}

// ValidateConfig warns about a timeout that cannot apply because the action does not wait.
func (a *waitingJobActionBase) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var wait types.Bool
	var t timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("wait_for_completion"), &wait)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	if resp.Diagnostics.HasError() || !known(t) || wait.IsUnknown() || wait.ValueBool() {
		return
	}
	if invoke, ok := t.Attributes()["invoke"].(types.String); !ok || invoke.IsNull() {
		return
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("timeouts").AtName("invoke"), "Timeout without waiting",
		"timeouts.invoke only limits how long the action waits, and wait_for_completion is not true: the "+
			"action does not wait, so the timeout has no effect.")
}

// progress sends a progress message to the CLI and logs it at info level.
func progress(ctx context.Context, resp *action.InvokeResponse, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	tflog.Info(ctx, msg)
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}
}

// followJob waits up to timeout for a job to end (waitForJob), sending a progress message
// whenever its state, step or step progress changes.
func followJob(ctx context.Context, resp *action.InvokeResponse, data *providerData, id string, timeout time.Duration) (*vidispine.Job, error) {
	return waitForJob(ctx, data, id, timeout, func(j *vidispine.Job) {
		progress(ctx, resp, "%s", progressMessage(j))
	})
}

// progressMessage says where a job is, e.g. "Job VX-12 STARTED: step 2 of 3 (Transcode)
// STARTED, 40.0 of 100 percent".
func progressMessage(job *vidispine.Job) string {
	return "Job " + job.ID + " " + vidispine.JobPosition(job)
}

// lastStatus is the state of the job as last seen while waiting, else as first seen.
func lastStatus(last, first *vidispine.Job) string {
	if last != nil {
		return last.Status
	}
	return first.Status
}
