package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure        = (*taskDefinitionResource)(nil)
	_ resource.ResourceWithImportState      = (*taskDefinitionResource)(nil)
	_ resource.ResourceWithConfigValidators = (*taskDefinitionResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*taskDefinitionResource)(nil)
	_ resource.ResourceWithIdentity         = (*taskDefinitionResource)(nil)
	_ resource.ResourceWithMoveState        = (*taskDefinitionResource)(nil)
)

// NewTaskDefinitionResource manages one step of a job type (a TaskDefinitionDocument).
func NewTaskDefinitionResource() resource.Resource { return &taskDefinitionResource{} }

type taskDefinitionResource struct {
	data *providerData
}

func (r *taskDefinitionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task_definition"
	// The identity is { job_type, step }, and renumbering a step is an in-place update.
	resp.ResourceBehavior.MutableIdentity = true
}

// taskDefinitionIdentity is a step of a job type. Renumbering a step is an in-place update, so
// this identity is mutable (see Metadata).
type taskDefinitionIdentity struct {
	JobType types.String `tfsdk:"job_type"`
	Step    types.Int64  `tfsdk:"step"`
}

func (i taskDefinitionIdentity) importID() string {
	return fmt.Sprintf("%s/%d", i.JobType.ValueString(), i.Step.ValueInt64())
}

func (m taskDefinitionModel) identity() taskDefinitionIdentity {
	return taskDefinitionIdentity{JobType: m.JobType, Step: m.Step}
}

func (r *taskDefinitionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"job_type": identityschema.StringAttribute{RequiredForImport: true, Description: "Job type of the step, e.g. `ACME_PUBLISH`."},
			"step":     identityschema.Int64Attribute{RequiredForImport: true, Description: "Step number within the job type, e.g. `20`."},
		},
	}
}

func (r *taskDefinitionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	nonEmpty := stringvalidator.LengthAtLeast(1)
	dependency := func(desc string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{
			MarkdownDescription: desc,
			Optional:            true,
			Attributes: map[string]schema.Attribute{
				"step": schema.Int64Attribute{
					MarkdownDescription: descDependencyStep,
					Optional:            true,
					Validators:          []validator.Int64{serverIntAtLeast(0)},
				},
				"previous": schema.BoolAttribute{
					MarkdownDescription: descDependencyPrevious,
					Optional:            true,
				},
				"all_previous": schema.BoolAttribute{
					MarkdownDescription: descDependencyAllPrevious,
					Optional:            true,
				},
			},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages one step of a job type: a task definition (`/API/task-definition`). A step runs " +
			"either a JavaScript `script` or a Java `bean` + `method`. Changing a step updates it in place (`PUT`), so " +
			"only the changed steps of a pipeline show in a plan; changing `job_type` replaces it.\n\n" +
			"**One definition per step.** A job type has at most one task definition per step number. If the step is " +
			"already defined on the server, the plan fails with an error that names the job type, the step and the " +
			"existing task definition's id — import it instead of creating it. Two resources in one configuration " +
			"that claim the same new step cannot be told apart at plan time (a resource does not see its siblings): " +
			"the first one created wins and the other fails at apply with the same error. Creation never makes a " +
			"duplicate: after a lost answer to the `POST` the provider looks the step up before trying again.\n\n" +
			"A replacement (`terraform apply -replace=ADDRESS`, a tainted resource) is planned like a new step: its " +
			"own step, unchanged on the server, is then reported as a warning, not refused.\n\n" +
			"**Managed and preserved.** The attributes below are managed; `metadata` only when it is set. " +
			"Everything else the server holds for the step is preserved: its metadata while `metadata` is left out, " +
			"and any member the provider does not know. An update reads the stored document and changes only the " +
			"managed fields before writing it back.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: descTaskID,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"job_type": schema.StringAttribute{
				MarkdownDescription: descTaskJobType + " For a custom type, refer to it " +
					"(`vidispine_job_type.x.name`) so the type is created first. Changing it replaces the step.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{jobTypeNameValidator()},
			},
			"step": schema.Int64Attribute{
				MarkdownDescription: descTaskStep + " Changing it renumbers the step in place.",
				Required:            true,
				Validators:          []validator.Int64{serverIntAtLeast(0)},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: descTaskDescription,
				Optional:            true,
				Validators:          []validator.String{nonEmpty},
			},
			"script": schema.StringAttribute{
				MarkdownDescription: descTaskScript + " Exactly one of `script` and `bean` must be set. " + descScriptChecked,
				Optional:            true,
				Validators: []validator.String{nonEmpty, scriptValidator{}, stringvalidator.ConflictsWith(
					path.MatchRoot("bean"), path.MatchRoot("method"))},
			},
			"bean": schema.StringAttribute{
				MarkdownDescription: descTaskBean,
				Optional:            true,
				Validators:          []validator.String{nonEmpty, stringvalidator.AlsoRequires(path.MatchRoot("method"))},
			},
			"method": schema.StringAttribute{
				MarkdownDescription: descTaskMethod + " After create and update the server checks that `bean` resolves " +
					"and has the method (`GET /API/task-definition/{id}/validate`); if not, the apply fails with the " +
					"server's reason (a new step is removed again, a changed one stays in state).",
				Optional:   true,
				Validators: []validator.String{nonEmpty, stringvalidator.AlsoRequires(path.MatchRoot("bean"))},
			},
			"plugin": schema.BoolAttribute{
				MarkdownDescription: descTaskPlugin,
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(defaultTaskPlugin),
				// false is what a script step holds too, and what generated configuration writes.
				Validators: []validator.Bool{trueRequires{path.Root("bean")}},
			},
			"critical": schema.BoolAttribute{
				MarkdownDescription: descTaskCritical,
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(defaultTaskCritical),
			},
			"cleanup": schema.BoolAttribute{
				MarkdownDescription: descTaskCleanup,
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(defaultTaskCleanup),
			},
			"flags": schema.Int64Attribute{
				MarkdownDescription: descTaskFlags,
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(defaultTaskFlags),
				Validators:          []validator.Int64{serverIntAtLeast(0)},
			},
			"extradata": schema.StringAttribute{
				MarkdownDescription: descTaskExtradata,
				Optional:            true,
				Validators:          []validator.String{nonEmpty},
			},
			"dependency":          dependency(descTaskDependency),
			"parallel_dependency": dependency(descTaskParallelDependency),
			"metadata": schema.MapAttribute{
				MarkdownDescription: descTaskMetadata + " Set it to manage the metadata as a whole (`{}` removes " +
					"it); leave it out to keep whatever the server holds.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
			},
		},
	}
}

