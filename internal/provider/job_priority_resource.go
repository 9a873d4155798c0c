package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure   = (*jobPriorityResource)(nil)
	_ resource.ResourceWithImportState = (*jobPriorityResource)(nil)
	_ resource.ResourceWithIdentity    = (*jobPriorityResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*jobPriorityResource)(nil)
)

// NewJobPriorityResource is JobHelper's updateJobPriority(slug, priority) with a life cycle.
func NewJobPriorityResource() resource.Resource { return &jobPriorityResource{} }

type jobPriorityResource struct {
	data *providerData
}

type jobPriorityResourceModel struct {
	ID               types.String `tfsdk:"id"`
	JobID            types.String `tfsdk:"job_id"`
	Priority         types.String `tfsdk:"priority"`
	RestoreOnDestroy types.Bool   `tfsdk:"restore_on_destroy"`
	OriginalPriority types.String `tfsdk:"original_priority"`
	Status           types.String `tfsdk:"status"`
	JobType          types.String `tfsdk:"job_type"`
}

func (r *jobPriorityResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_priority"
}

type jobPriorityIdentity struct {
	JobID types.String `tfsdk:"job_id"`
}

func (i jobPriorityIdentity) importID() string { return i.JobID.ValueString() }

func (r *jobPriorityResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"job_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the job, e.g. `VX-29`."},
		},
	}
}

func (r *jobPriorityResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Keeps a job at a priority (`PUT /API/job/{id}?priority=…`), the equivalent of JobHelper's " +
			"`updateJobPriority(slug, priority)`.\n\n" +
			"Once the job has ended (`FINISHED`, `FINISHED_WARNING`, `FAILED_TOTAL`, `ABORTED`) the resource stays in " +
			"state without error. A `job_id` that does not exist fails the plan (`GET /API/job/{id}`), as it does " +
			"for the action; so does a job deleted on the server, which the refresh removes from state. Destroying " +
			"the resource leaves the job at its current priority unless `restore_on_destroy` is set, in which case a " +
			"job that is still running is put back to `original_priority`.\n\n" +
			"To set a job's priority once, without keeping it there, use the `vidispine_job_priority` action " +
			"(Terraform 1.14 or later).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The job id (same as `job_id`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"job_id": schema.StringAttribute{
				MarkdownDescription: "Id of the job, e.g. `VX-29`. Changing it replaces the resource.",
				Required:            true,
				Validators:          []validator.String{siteIDValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"priority": schema.StringAttribute{
				MarkdownDescription: priorityDescription("Priority to keep the job at") +
					" A change made on the server shows as drift and is set back on the next apply.",
				Required:   true,
				Validators: []validator.String{priorityValidator()},
			},
			"restore_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Whether destroying the resource puts a job that is still running back to " +
					"`original_priority`. Defaults to `false`: the job keeps its priority.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"original_priority": schema.StringAttribute{
				MarkdownDescription: "The job's priority before this resource changed it, recorded at create (for an " +
					"imported resource: the priority at import).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The job's state, e.g. `STARTED` or `FINISHED`, as of the last refresh.",
				Computed:            true,
			},
			"job_type": schema.StringAttribute{
				MarkdownDescription: "The job's type, e.g. `TRANSCODE`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *jobPriorityResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, at plan time, a job that does not exist (checkJobExists, as the priority
// action does), for a new job_id: a create, or a replacement by another job. The job the state
// holds was just read by Read, which removes a deleted job from state.
//
// It costs one GET /API/job/{id} when job_id is new and known, none otherwise.
func (r *jobPriorityResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var id, before types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, pathJobID, &id)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathJobID, &before)...)
	}
	if !resp.Diagnostics.HasError() && !id.Equal(before) {
		checkJobExists(ctx, r.data, id, &resp.Diagnostics)
	}
}

// Create costs GET /API/job/{id} (the priority to record as original_priority) and, when the
// job is at another priority, PUT /API/job/{id}?priority=… and GET /API/job/{id} again.
func (r *jobPriorityResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan jobPriorityResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.JobID.ValueString()
	job, err := r.data.client.GetJob(ctx, id, false)
	if err != nil {
		addJobReadError(&resp.Diagnostics, id, err)
		return
	}
	plan.OriginalPriority = types.StringValue(job.Priority)
	if job.Priority != plan.Priority.ValueString() {
		from := job.Priority
		if job, err = r.data.client.SetJobPriority(ctx, id, plan.Priority.ValueString()); err != nil {
			resp.Diagnostics.AddError("Could not set the priority of job "+id, err.Error())
			return
		}
		tflog.Info(ctx, "changed job priority", map[string]any{"job_id": id, "from": from, "to": plan.Priority.ValueString()})
	}
	plan.record(ctx, job, &resp.State, resp.Identity, &resp.Diagnostics)
}

