package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure   = (*jobRerunResource)(nil)
	_ resource.ResourceWithImportState = (*jobRerunResource)(nil)
	_ resource.ResourceWithIdentity    = (*jobRerunResource)(nil)
)

// rerunImportedKey marks, in private state, a re-run adopted by import whose priority and
// triggers are not yet known: the first apply records them from the configuration instead of
// re-running the job again.
const rerunImportedKey = "imported"

const defaultRerunCreateTimeout = 30 * time.Minute

// NewJobRerunResource is JobHelper's reRun(job_id), once per change of triggers.
func NewJobRerunResource() resource.Resource { return &jobRerunResource{} }

type jobRerunResource struct {
	data *providerData
}

type jobRerunResourceModel struct {
	ID                types.String   `tfsdk:"id"`
	JobID             types.String   `tfsdk:"job_id"`
	Priority          types.String   `tfsdk:"priority"`
	Triggers          types.Map      `tfsdk:"triggers"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	NewJobID          types.String   `tfsdk:"new_job_id"`
	Status            types.String   `tfsdk:"status"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

func (r *jobRerunResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_rerun"
}

// jobRerunIdentity is a re-run: the job that was duplicated and the job the duplicate is.
type jobRerunIdentity struct {
	JobID    types.String `tfsdk:"job_id"`
	NewJobID types.String `tfsdk:"new_job_id"`
}

func (i jobRerunIdentity) importID() string {
	return i.JobID.ValueString() + "/" + i.NewJobID.ValueString()
}

func (r *jobRerunResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"job_id":     identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the job that was re-run, e.g. `VX-55`."},
			"new_job_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the job the re-run started, e.g. `VX-110`."},
		},
	}
}

func (r *jobRerunResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Re-runs a job (`POST /API/job/{id}/re-run`): the server copies the job, with its type " +
			"and job data, and starts the copy. The equivalent of JobHelper's `reRun(job_id)`.\n\n" +
			"The job is re-run once when the resource is created and again whenever `job_id`, `priority` or " +
			"`triggers` change (the resource is replaced). The re-run request is never sent twice for one create: " +
			"after a network failure or a 502/503/504 the provider looks for the new job on the server before it " +
			"tries again.\n\n" +
			"**Destroy** only forgets the re-run: the new job is neither aborted nor deleted. A new job that is later " +
			"removed from the server's job history stays in state, so cleaning up old jobs never re-runs anything.\n\n" +
			"**A failed wait** (the job ended `FAILED_TOTAL` or `ABORTED`, or the create timeout ran out) fails the " +
			"apply but keeps the new job id in state, so the re-run that did happen is not lost. Terraform marks the " +
			"resource tainted, so the next apply re-runs the job again; if that is not wanted — for example because " +
			"the job is still running after a timeout — keep it with `terraform untaint`.\n\n" +
			"**Import** adopts a re-run made elsewhere (for example by JobHelper's `reRun`) as " +
			"`ORIGINAL_JOB_ID/NEW_JOB_ID`. The server does not record a re-run's triggers, so the first apply after " +
			"the import records `priority` and `triggers` from the configuration in place, without re-running; " +
			"later changes re-run as usual.\n\n" +
			"To re-run a job on demand or from another resource's change, without keeping anything in state, use the " +
			"`vidispine_job_rerun` action (Terraform 1.14 or later).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Id of the new job (same as `new_job_id`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"job_id": schema.StringAttribute{
				MarkdownDescription: "Id of the job to re-run, e.g. `VX-29`. Changing it re-runs (replaces).",
				Required:            true,
				Validators:          []validator.String{siteIDValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"priority": schema.StringAttribute{
				MarkdownDescription: priorityDescription("Priority of the new job") +
					" Unset: the original job's priority. Changing it re-runs (replaces). Later changes of the new " +
					"job's priority are not tracked here; use `vidispine_job_priority` for that.",
				Optional:   true,
				Validators: []validator.String{priorityValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(
					func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !adoptedByImport(ctx, req.Private, req.StateValue.IsNull())
					}, rerunReplaceDescription, rerunReplaceDescription)},
			},
			"triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values; any change re-runs the job again (replaces the resource). " +
					"For example a build number or the checksum of a transcode preset.",
				Optional:    true,
				ElementType: types.StringType,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplaceIf(
					func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
						resp.RequiresReplace = !adoptedByImport(ctx, req.Private, req.StateValue.IsNull())
					}, rerunReplaceDescription, rerunReplaceDescription)},
			},
			"wait_for_completion": schema.BoolAttribute{
				MarkdownDescription: "Whether the apply waits, after re-running, until the new job has ended (within " +
					"the `create` timeout), logging its progress at info level. A job that ends `FAILED_TOTAL` or " +
					"`ABORTED` fails the apply with the job's problem and the message of its last step. Defaults to " +
					"`false`. Changing it alone re-runs nothing.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"new_job_id": schema.StringAttribute{
				MarkdownDescription: "Id of the job the re-run started.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "State of the new job as of the last refresh, e.g. `STARTED` or `FINISHED`.",
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create:            true,
				CreateDescription: fmt.Sprintf("How long to wait for the new job to end when `wait_for_completion` is set, as a duration such as `2h`. Defaults to `%s`.", defaultRerunCreateTimeout),
			}),
		},
	}
}