func (r *taskDefinitionResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("script"), path.MatchRoot("bean")),
	}
}

func (r *taskDefinitionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, at plan time, a step that another task definition already holds on the
// server: for a planned create, and for an update that moves the step to another number.
func (r *taskDefinitionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.Plan.Raw.IsNull() {
		return
	}
	var plan taskDefinitionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.JobType.IsUnknown() || plan.Step.IsUnknown() {
		return
	}
	ownID := 0
	if !req.State.Raw.IsNull() {
		var state taskDefinitionModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if state.JobType.Equal(plan.JobType) && state.Step.Equal(plan.Step) {
			return // the step stays where it is
		}
		ownID, _ = parseTaskDefinitionID(state.ID)
	}

	// The walk's list of the job type's steps: a job type not created yet has none.
	jobType, step := plan.JobType.ValueString(), int(plan.Step.ValueInt64())
	existing, err := r.data.stepHolder(ctx, jobType, step, false)
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(path.Root("step"), "Could not check whether the step is free",
			fmt.Sprintf("Looking up step %d of job type %s failed: %s", step, jobType, err))
	case existing != nil && existing.ID != ownID && ownID == 0 && r.plansStepAsHeld(ctx, req.Plan, existing, &resp.Diagnostics):
		// Terraform plans the create half of a replacement (terraform apply -replace, a tainted
		// resource) with no prior state, so the resource's own step looks taken. Its destroy runs
		// first; if someone else holds the same step, the create still fails at apply.
		resp.Diagnostics.AddAttributeWarning(path.Root("step"), "Step held by a task definition with this content",
			fmt.Sprintf("Job type %s already has a step %d (task definition id %d) with exactly the planned "+
				"content. This is expected when the resource is being replaced (terraform apply -replace, or a "+
				"tainted resource): the old step is deleted first. Otherwise import it; the create would fail as "+
				"the step is taken.", jobType, step, existing.ID))
	case existing != nil && existing.ID != ownID:
		resp.Diagnostics.AddAttributeError(path.Root("step"), "Step already defined",
			duplicateStepDetail(jobType, step, existing.ID))
	}
}

