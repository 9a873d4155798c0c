package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ action.ActionWithConfigure  = (*jobPriorityAction)(nil)
	_ action.ActionWithModifyPlan = (*jobPriorityAction)(nil)
)

// NewJobPriorityAction is JobHelper's updateJobPriority(slug, priority) as a one-off
// operation: it sets the priority and keeps nothing.
func NewJobPriorityAction() action.Action { return &jobPriorityAction{} }

type jobPriorityAction struct {
	jobActionBase
}

type jobPriorityActionModel struct {
	JobID    types.String `tfsdk:"job_id"`
	Priority types.String `tfsdk:"priority"`
}

func (a *jobPriorityAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_priority"
}

func (a *jobPriorityAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sets a job's priority once (`PUT /API/job/{id}?priority=…`), without managing it: a later " +
			"change of the priority on the server is not Terraform's business. Run it by hand with " +
			"`terraform apply -invoke=action.vidispine_job_priority.NAME`, or from a resource's " +
			"`lifecycle { action_trigger { ... } }`. Requires Terraform 1.14 or later.\n\n" +
			"A job already at the priority, or one that has ended, is left alone (the priority of an ended job " +
			"schedules nothing). To keep a job at a priority, and optionally restore the old one on destroy, use the " +
			"`vidispine_job_priority` resource instead.",
		Attributes: map[string]schema.Attribute{
			"job_id": actionJobIDAttribute("whose priority to set"),
			"priority": schema.StringAttribute{
				MarkdownDescription: priorityDescription("The priority to set"),
				Required:            true,
				Validators:          []validator.String{priorityValidator()},
			},
		},
	}
}

// Invoke costs GET /API/job/{id} and, for a running job at another priority,
// PUT /API/job/{id}?priority=… and GET /API/job/{id} again.
func (a *jobPriorityAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg jobPriorityActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, want := cfg.JobID.ValueString(), cfg.Priority.ValueString()
	job, err := a.data.client.GetJob(ctx, id, false)
	if err != nil {
		addJobReadError(&resp.Diagnostics, id, err)
		return
	}
	switch {
	case vidispine.IsTerminalState(job.Status):
		progress(ctx, resp, "Job %s has already ended (%s): its priority stays %s", id, job.Status, job.Priority)
		return
	case job.Priority == want:
		progress(ctx, resp, "Job %s is already at priority %s", id, want)
		return
	}
	after, err := a.data.client.SetJobPriority(ctx, id, want)
	if err != nil {
		addJobError(&resp.Diagnostics, id, "Could not set the priority of job "+id, err)
		return
	}
	if after.Priority != want {
		resp.Diagnostics.AddWarning("Job "+id+" is at priority "+after.Priority,
			fmt.Sprintf("The server accepted priority %s for job %s but reports %s.", want, id, after.Priority))
		return
	}
	progress(ctx, resp, "Changed the priority of job %s from %s to %s", id, job.Priority, want)
}