func (r *jobRerunResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create re-runs the job (vidispine.Client.RerunJob): GET /API/job/{id}?metadata=true (the
// original), GET /API/job (the newest job, to recognise the new one after a POST whose outcome
// is unknown) and one POST /API/job/{id}/re-run. With wait_for_completion it adds
// GET /API/job/{new_job_id} every poll interval until the job ends, and
// GET /API/job/{new_job_id}/problem when it fails.
func (r *jobRerunResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan jobRerunResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultRerunCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	orig := plan.JobID.ValueString()
	job, err := r.data.client.RerunJob(ctx, orig, plan.Priority.ValueString())
	if err != nil {
		addJobError(&resp.Diagnostics, orig, "Could not re-run job "+orig, err)
		return
	}
	tflog.Info(ctx, "re-ran job", map[string]any{"job_id": orig, "new_job_id": job.ID, "priority": job.Priority})
	plan.ID = types.StringValue(job.ID)
	plan.NewJobID = types.StringValue(job.ID)
	plan.Status = types.StringValue(job.Status)

	if plan.WaitForCompletion.ValueBool() {
		final, err := waitForJob(ctx, r.data, job.ID, timeout, func(j *vidispine.Job) {
			tflog.Info(ctx, "waiting for re-run job", jobProgressFields(j))
		})
		if final != nil {
			plan.Status = types.StringValue(final.Status)
		}
		if err != nil {
			// The re-run happened: keep its id in state (Terraform taints the resource) and fail.
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			setIdentity(ctx, resp.Identity, jobRerunIdentity{JobID: plan.JobID, NewJobID: plan.NewJobID}, &resp.Diagnostics)
			resp.Diagnostics.Append(r.waitError(ctx, orig, job.ID, timeout, final, err)...)
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, jobRerunIdentity{JobID: plan.JobID, NewJobID: plan.NewJobID}, &resp.Diagnostics)
}

// waitError explains why waiting for the new job failed: its problem and last step message
// when it failed, or the timeout.
func (r *jobRerunResource) waitError(ctx context.Context, orig, id string, timeout time.Duration, job *vidispine.Job, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	kept := fmt.Sprintf("The new job %s is kept in state and the resource is tainted: the next apply re-runs job %s "+
		"again. To keep this re-run instead, run `terraform untaint` on the resource.", id, orig)
	switch {
	case errors.Is(err, errJobFailed):
		addRerunFailed(ctx, &diags, r.data.client, orig, id, job, kept)
	case errors.Is(err, context.DeadlineExceeded):
		status := "unknown"
		if job != nil {
			status = job.Status
		}
		addRerunTimedOut(&diags, orig, id, timeout, status, "timeouts.create", kept)
	default:
		diags.AddError("Could not follow re-run job "+id, err.Error()+"\n\n"+kept)
	}
	return diags
}

// Read refreshes the new job's state. A new job that is gone from the server (job history
// cleaned up) stays in state: removing it would plan another re-run.
//
// Read costs one GET /API/job/{new_job_id}.
func (r *jobRerunResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state jobRerunResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.NewJobID.ValueString()
	job, err := r.data.client.GetJob(ctx, id, false)
	switch {
	case vidispine.IsNotFound(err):
		tflog.Warn(ctx, "re-run job no longer exists on the server; keeping the re-run in state so that it is not repeated",
			map[string]any{"job_id": state.JobID.ValueString(), "new_job_id": id})
	case err != nil:
		resp.Diagnostics.AddError("Could not read re-run job "+id, err.Error())
		return
	default:
		state.Status = types.StringValue(job.Status)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, jobRerunIdentity{JobID: state.JobID, NewJobID: state.NewJobID}, &resp.Diagnostics)
}

// Update only happens for wait_for_completion and timeouts, which act at create: nothing to
// send. The status is refreshed.
//
// Update costs one GET /API/job/{new_job_id}.
func (r *jobRerunResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state jobRerunResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.NewJobID, plan.Status = state.ID, state.NewJobID, state.Status
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, rerunImportedKey, nil)...)
	if job, err := r.data.client.GetJob(ctx, state.NewJobID.ValueString(), false); err == nil {
		plan.Status = types.StringValue(job.Status)
	} else if !vidispine.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not read re-run job "+state.NewJobID.ValueString(), err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, jobRerunIdentity{JobID: plan.JobID, NewJobID: plan.NewJobID}, &resp.Diagnostics)
}

// Delete forgets the re-run; the new job is left alone on the server.
//
// It sends no request.
func (r *jobRerunResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var state jobRerunResourceModel
	if diags := req.State.Get(ctx, &state); !diags.HasError() {
		tflog.Info(ctx, "forgetting re-run; the job is left on the server",
			map[string]any{"job_id": state.JobID.ValueString(), "new_job_id": state.NewJobID.ValueString()})
	}
}

const rerunReplaceDescription = "A change re-runs the job again (replaces the resource), except on the first " +
	"apply after an import, which records the configured value."

// adoptedByImport tells whether an attribute without a value in state belongs to a re-run
// adopted by import, so that the configuration's value is recorded rather than re-running.
func adoptedByImport(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}, stateIsNull bool) bool {
	if !stateIsNull || private == nil {
		return false
	}
	v, diags := private.GetKey(ctx, rerunImportedKey)
	return !diags.HasError() && string(v) == "true"
}

