package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// What the job actions (vidispine_job_rerun, vidispine_job_abort, vidispine_job_priority)
// share: the job_id attribute, waiting with a timeout, and progress messages.

const defaultActionWaitTimeout = 30 * time.Minute

func actionJobIDAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Id of the job " + what + ", e.g. `VX-29`.",
		Required:            true,
		Validators:          []validator.String{siteIDValidator()},
	}
}

func actionPriorityDescription(what string) string {
	return what + ": one of " + backtickList(vidispine.Priorities) + "."
}

func actionTimeoutsBlock(ctx context.Context, what string) schema.Block {
	return timeouts.BlockWithOpts(ctx, timeouts.Opts{InvokeDescription: fmt.Sprintf(
		"How long to wait %s when `wait_for_completion` is set, as a duration such as `2h`. Defaults to `%s`.",
		what, defaultActionWaitTimeout)})
}

// validateActionWait warns at validate time about a timeout that cannot apply because the
// action does not wait.
func validateActionWait(ctx context.Context, cfg tfsdk.Config, diags *diag.Diagnostics) {
	var wait types.Bool
	var t timeouts.Value
	diags.Append(cfg.GetAttribute(ctx, path.Root("wait_for_completion"), &wait)...)
	diags.Append(cfg.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	if diags.HasError() || !known(t) || wait.IsUnknown() || wait.ValueBool() {
		return
	}
	if invoke, ok := t.Attributes()["invoke"].(types.String); !ok || invoke.IsNull() {
		return
	}
	diags.AddAttributeWarning(path.Root("timeouts").AtName("invoke"), "Timeout without waiting",
		"timeouts.invoke only limits how long the action waits, and wait_for_completion is not true: the "+
			"action does not wait, so the timeout has no effect.")
}

// checkJobAtPlan fails the plan when the configured job does not exist, so that a wrong
// job_id shows before anything is applied. A job_id known only at apply is checked then.
func checkJobAtPlan(ctx context.Context, data *providerData, cfg tfsdk.Config, diags *diag.Diagnostics) {
	var id types.String
	diags.Append(cfg.GetAttribute(ctx, pathJobID, &id)...)
	if data == nil || diags.HasError() || !known(id) {
		return
	}
	if _, err := data.client.GetJob(ctx, id.ValueString(), false); err != nil {
		addJobError(diags, id.ValueString(), "Could not read job "+id.ValueString(), err)
	}
}

// progress sends a progress message to the CLI and logs it at info level.
func progress(ctx context.Context, resp *action.InvokeResponse, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	tflog.Info(ctx, msg)
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}
}

// followJob waits up to timeout for a job to end, sending a progress message whenever its
// state, step or step progress changes. A timeout is returned as context.DeadlineExceeded;
// a job that ended FAILED_TOTAL or ABORTED as errJobFailed.
func followJob(ctx context.Context, resp *action.InvokeResponse, data *providerData, id string, timeout time.Duration) (*vidispine.Job, error) {
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	job, err := waitForJob(waitCtx, data, id, func(j *vidispine.Job) {
		progress(ctx, resp, "%s", progressMessage(j))
	})
	if err != nil && ctx.Err() == nil && errors.Is(waitCtx.Err(), context.DeadlineExceeded) {
		err = context.DeadlineExceeded // however the client wrapped it
	}
	return job, err
}

// progressMessage says where a job is, e.g. "Job VX-12 STARTED: step 2 of 3 (Transcode)
// STARTED, 40.0 of 100 percent".
func progressMessage(job *vidispine.Job) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Job %s %s", job.ID, job.Status)
	if cs := job.CurrentStep; cs != nil && !vidispine.IsTerminalState(job.Status) {
		fmt.Fprintf(&b, ": step %d of %d", cs.Number, job.TotalSteps)
		if cs.Description != "" {
			fmt.Fprintf(&b, " (%s)", cs.Description)
		}
		if cs.Status != "" {
			fmt.Fprintf(&b, " %s", cs.Status)
		}
		if t := lastTask(job); t != nil && t.Progress != nil {
			fmt.Fprintf(&b, ", %.1f of %d %s", t.Progress.Value, t.Progress.Total, t.Progress.Unit)
		}
	}
	return b.String()
}

// lastStatus is the state of the job as last seen while waiting, else as first seen.
func lastStatus(last, first *vidispine.Job) string {
	if last != nil {
		return last.Status
	}
	return first.Status
}
