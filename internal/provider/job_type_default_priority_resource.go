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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure   = (*jobTypeDefaultPriorityResource)(nil)
	_ resource.ResourceWithImportState = (*jobTypeDefaultPriorityResource)(nil)
	_ resource.ResourceWithIdentity    = (*jobTypeDefaultPriorityResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*jobTypeDefaultPriorityResource)(nil)
)

// NewJobTypeDefaultPriorityResource manages the default priority of one job type, an entry of
// the shared document /API/configuration/job-priority.
func NewJobTypeDefaultPriorityResource() resource.Resource { return &jobTypeDefaultPriorityResource{} }

type jobTypeDefaultPriorityResource struct {
	data *providerData
}

type jobTypeDefaultPriorityModel struct {
	JobType  types.String `tfsdk:"job_type"`
	Priority types.String `tfsdk:"priority"`
}

func (r *jobTypeDefaultPriorityResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_type_default_priority"
}

type jobTypeDefaultPriorityIdentity struct {
	JobType types.String `tfsdk:"job_type"`
}

func (i jobTypeDefaultPriorityIdentity) importID() string { return i.JobType.ValueString() }

func (r *jobTypeDefaultPriorityResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"job_type": identityschema.StringAttribute{RequiredForImport: true, Description: "The job type, e.g. `TRANSCODE`."},
		},
	}
}

func (r *jobTypeDefaultPriorityResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The priority a job of one type gets when whoever starts it names none: one entry of the " +
			"server's default job priorities (`/API/configuration/job-priority`).\n\n" +
			"The server keeps the defaults of every job type in one document. Each resource owns the entry of its " +
			"own job type only: it reads the document, changes its entry and writes the document back, so several " +
			"resources, in one configuration or in several, can each own their own job types. Within one Terraform " +
			"run the writes are made one after the other, each starting from a fresh read; two runs (two " +
			"configurations, or another tool) writing at the same instant can still lose one of the changes, which " +
			"the next plan shows as drift. A job type that already has a default on the server cannot be created " +
			"again (import it), and two resources for one job type are an error at plan.\n\n" +
			"Default priorities are newer than the VidiCore 5.0 API: a server without them (it answers 404) is " +
			"reported at plan time. Destroying the resource removes the job type's default; the other types keep theirs.",
		Attributes: map[string]schema.Attribute{
			"job_type": schema.StringAttribute{
				MarkdownDescription: "The job type, built-in (`TRANSCODE`) or custom (`ACME_PUBLISH`). Changing it " +
					"replaces the resource.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{jobTypeNameValidator()},
			},
			"priority": schema.StringAttribute{
				MarkdownDescription: priorityDescription("Default priority of the job type's jobs"),
				Required:            true,
				Validators:          []validator.String{priorityValidator()},
			},
		},
	}
}

func (r *jobTypeDefaultPriorityResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses at plan time what cannot be applied: a server without default job
// priorities, a second resource for the same job type, and creating the default of a job type
// that already has one on the server.
//
// It costs one GET /API/configuration/job-priority per run, shared with every Read.
func (r *jobTypeDefaultPriorityResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan jobTypeDefaultPriorityModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !known(plan.JobType) {
		return
	}
	jobType := plan.JobType.ValueString()
	doc, err := r.data.defaultJobPriorities(ctx)
	switch {
	case vidispine.IsUnsupported(err):
		resp.Diagnostics.AddAttributeError(path.Root("job_type"), "Default job priorities not supported by the server",
			fmt.Sprintf("The Vidispine server has no default job priorities (/API/configuration/job-priority), which "+
				"VidiCore releases newer than the 5.0 API have: %s. Remove the vidispine_job_type_default_priority "+
				"resources, or upgrade the server.", err))
		return
	case err != nil:
		// Any other failure is reported by the request that needs the document.
		tflog.Warn(ctx, "could not read the default job priorities at plan time", map[string]any{"error": err.Error()})
	}
	if !claimAlone(ctx, r.data, "vidispine_job_type_default_priority/"+jobType, req, resp) {
		resp.Diagnostics.AddAttributeError(path.Root("job_type"), "Duplicate default priority",
			fmt.Sprintf("More than one vidispine_job_type_default_priority of this provider configuration sets the "+
				"default priority of job type %s; they would overwrite each other. Keep one.", jobType))
		return
	}
	if req.State.Raw.IsNull() && doc != nil {
		if current, ok := doc.Priority(jobType); ok {
			resp.Diagnostics.AddAttributeError(path.Root("job_type"), "Job type already has a default priority",
				fmt.Sprintf("Job type %s already has the default priority %s on the server, set by another configuration "+
					"or by hand. To manage it here, import it (terraform import ADDRESS %s, or an import block); to leave "+
					"it to its owner, remove this resource.", jobType, current, jobType))
		}
	}
}

// Create costs GET /API/configuration/job-priority, PUT /API/configuration/job-priority and
// GET again (the PUT answers nothing).
func (r *jobTypeDefaultPriorityResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan jobTypeDefaultPriorityModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !resp.Diagnostics.HasError() {
		r.write(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
	}
}

// Update costs GET /API/configuration/job-priority, PUT /API/configuration/job-priority and
// GET again.
func (r *jobTypeDefaultPriorityResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan jobTypeDefaultPriorityModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !resp.Diagnostics.HasError() {
		r.write(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
	}
}

// write sets the job type's entry in the server's document, leaving the other types' entries
// as they are, and records the stored entry.
func (r *jobTypeDefaultPriorityResource) write(ctx context.Context, plan *jobTypeDefaultPriorityModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	jobType, priority := plan.JobType.ValueString(), plan.Priority.ValueString()
	doc, err := r.data.client.UpdateDefaultJobPriorities(ctx, func(p *vidispine.DefaultJobPriorities) { p.Set(jobType, priority) })
	r.data.defaultPriorities.forget("", nil)
	if err != nil {
		diags.AddError("Could not set the default priority of job type "+jobType, err.Error())
		return
	}
	stored, ok := doc.Priority(jobType)
	if !ok {
		diags.AddError("Default priority not stored",
			fmt.Sprintf("The server accepted the default priority %s of job type %s but does not list it when read back.", priority, jobType))
		return
	}
	plan.Priority = types.StringValue(stored)
	diags.Append(state.Set(ctx, plan)...)
	setIdentity(ctx, identity, jobTypeDefaultPriorityIdentity{JobType: plan.JobType}, diags)
}

// Read costs one GET /API/configuration/job-priority per run, shared by every
// vidispine_job_type_default_priority of the run; a default removed on the server removes the
// resource from state.
func (r *jobTypeDefaultPriorityResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state jobTypeDefaultPriorityModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	setIdentity(ctx, resp.Identity, jobTypeDefaultPriorityIdentity{JobType: state.JobType}, &resp.Diagnostics)
	doc, err := r.data.defaultJobPriorities(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not read the default job priorities", err.Error())
		return
	}
	jobType := state.JobType.ValueString()
	priority, ok := doc.Priority(jobType)
	if !ok {
		tflog.Warn(ctx, "job type has no default priority on the server any more; removing it from state", map[string]any{"job_type": jobType})
		resp.State.RemoveResource(ctx)
		return
	}
	state.Priority = types.StringValue(priority)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete removes the job type's entry: GET /API/configuration/job-priority,
// PUT /API/configuration/job-priority with the other entries, and GET again.
func (r *jobTypeDefaultPriorityResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jobTypeDefaultPriorityModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	jobType := state.JobType.ValueString()
	_, err := r.data.client.UpdateDefaultJobPriorities(ctx, func(p *vidispine.DefaultJobPriorities) { p.Remove(jobType) })
	r.data.defaultPriorities.forget("", nil)
	if err != nil {
		resp.Diagnostics.AddError("Could not remove the default priority of job type "+jobType, err.Error())
	}
}

// ImportState accepts a job type name ("TRANSCODE") or the identity { job_type }. It sends no
// request: the Read that follows reads the default.
func (r *jobTypeDefaultPriorityResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := importID[jobTypeDefaultPriorityIdentity](ctx, req, &resp.Diagnostics)
	jobType := strings.TrimSpace(given)
	if !jobTypeNamePattern.MatchString(jobType) {
		addInvalidImportID(&resp.Diagnostics, fmt.Sprintf("Import a vidispine_job_type_default_priority by its job type, %s; got %q.", jobTypeNameHelp, given))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("job_type"), jobType)...)
}