// ImportState adopts a re-run made elsewhere (for example by JobHelper's reRun), given as
// ORIGINAL_JOB_ID/NEW_JOB_ID. The first apply after it records priority and triggers from the
// configuration without re-running the job.
//
// It costs GET /API/job/{id} of each of the two jobs.
func (r *jobRerunResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := importID[jobRerunIdentity](ctx, req, &resp.Diagnostics)
	orig, newID, ok := strings.Cut(given, "/")
	if !ok || !siteIDPattern.MatchString(orig) || !siteIDPattern.MatchString(newID) {
		addInvalidImportID(&resp.Diagnostics, fmt.Sprintf("Import a re-run as ORIGINAL_JOB_ID/NEW_JOB_ID, e.g. VX-55/VX-110; got %q.", given))
		return
	}
	original, err := r.data.client.GetJob(ctx, orig, false)
	if err != nil {
		addJobReadError(&resp.Diagnostics, orig, err)
		return
	}
	rerun, err := r.data.client.GetJob(ctx, newID, false)
	if err != nil {
		addJobReadError(&resp.Diagnostics, newID, err)
		return
	}
	if rerun.Type != original.Type {
		resp.Diagnostics.AddError("Not a re-run of "+orig,
			fmt.Sprintf("Job %s is a %s job and job %s a %s job: a re-run has the original's type.", newID, rerun.Type, orig, original.Type))
		return
	}
	for attr, v := range map[string]string{"id": newID, "job_id": orig, "new_job_id": newID, "status": rerun.Status} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for_completion"), false)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, rerunImportedKey, []byte("true"))...)
}