// plansStepAsHeld reports whether every attribute the plan already knows equals the server's
// task definition held: the step is then most likely this resource's own.
func (r *taskDefinitionResource) plansStepAsHeld(ctx context.Context, plan tfsdk.Plan, held *vidispine.TaskDefinition, diags *diag.Diagnostics) bool {
	server := tfsdk.State{Schema: plan.Schema, Raw: plan.Raw.Copy()}
	if d := server.Set(ctx, taskDefinitionFromAPI(held)); d.HasError() {
		diags.Append(d...)
		return false
	}
	var planned, stored map[string]tftypes.Value
	if plan.Raw.As(&planned) != nil || server.Raw.As(&stored) != nil {
		return false
	}
	for name, want := range planned {
		if name == "id" || !want.IsFullyKnown() {
			continue
		}
		if !want.Equal(stored[name]) {
			return false
		}
	}
	return true
}

// duplicateStepDetail explains a taken step and how to resolve it.
func duplicateStepDetail(jobType string, step, existingID int) string {
	return fmt.Sprintf("Job type %s already has a step %d (task definition id %d) on the Vidispine server; a job "+
		"type has one task definition per step. To manage the existing step, import it "+
		"(terraform import ADDRESS %s/%d, or an import block with id = \"%s/%d\"). If a resource of this "+
		"configuration that is being removed or renamed manages it, use a moved block instead.",
		jobType, step, existingID, jobType, step, jobType, step)
}

func (r *taskDefinitionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan taskDefinitionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	td := plan.toAPI(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// The client checks that the step is free in the walk's list of steps (as ModifyPlan did),
	// and after an unclear failure of the POST lists the steps afresh before trying again: no
	// retries here.
	created, err := r.data.client.CreateTaskDefinition(ctx, td, r.data.stepHolder)
	if err != nil {
		if vidispine.IsConflict(err) {
			resp.Diagnostics.AddAttributeError(path.Root("step"), "Step already defined",
				fmt.Sprintf("Could not create step %d of job type %s: %s\n\nImport the existing step "+
					"(terraform import ADDRESS %s/%d) or choose another step number.",
					td.Step, td.JobType, err, td.JobType, td.Step))
			return
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Could not create step %d of job type %s", td.Step, td.JobType), err.Error())
		return
	}
	r.data.taskDefinitionWritten(created.JobType, created.ID, created)
	if err := checkBeanStep(ctx, r.data.client, created, &resp.Diagnostics); err != nil {
		// Terraform taints a resource whose create reports an error and plans its replacement as a
		// new step, which ModifyPlan would refuse as taken. So the step is removed again, and the
		// corrected configuration simply creates it.
		if derr := r.data.client.DeleteTaskDefinition(ctx, created.ID); derr != nil {
			model := taskDefinitionFromAPI(created).keepUnsetDependencyMembers(plan)
			resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
			setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
			addBeanError(&resp.Diagnostics, created, err, fmt.Sprintf("Removing the step again failed (%s): it "+
				"is kept in state as tainted; delete it with terraform destroy -target.", derr))
			return
		}
		r.data.taskDefinitionWritten(created.JobType, created.ID, nil)
		addBeanError(&resp.Diagnostics, created, err, fmt.Sprintf("The step (task definition %d) was removed "+
			"again. Correct `bean` or `method` and apply again.", created.ID))
		return
	}
	model := taskDefinitionFromAPI(created).keepUnsetDependencyMembers(plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
}

func (r *taskDefinitionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state taskDefinitionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.ID.IsNull() {
		r.readImportedStep(ctx, state, resp)
		return
	}
	id, err := parseTaskDefinitionID(state.ID)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid task definition id", err.Error())
		return
	}
	td, err := r.data.readTaskDefinition(ctx, state.JobType, id)
	if vidispine.IsNotFound(err) {
		if state.JobType.IsNull() { // imported by an id that does not exist: no identity to give
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Cannot import a task definition that does not exist",
				fmt.Sprintf("The Vidispine server has no task definition %d: %s", id, err))
			return
		}
		// Terraform wants an identity even from a Read that removes the resource.
		setIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Could not read task definition %d", id), err.Error())
		return
	}
	model := taskDefinitionFromAPI(td).keepUnsetDependencyMembers(state)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
}

func (r *taskDefinitionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state taskDefinitionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := parseTaskDefinitionID(state.ID)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid task definition id", err.Error())
		return
	}
	// The update starts from the stored document, so metadata and members the provider does
	// not manage survive.
	updated, err := r.data.client.UpdateTaskDefinition(ctx, id, func(td *vidispine.TaskDefinition) {
		plan.applyTo(ctx, td, &resp.Diagnostics)
	})
	if resp.Diagnostics.HasError() {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Could not update step %d of job type %s (task definition %d)",
			plan.Step.ValueInt64(), plan.JobType.ValueString(), id), err.Error())
		return
	}
	r.data.taskDefinitionWritten(updated.JobType, id, updated)
	model := taskDefinitionFromAPI(updated).keepUnsetDependencyMembers(plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
	if err := checkBeanStep(ctx, r.data.client, updated, &resp.Diagnostics); err != nil {
		addBeanError(&resp.Diagnostics, updated, err, "The step was saved as configured and is kept in state; "+
			"correct `bean` or `method` and apply again to update it in place.")
	}
}

