package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure   = (*jobTypeResource)(nil)
	_ resource.ResourceWithImportState = (*jobTypeResource)(nil)
)

// Range of ids the server accepts for custom job types.
const (
	minCustomJobTypeID = 20000
	maxCustomJobTypeID = 30000
)

// NewJobTypeResource manages a custom job type (POST/DELETE /API/task-definition/jobtype/{name}).
func NewJobTypeResource() resource.Resource { return &jobTypeResource{} }

type jobTypeResource struct {
	data *providerData
}

type jobTypeModel struct {
	Name   types.String `tfsdk:"name"`
	TypeID types.Int64  `tfsdk:"type_id"`
}

func (r *jobTypeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_type"
}

func (r *jobTypeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a custom job type. Its steps are `vidispine_task_definition` resources that " +
			"refer to it (`job_type = vidispine_job_type.x.name`), so the type is created before its steps and " +
			"destroyed after them. Destroying the type deletes it on the server together with any steps left in it. " +
			"Built-in job types such as `TRANSCODE` exist on every server and cannot be managed here; give their " +
			"steps to `vidispine_task_definition` directly.\n\n" +
			"The server lists job types by name only, so `type_id` cannot be read back: a type deleted on the server " +
			"is planned for re-creation, but a changed id is not detected.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the job type, " + jobTypeNameHelp + ". Prefix it with your organization, " +
					"as Vidispine recommends (`{VENDOR}_{JOB_TYPE}`). Changing it replaces the job type.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					jobTypeNameValidator(),
					notBuiltinJobType{},
				},
			},
			"type_id": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Numeric id of the job type, unique on the server, between %d and %d. "+
					"Changing it replaces the job type. After an import by name alone the id is unknown; the next "+
					"apply records the configured id without replacing the type.", minCustomJobTypeID, maxCustomJobTypeID),
				Required:      true,
				PlanModifiers: []planmodifier.Int64{requiresReplaceUnlessUnknownID{}},
				Validators:    []validator.Int64{int64validator.Between(minCustomJobTypeID, maxCustomJobTypeID)},
			},
		},
	}
}

func (r *jobTypeResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *jobTypeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan jobTypeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, id := plan.Name.ValueString(), int(plan.TypeID.ValueInt64())
	// The client refuses an existing name and never repeats the POST blindly.
	if err := r.data.client.CreateJobType(ctx, name, id); err != nil {
		detail := err.Error()
		if vidispine.IsConflict(err) {
			detail += fmt.Sprintf("\n\nA job type named %s (built-in, or custom and created elsewhere), or one with "+
				"id %d, already exists. To manage an existing custom type, import it (terraform import ADDRESS %s/%d).",
				name, id, name, id)
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Could not create job type %s (id %d)", name, id), detail)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *jobTypeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state jobTypeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	names, err := r.data.client.ListJobTypes(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not list job types", err.Error())
		return
	}
	if !slices.Contains(names, state.Name.ValueString()) {
		resp.State.RemoveResource(ctx)
		return
	}
	// The name is all the server tells; type_id stays as recorded.
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update only records a type_id in state that an import by name left unknown (see
// requiresReplaceUnlessUnknownID); every other change replaces the job type.
func (r *jobTypeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan jobTypeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *jobTypeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jobTypeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.Name.ValueString()
	if err := r.data.client.DeleteJobType(ctx, name); err != nil && !vidispine.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not delete job type "+name, err.Error())
	}
}

// ImportState accepts a job type name ("ACME_PUBLISH") or a name and its id
// ("ACME_PUBLISH/20001"); the server does not tell the id, so only the second form records it.
func (r *jobTypeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name, idText, withID := strings.Cut(req.ID, "/")
	if !jobTypeNamePattern.MatchString(name) {
		resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf(
			"%q is not a job type name: use NAME or NAME/TYPE_ID, with NAME %s, e.g. ACME_PUBLISH/20001.", req.ID, jobTypeNameHelp))
		return
	}
	if slices.Contains(vidispine.BuiltinJobTypes, name) {
		resp.Diagnostics.AddError("Cannot import a built-in job type", builtinJobTypeDetail(name))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	if !withID {
		return
	}
	id, err := strconv.Atoi(idText)
	if err != nil || id < minCustomJobTypeID || id > maxCustomJobTypeID {
		resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf(
			"%q: the type id after the slash must be a number between %d and %d.", req.ID, minCustomJobTypeID, maxCustomJobTypeID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("type_id"), int64(id))...)
}

func builtinJobTypeDetail(name string) string {
	return fmt.Sprintf("%s is a built-in job type: it exists on every Vidispine server and cannot be created, "+
		"imported or deleted. Manage its steps with vidispine_task_definition (job_type = %q) and pick a name of "+
		"your own for a custom job type, e.g. ACME_%s.", name, name, name)
}

// notBuiltinJobType refuses, at validate time, the names of Vidispine's built-in job types.
type notBuiltinJobType struct{}

func (notBuiltinJobType) Description(context.Context) string {
	return "must not be a built-in job type (" + strings.Join(vidispine.BuiltinJobTypes, ", ") + ")"
}

func (v notBuiltinJobType) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBuiltinJobType) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if name := req.ConfigValue.ValueString(); slices.Contains(vidispine.BuiltinJobTypes, name) {
		resp.Diagnostics.AddAttributeError(req.Path, "Built-in job type", builtinJobTypeDetail(name))
	}
}

// requiresReplaceUnlessUnknownID replaces the job type when type_id changes, except when the
// state has no id (after an import by name): then the configured id is recorded in place.
type requiresReplaceUnlessUnknownID struct{}

func (requiresReplaceUnlessUnknownID) Description(context.Context) string {
	return "Changing the value replaces the job type, unless the current id is unknown (after an import by name)."
}

func (m requiresReplaceUnlessUnknownID) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (requiresReplaceUnlessUnknownID) PlanModifyInt64(_ context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || req.StateValue.IsNull() {
		return
	}
	if !req.PlanValue.Equal(req.StateValue) {
		resp.RequiresReplace = true
	}
}