// record records job, the job of m as the server has it, with m in state and identity.
func (m *jobPriorityResourceModel) record(ctx context.Context, job *vidispine.Job, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	m.ID = m.JobID
	m.fromJob(job)
	diags.Append(state.Set(ctx, m)...)
	setIdentity(ctx, identity, jobPriorityIdentity{JobID: m.JobID}, diags)
}

func (m *jobPriorityResourceModel) fromJob(job *vidispine.Job) {
	m.Priority = types.StringValue(job.Priority)
	m.Status = types.StringValue(job.Status)
	m.JobType = types.StringValue(job.Type)
}

// Read costs one GET /API/job/{id}.
func (r *jobPriorityResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state jobPriorityResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Terraform wants an identity even from a Read that removes the resource.
	setIdentity(ctx, resp.Identity, jobPriorityIdentity{JobID: state.JobID}, &resp.Diagnostics)
	id := state.JobID.ValueString()
	job, err := r.data.client.GetJob(ctx, id, false)
	if err != nil {
		if vidispine.IsNotFound(err) {
			tflog.Warn(ctx, "job no longer exists on the server; removing its priority from state", map[string]any{"job_id": id})
			resp.State.RemoveResource(ctx)
			return
		}
		addJobReadError(&resp.Diagnostics, id, err) // not found is handled above
		return
	}
	state.ID = types.StringValue(id)
	state.fromJob(job)
	if state.RestoreOnDestroy.IsNull() { // after import
		state.RestoreOnDestroy = types.BoolValue(false)
	}
	if state.OriginalPriority.IsNull() { // after import: the priority found is the one to go back to
		state.OriginalPriority = types.StringValue(job.Priority)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update costs PUT /API/job/{id}?priority=… when the priority differs from the refreshed state,
// and GET /API/job/{id}.
func (r *jobPriorityResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state jobPriorityResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.JobID.ValueString()
	var job *vidispine.Job
	var err error
	// The refreshed state holds the server's priority, so drift is set back here too.
	if plan.Priority.ValueString() != state.Priority.ValueString() {
		if job, err = r.data.client.SetJobPriority(ctx, id, plan.Priority.ValueString()); err != nil {
			if vidispine.IsNotFound(err) {
				resp.Diagnostics.AddAttributeError(pathJobID, "Job not found",
					fmt.Sprintf("Job %s was deleted on the Vidispine server: %s", id, err))
				return
			}
			resp.Diagnostics.AddError("Could not set the priority of job "+id, err.Error())
			return
		}
		tflog.Info(ctx, "changed job priority", map[string]any{"job_id": id, "from": state.Priority.ValueString(), "to": plan.Priority.ValueString()})
	} else if job, err = r.data.client.GetJob(ctx, id, false); err != nil {
		addPriorityReadBackError(&resp.Diagnostics, id, err)
		return
	}
	plan.OriginalPriority = state.OriginalPriority
	plan.record(ctx, job, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete puts a running job back to its original priority when restore_on_destroy is set;
// otherwise it only forgets the resource. A job that has ended or is gone is left alone.
//
// With restore_on_destroy it costs GET /API/job/{id} and, for a running job at another
// priority, PUT /API/job/{id}?priority=… and GET /API/job/{id} again; without, no request.
func (r *jobPriorityResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jobPriorityResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !state.RestoreOnDestroy.ValueBool() || state.OriginalPriority.IsNull() {
		return
	}
	id, original := state.JobID.ValueString(), state.OriginalPriority.ValueString()
	job, err := r.data.client.GetJob(ctx, id, false)
	switch {
	case vidispine.IsNotFound(err):
		return
	case err != nil:
		resp.Diagnostics.AddError("Could not read job "+id+" to restore its priority", err.Error())
		return
	case vidispine.IsTerminalState(job.Status):
		tflog.Info(ctx, "job has ended; its priority is not restored", map[string]any{"job_id": id, "status": job.Status})
		return
	case job.Priority == original:
		return
	}
	if _, err := r.data.client.SetJobPriority(ctx, id, original); err != nil && !vidispine.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not restore the priority of job "+id+" to "+original, err.Error())
		return
	}
	tflog.Info(ctx, "restored job priority", map[string]any{"job_id": id, "from": job.Priority, "to": original})
}

// ImportState accepts a job id ("VX-29") or the identity { job_id }. It sends no request: the
// Read that follows reads the job.
func (r *jobPriorityResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := importID[jobPriorityIdentity](ctx, req, &resp.Diagnostics)
	id := strings.TrimSpace(given)
	if !siteIDPattern.MatchString(id) {
		addInvalidImportID(&resp.Diagnostics, fmt.Sprintf("Import a vidispine_job_priority by its job id, %s; got %q.", siteIDHelp, given))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathJobID, id)...)
}