func (r *taskDefinitionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state taskDefinitionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := parseTaskDefinitionID(state.ID)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid task definition id", err.Error())
		return
	}
	if err := r.data.client.DeleteTaskDefinition(ctx, id); err != nil && !vidispine.IsNotFound(err) {
		resp.Diagnostics.AddError(fmt.Sprintf("Could not delete task definition %d", id), err.Error())
		return
	}
	r.data.taskDefinitionWritten(state.JobType.ValueString(), id, nil)
}

// ImportState accepts a task definition id ("1234"), a job type and step ("ACME_PUBLISH/20"),
// or the identity { job_type, step }.
func (r *taskDefinitionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const help = `Use a task definition id such as "1234", or a job type and step such as "ACME_PUBLISH/20".`
	id := importID[taskDefinitionIdentity](ctx, req, &resp.Diagnostics)
	jobType, stepText, byStep := strings.Cut(id, "/")
	if !byStep {
		if _, err := strconv.Atoi(id); err != nil || strings.HasPrefix(id, "-") || id == "0" {
			resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf("%q is not a task definition id. %s", id, help))
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		return
	}
	step, err := strconv.Atoi(stepText)
	if !jobTypeNamePattern.MatchString(jobType) || err != nil || step < 0 {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q is not JOB_TYPE/step with an upper-case job type and a step number ≥ 0. %s", id, help))
		return
	}
	// The Read that follows finds the step: one request per import, which adopting hundreds
	// of steps at once (terraform query) notices.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathJobType, jobType)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("step"), int64(step))...)
}

// MoveState takes over a restapi_object that reads a task definition, by id or by job type and step.
// The restapi_object is recognised by the code shared with the other resources that take
// restapi objects over (restapi_move.go); this resource's own part is the function below: what
// it requires of the recognised object and which attributes it sets.
func (r *taskDefinitionResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{restapiMover("vidispine_task_definition", restapiTaskDefinition,
		func(ctx context.Context, o *restapiObject, state *tfsdk.State) diag.Diagnostics {
			var diags diag.Diagnostics
			if o.taskID <= 0 {
				diags.AddError("Cannot move restapi_object into vidispine_task_definition", fmt.Sprintf(
					"The restapi_object reads %s at %q, but neither its id nor its last read document tells the "+
						"task definition's id. Remove it from the state (a removed block with destroy = false) and "+
						"import the step instead (id = \"JOB_TYPE/STEP\").", o.describe(), o.readPath))
				return diags
			}
			diags.Append(state.SetAttribute(ctx, path.Root("id"), strconv.Itoa(o.taskID))...)
			if jobTypeNamePattern.MatchString(o.jobType) {
				diags.Append(state.SetAttribute(ctx, path.Root("job_type"), o.jobType)...)
			}
			if o.step >= 0 {
				diags.Append(state.SetAttribute(ctx, path.Root("step"), int64(o.step))...)
			}
			return diags
		})}
}

// readImportedStep is the Read after an import by job type and step, which leaves the id to
// it.
func (r *taskDefinitionResource) readImportedStep(ctx context.Context, state taskDefinitionModel, resp *resource.ReadResponse) {
	jobType, step := state.JobType.ValueString(), int(state.Step.ValueInt64())
	td, err := r.data.readTaskDefinitionByStep(ctx, jobType, step)
	if err != nil {
		if vidispine.IsNotFound(err) {
			resp.Diagnostics.AddError("Cannot import a step that does not exist",
				fmt.Sprintf("Job type %s has no step %d on the Vidispine server: %s", jobType, step, err))
			return
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Could not look up step %d of job type %s", step, jobType), err.Error())
		return
	}
	model := taskDefinitionFromAPI(td)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
}
