package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
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
	_ resource.ResourceWithUpgradeState     = (*taskDefinitionResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*taskDefinitionResource)(nil)
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
		// Version 1: a dependency member left out of the configuration is null (version 0, the
		// provider up to commit f745203, stored it as its zero value); see UpgradeState.
		Version: 1,
		MarkdownDescription: "Manages one step of a job type: a task definition (`/API/task-definition`). A step runs " +
			"either a JavaScript `script` or a Java `bean` + `method`. Changing a step updates it in place (`PUT`), so " +
			"only the changed steps of a pipeline show in a plan; changing `job_type` replaces it.\n\n" +
			"**One definition per step.** A job type has at most one task definition per step number. If the step is " +
			"already defined on the server, the plan fails with an error that names the job type, the step and the " +
			"existing task definition's id — import it instead of creating it. Two resources in one configuration " +
			"that claim the same new step cannot be told apart at plan time (a resource does not see its siblings): " +
			"the first one created wins and the other fails at apply with the same error. Creation never makes a " +
			"duplicate: after a lost answer to the `POST` the provider looks the step up before trying again.\n\n" +
			"**Interrupted and killed runs.** After Ctrl-C, a step whose `POST` was already sent is looked up and " +
			"recorded in state. A step that a killed run made but never recorded is adopted with a warning when it " +
			"holds exactly the configured content (plan and apply say so); with other content the plan fails with the " +
			"`import` block that takes it over. So two resources that claim the same step with the same content end up " +
			"managing one task definition.\n\n" +
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
					"it): a new step sends it in its document (`POST /API/task-definition`), an update writes it with " +
					"the whole document (`GET`, then `PUT /API/task-definition/{id}`). Leave it out to keep whatever " +
					"the server holds.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
				// Left out of the configuration, the metadata is the server's and no update
				// changes it, so a plan keeps what the state holds.
				PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *taskDefinitionResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("script"), path.MatchRoot("bean")),
	}
}

// ValidateConfig refuses a step that depends on itself (dependency.step or
// parallel_dependency.step equal to step): a job of the type would wait for the step forever.
// A value not known yet (from another resource) is left to the server.
func (r *taskDefinitionResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m taskDefinitionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !known(m.Step) {
		return
	}
	for name, o := range map[string]types.Object{"dependency": m.Dependency, "parallel_dependency": m.ParallelDependency} {
		if !known(o) {
			continue
		}
		var d taskDependencyModel
		resp.Diagnostics.Append(o.As(ctx, &d, basetypes.ObjectAsOptions{})...)
		if known(d.Step) && d.Step.Equal(m.Step) {
			jobType := "its job type"
			if known(m.JobType) {
				jobType = "job type " + m.JobType.ValueString()
			}
			resp.Diagnostics.AddAttributeError(path.Root(name).AtName("step"), "Step depends on itself",
				fmt.Sprintf("%s.step is %d, the step's own number, so no job of %s could ever run it. "+
					"Depend on another step, or use previous = true or all_previous = true.",
					name, d.Step.ValueInt64(), jobType))
		}
	}
}

func (r *taskDefinitionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan checks the script for the server's JavaScript engine (checkScriptForServerEngine)
// and refuses, at plan time, a step that another task definition already holds on the server:
// for a planned create, and for an update that moves the step to another number.
//
// The step check costs no request of its own: the steps come from the store's list of the job type (one
// GET /API/task-definition/jobtype/{type} per job type per run, shared with Read and Create).
func (r *taskDefinitionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.Plan.Raw.IsNull() {
		return
	}
	var plan taskDefinitionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	checkScriptForServerEngine(ctx, r.data, path.Root("script"), plan.Script, &resp.Diagnostics)
	if plan.JobType.IsUnknown() || plan.Step.IsUnknown() {
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

	// The run's list of the job type's steps (the store's): a job type not created yet has none.
	jobType, step := plan.JobType.ValueString(), int(plan.Step.ValueInt64())
	existing, err := r.data.taskDefinitions.lookupStep(ctx, jobType, step, false)
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(path.Root("step"), "Could not check whether the step is free",
			fmt.Sprintf("Looking up step %d of job type %s failed: %s", step, jobType, err))
	case existing != nil && existing.ID != ownID && ownID == 0 && r.planMatchesStoredStep(ctx, req.Plan, existing, &resp.Diagnostics):
		// A step the state does not know, with exactly the planned content: left by a run that was
		// killed before it recorded the step, or the old half of a replacement (terraform apply
		// -replace, a tainted resource), planned with no prior state and deleted first. Create
		// adopts it rather than refusing it.
		resp.Diagnostics.AddAttributeWarning(path.Root("step"), "Step held by a task definition with this content",
			fmt.Sprintf("Job type %s already has a step %d (task definition id %d) with exactly the planned "+
				"content. If this resource is being replaced, the old step is deleted first and the step created "+
				"again; otherwise (a step left by an interrupted or killed run) the apply adopts it as it is, "+
				"without creating a second one.", jobType, step, existing.ID))
	case existing != nil && existing.ID != ownID:
		resp.Diagnostics.AddAttributeError(path.Root("step"), "Step already defined",
			duplicateStepDetail(jobType, step, existing.ID))
	}
}

// planMatchesStoredStep reports whether every attribute the plan already knows equals that of
// stored, the task definition the server holds at the planned step: the step is then most
// likely this resource's own.
func (r *taskDefinitionResource) planMatchesStoredStep(ctx context.Context, plan tfsdk.Plan, stored *vidispine.TaskDefinition, diags *diag.Diagnostics) bool {
	server := tfsdk.State{Schema: plan.Schema, Raw: plan.Raw.Copy()}
	if d := server.Set(ctx, taskDefinitionFromAPI(stored)); d.HasError() {
		diags.Append(d...)
		return false
	}
	var planned, onServer map[string]tftypes.Value
	if plan.Raw.As(&planned) != nil || server.Raw.As(&onServer) != nil {
		return false
	}
	for name, want := range planned {
		if name == "id" || !want.IsFullyKnown() {
			continue
		}
		if !want.Equal(onServer[name]) {
			return false
		}
	}
	return true
}

// duplicateStepDetail explains a taken step and how to resolve it.
func duplicateStepDetail(jobType string, step, existingID int) string {
	return fmt.Sprintf("Job type %s already has a step %d (task definition id %d) on the Vidispine server, with "+
		"content other than planned; a job type has one task definition per step. To manage the existing step "+
		"(for example one left by a killed run), import it with this block and apply; the plan then shows how "+
		"it differs:\n\n%s\n\nIf a resource of this configuration that is being removed or renamed manages it, "+
		"use a moved block instead.",
		jobType, step, existingID, importBlock("vidispine_task_definition", fmt.Sprintf("%s/%d", jobType, step)))
}

// Create costs one POST /API/task-definition and one GET /API/task-definition/{id} (the stored
// document); that the step is free is checked in the store's list of the job type (shared,
// listed again only after a POST whose outcome is unknown). A bean step adds
// GET /API/task-definition/{id}/validate, and DELETE /API/task-definition/{id} when the server
// refuses the bean.
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
	if r.adoptStep(ctx, req.Plan, plan, resp) {
		return
	}
	// The client checks that the step is free in the run's list of steps (as ModifyPlan did),
	// and after an unclear failure of the POST lists the steps afresh before trying again: no
	// retries here.
	created, err := r.data.client.CreateTaskDefinition(ctx, td, r.data.taskDefinitions.lookupStep)
	if err != nil {
		if vidispine.IsConflict(err) {
			resp.Diagnostics.AddAttributeError(path.Root("step"), "Step already defined",
				fmt.Sprintf("Could not create step %d of job type %s: %s\n\nImport the existing step or choose "+
					"another step number:\n\n%s", td.Step, td.JobType, err,
					importBlock("vidispine_task_definition", fmt.Sprintf("%s/%d", td.JobType, td.Step))))
			return
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Could not create step %d of job type %s", td.Step, td.JobType), err.Error())
		return
	}
	r.data.taskDefinitions.recordWrite(created.JobType, created.ID, created)
	if err := checkBeanStep(ctx, r.data.client, created, &resp.Diagnostics); err != nil {
		// Terraform taints a resource whose create reports an error and plans its replacement as a
		// new step, which ModifyPlan would refuse as taken. So the step is removed again, and the
		// corrected configuration simply creates it.
		if derr := r.data.client.DeleteTaskDefinition(ctx, created.ID); derr != nil {
			model := taskDefinitionFromAPI(created).nullFilledInDependencyZeros(plan)
			resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
			setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
			addBeanError(&resp.Diagnostics, created, err, fmt.Sprintf("Removing the step again failed (%s): it "+
				"is kept in state as tainted; delete it with terraform destroy -target.", derr))
			return
		}
		r.data.taskDefinitions.recordDelete(created.JobType, created.ID)
		addBeanError(&resp.Diagnostics, created, err, fmt.Sprintf("The step (task definition %d) was removed "+
			"again. Correct `bean` or `method` and apply again.", created.ID))
		return
	}
	model := taskDefinitionFromAPI(created).nullFilledInDependencyZeros(plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
}

// adoptStep takes over, instead of creating, a step the state does not know that holds exactly
// the planned content (planMatchesStoredStep): one a killed run made but never recorded. It
// reports whether it did. The step comes from the store's list of the job type (no request of
// its own).
func (r *taskDefinitionResource) adoptStep(ctx context.Context, planned tfsdk.Plan, plan taskDefinitionModel, resp *resource.CreateResponse) bool {
	jobType, step := plan.JobType.ValueString(), int(plan.Step.ValueInt64())
	existing, err := r.data.taskDefinitions.lookupStep(ctx, jobType, step, false)
	if err != nil || existing == nil || !r.planMatchesStoredStep(ctx, planned, existing, &resp.Diagnostics) {
		return false // CreateTaskDefinition reports a failed look-up or a taken step
	}
	model := taskDefinitionFromAPI(existing).nullFilledInDependencyZeros(plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
	resp.Diagnostics.AddAttributeWarning(path.Root("step"), "Adopted an existing step",
		fmt.Sprintf("Job type %s already had a step %d (task definition id %d) with exactly the configured content, "+
			"unknown to the state (left by an interrupted or killed run, or made elsewhere): it is now managed by "+
			"this resource instead of being created a second time.", jobType, step, existing.ID))
	return true
}

// Read costs one GET /API/task-definition/jobtype/{type} per job type per run, shared by every
// task definition of that job type (taskDefinitionStore.byID). A step not in its job type's
// list (deleted on the server, or imported by id) adds one GET /API/task-definition/{id}.
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
	id, ok := state.stateID(&resp.Diagnostics)
	if !ok {
		return
	}
	td, err := r.data.taskDefinitions.byID(ctx, state.JobType, id)
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
	model := taskDefinitionFromAPI(td).nullFilledInDependencyZeros(state)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
}

// readImportedStep is the Read after an import by job type and step, which leaves the id to
// it.
//
// It costs the job type's list from the store (shared), and
// GET /API/task-definition/jobtype/{type}/step/{step} for a step not in it.
func (r *taskDefinitionResource) readImportedStep(ctx context.Context, state taskDefinitionModel, resp *resource.ReadResponse) {
	jobType, step := state.JobType.ValueString(), int(state.Step.ValueInt64())
	td, err := r.data.taskDefinitions.byStep(ctx, jobType, step)
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

// Update costs GET /API/task-definition/{id} and PUT /API/task-definition/{id} of the whole
// document with the managed fields changed (vidispine.Client.UpdateTaskDefinition), so metadata
// and members the provider does not manage survive. A bean step adds
// GET /API/task-definition/{id}/validate.
func (r *taskDefinitionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state taskDefinitionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := state.stateID(&resp.Diagnostics)
	if !ok {
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
	r.data.taskDefinitions.recordWrite(updated.JobType, id, updated)
	model := taskDefinitionFromAPI(updated).nullFilledInDependencyZeros(plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
	setIdentity(ctx, resp.Identity, model.identity(), &resp.Diagnostics)
	if err := checkBeanStep(ctx, r.data.client, updated, &resp.Diagnostics); err != nil {
		addBeanError(&resp.Diagnostics, updated, err, "The step was saved as configured and is kept in state; "+
			"correct `bean` or `method` and apply again to update it in place.")
	}
}

// Delete costs one DELETE /API/task-definition/{id}; a task definition already gone counts as
// deleted.
func (r *taskDefinitionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state taskDefinitionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := state.stateID(&resp.Diagnostics)
	if !ok {
		return
	}
	if err := r.data.client.DeleteTaskDefinition(ctx, id); err != nil && !vidispine.IsNotFound(err) {
		resp.Diagnostics.AddError(fmt.Sprintf("Could not delete task definition %d", id), err.Error())
		return
	}
	r.data.taskDefinitions.recordDelete(state.JobType.ValueString(), id)
}

// ImportState accepts a task definition id ("1234"), a job type and step ("ACME_PUBLISH/20"),
// or the identity { job_type, step }.
//
// It sends no request. The Read that follows finds the step in the store's list of its job type
// (readImportedStep), so importing every step of a job type costs one list request.
func (r *taskDefinitionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const help = `Use a task definition id such as "1234", or a job type and step such as "ACME_PUBLISH/20".`
	id := importID[taskDefinitionIdentity](ctx, req, &resp.Diagnostics)
	jobType, stepText, byStep := strings.Cut(id, "/")
	if !byStep {
		if _, err := strconv.Atoi(id); err != nil || strings.HasPrefix(id, "-") || id == "0" {
			addInvalidImportID(&resp.Diagnostics, fmt.Sprintf("%q is not a task definition id. %s", id, help))
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
		return
	}
	step, err := strconv.Atoi(stepText)
	if !jobTypeNamePattern.MatchString(jobType) || err != nil || step < 0 {
		addInvalidImportID(&resp.Diagnostics, fmt.Sprintf("%q is not JOB_TYPE/step with an upper-case job type and a step number ≥ 0. %s", id, help))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, pathJobType, jobType)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("step"), int64(step))...)
}

// The bean check: after create and update, the server is asked whether a bean step's bean and
// method resolve.

// checkBeanStep asks the server whether the bean and method of a stored bean step resolve
// (GET /API/task-definition/{id}/validate), so a typo fails the apply instead of the first job
// that reaches the step. It returns the server's refusal; a server that cannot answer the check
// (an older version without the endpoint, a user without the role) only gets a warning.
func checkBeanStep(ctx context.Context, client *vidispine.Client, td *vidispine.TaskDefinition, diags *diag.Diagnostics) error {
	if td.Bean == "" {
		return nil // the server does nothing for script steps
	}
	var err error
	if td.ID > 0 {
		_, err = client.ValidateTaskDefinition(ctx, td.ID)
	} else { // a server that answered without the id: the step identifies it too
		_, err = client.ValidateTaskDefinitionByStep(ctx, td.JobType, td.Step)
	}
	switch {
	case err == nil:
		return nil
	case vidispine.IsInvalidInput(err):
		return err
	default:
		diags.AddAttributeWarning(path.Root("method"), "Could not check the bean",
			fmt.Sprintf("Step %d of job type %s was saved, but checking that bean %q has method %q failed: %s",
				td.Step, td.JobType, td.Bean, td.Method, err))
		return nil
	}
}

// addBeanError reports a bean check the server refused; outcome says what became of the step.
func addBeanError(diags *diag.Diagnostics, td *vidispine.TaskDefinition, err error, outcome string) {
	diags.AddAttributeError(path.Root("method"), "Bean or method does not resolve",
		fmt.Sprintf("The server says bean %q or its method %q of step %d of job type %s does not resolve, so "+
			"every job of the type would fail at this step:\n\n%s\n\n%s", td.Bean, td.Method, td.Step, td.JobType, err, outcome))
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
				addCannotMove(&diags, "vidispine_task_definition", fmt.Sprintf(
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

// UpgradeState upgrades the state of version 0 to version 1.
//
// Up to commit f745203 the members of dependency and parallel_dependency were Optional +
// Computed with defaults (step 0, false), so a member left out of the configuration was stored
// as its zero value (and sent to the server). Since then a member left out is null and not
// sent. Without this upgrade, state written then plans an in-place update that removes the
// zeros, a change nobody made. The attributes of both versions are the same (metadata, added
// without a version, reads as null from older state and Read fills it in), so version 0 is read
// with the current schema; a later change of an attribute gives version 0 a schema of its own.
func (r *taskDefinitionResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	var current resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &current)
	return map[int64]resource.StateUpgrader{
		0: {
			PriorSchema: &current.Schema,
			StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
				var m taskDefinitionModel
				resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
				if resp.Diagnostics.HasError() {
					return
				}
				m.Dependency = nullDefaultedDependencyZeros(m.Dependency)
				m.ParallelDependency = nullDefaultedDependencyZeros(m.ParallelDependency)
				resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
			},
		},
	}
}

// nullDefaultedDependencyZeros turns the members of a dependency that version 0 stored as
// defaults back into null. Version 0 held every member of a dependency (defaults were
// computed), so an object with a null member was written later and is left as it is; in one
// with all three set, a zero member (step 0, false) is read as left out. An all-zero
// dependency keeps step 0: "after step 0" is the only thing it can have meant. A zero that was
// configured beside another member (step = 0 with previous = true) cannot be told from a
// default; such a configuration plans one in-place update that sends what the server holds.
func nullDefaultedDependencyZeros(o types.Object) types.Object {
	if !known(o) {
		return o
	}
	attrs := o.Attributes()
	allZero := true
	for _, v := range attrs {
		if v.IsNull() || v.IsUnknown() {
			return o
		}
		allZero = allZero && isZeroValue(v)
	}
	out := make(map[string]attr.Value, len(attrs))
	for k, v := range attrs {
		out[k] = v
		if isZeroValue(v) && (!allZero || k != "step") {
			out[k] = nullOfSameType(v)
		}
	}
	return types.ObjectValueMust(taskDependencyAttrTypes, out)
}

// The model of a task definition, its conversions to and from the client's document, and the
// descriptions the data sources and the list resource share with this resource.

var pathJobType = path.Root("job_type")

// Defaults the server applies to a task definition that leaves these out. The provider
// always sends them, so what is stored never depends on a server default.
const (
	defaultTaskCritical = true
	defaultTaskCleanup  = false
	defaultTaskPlugin   = false
	defaultTaskFlags    = 0
)

// taskDefinitionModel is one task definition (a step of a job type) as the resource, the
// single data source and the elements of the list data source hold it.
type taskDefinitionModel struct {
	ID                 types.String `tfsdk:"id"`
	JobType            types.String `tfsdk:"job_type"`
	Step               types.Int64  `tfsdk:"step"`
	Description        types.String `tfsdk:"description"`
	Script             types.String `tfsdk:"script"`
	Bean               types.String `tfsdk:"bean"`
	Method             types.String `tfsdk:"method"`
	Plugin             types.Bool   `tfsdk:"plugin"`
	Critical           types.Bool   `tfsdk:"critical"`
	Cleanup            types.Bool   `tfsdk:"cleanup"`
	Flags              types.Int64  `tfsdk:"flags"`
	Extradata          types.String `tfsdk:"extradata"`
	Dependency         types.Object `tfsdk:"dependency"`
	ParallelDependency types.Object `tfsdk:"parallel_dependency"`
	Metadata           types.Map    `tfsdk:"metadata"`
}

// taskDependencyModel is a dependency or parallel_dependency object.
type taskDependencyModel struct {
	Step        types.Int64 `tfsdk:"step"`
	Previous    types.Bool  `tfsdk:"previous"`
	AllPrevious types.Bool  `tfsdk:"all_previous"`
}

var taskDependencyAttrTypes = map[string]attr.Type{
	"step":         types.Int64Type,
	"previous":     types.BoolType,
	"all_previous": types.BoolType,
}

// Descriptions shared by the resource and the data sources.
const (
	descTaskID          = "Id the server gave the task definition (an integer, as a string)."
	descTaskJobType     = "Job type the step belongs to, e.g. `TRANSCODE` or a custom type such as `ACME_PUBLISH`."
	descTaskStep        = "Step number within the job type; steps run in ascending order. Unique per job type."
	descTaskDescription = "What the step does, as shown in job logs."
	descTaskScript      = "JavaScript the step runs: the `script` member of the task-definition document, sent and " +
		"read with the rest of it (the provider does not use `/API/task-definition/{id}/script`). Mutually exclusive " +
		"with `bean`, `method` and `plugin = true`."
	descTaskBean       = "Java bean the step runs (with `method`). Mutually exclusive with `script`."
	descTaskMethod     = "Method of `bean` the step calls. Requires `bean`."
	descTaskPlugin     = "Whether `bean` is provided by a plugin. `true` only for bean steps; defaults to `false`."
	descTaskCritical   = "Whether a failure of the step fails the job. Defaults to `true`, as on the server."
	descTaskCleanup    = "Whether this is a cleanup step, run when a job is aborted or fails. Defaults to `false`."
	descTaskFlags      = "Flags of the step, an integer the server passes on to the task. Defaults to `0`."
	descTaskExtradata  = "Free-form data handed to the step."
	descTaskDependency = "When the step may start: after step `step`, after the `previous` step, or after " +
		"`all_previous` steps. Null when the server runs the step in order without an explicit dependency."
	descTaskParallelDependency = "Like `dependency`, for a step that may start in parallel with the one it depends " +
		"on (for example a transcode that follows a growing file)."
	descTaskMetadata = "The task definition's own metadata, as key/value pairs: the `metadata` member of the " +
		"task-definition document, read with the rest of it (the provider does not use " +
		"`/API/task-definition/{id}/metadata`). Empty when it has none."
	descDependencyStep        = "Step this step depends on; not its own `step` (refused at plan). Sent only when set."
	descDependencyPrevious    = "Depend on the previous step. Sent only when set."
	descDependencyAllPrevious = "Depend on all previous steps. Sent only when set."
)

// taskDefinitionFromAPI converts a stored task definition, normalising what the server leaves
// out to the defaults the schema plans, so a plan after apply is empty.
func taskDefinitionFromAPI(td *vidispine.TaskDefinition) taskDefinitionModel {
	return taskDefinitionModel{
		ID:                 types.StringValue(strconv.Itoa(td.ID)),
		JobType:            types.StringValue(td.JobType),
		Step:               types.Int64Value(int64(td.Step)),
		Description:        optionalString(td.Description),
		Script:             optionalString(td.Script),
		Bean:               optionalString(td.Bean),
		Method:             optionalString(td.Method),
		Plugin:             types.BoolValue(boolOr(td.Plugin, defaultTaskPlugin)),
		Critical:           types.BoolValue(boolOr(td.Critical, defaultTaskCritical)),
		Cleanup:            types.BoolValue(boolOr(td.Cleanup, defaultTaskCleanup)),
		Flags:              types.Int64Value(int64(intOr(td.Flags, defaultTaskFlags))),
		Extradata:          optionalString(td.Extradata),
		Dependency:         taskDependencyValue(td.Dependency),
		ParallelDependency: taskDependencyValue(td.ParallelDependency),
		Metadata:           taskMetadataValue(td.Metadata),
	}
}

// taskMetadataValue converts the task definition's metadata; none is an empty map, so a
// configured metadata = {} matches a server that leaves the member out.
func taskMetadataValue(md *vidispine.SimpleMetadata) types.Map {
	if md == nil {
		return keyValuesMap(nil)
	}
	return keyValuesMap(md.Field)
}

// taskDependencyValue converts a dependency; a member the server left out is null.
func taskDependencyValue(d *vidispine.TaskDependency) types.Object {
	if d == nil {
		return types.ObjectNull(taskDependencyAttrTypes)
	}
	step := types.Int64Null()
	if d.Step != nil {
		step = types.Int64Value(int64(*d.Step))
	}
	return types.ObjectValueMust(taskDependencyAttrTypes, map[string]attr.Value{
		"step":         step,
		"previous":     types.BoolPointerValue(d.Previous),
		"all_previous": types.BoolPointerValue(d.AllPrevious),
	})
}

// toAPI builds the document of a new task definition from a planned model.
func (m taskDefinitionModel) toAPI(ctx context.Context, diags *diag.Diagnostics) vidispine.TaskDefinition {
	var td vidispine.TaskDefinition
	m.applyTo(ctx, &td, diags)
	return td
}

// applyTo sets the fields the resource manages on td (a new document, or the server's current
// one for an update) and leaves everything else, such as metadata, as it is. Optional strings
// are sent only when set; the booleans and flags, which carry planned defaults, are always
// sent, so the stored step is exactly what the plan shows.
func (m taskDefinitionModel) applyTo(ctx context.Context, td *vidispine.TaskDefinition, diags *diag.Diagnostics) {
	td.JobType = m.JobType.ValueString()
	td.Step = int(m.Step.ValueInt64())
	td.Description = m.Description.ValueString()
	td.Script = m.Script.ValueString()
	td.Bean = m.Bean.ValueString()
	td.Method = m.Method.ValueString()
	td.Extradata = m.Extradata.ValueString()
	td.Critical = ptr(boolOrDefault(m.Critical, defaultTaskCritical))
	td.Cleanup = ptr(boolOrDefault(m.Cleanup, defaultTaskCleanup))
	td.Flags = ptr(defaultTaskFlags)
	if v := m.Flags; known(v) {
		td.Flags = ptr(int(v.ValueInt64()))
	}
	td.Plugin = nil
	if td.Bean != "" {
		td.Plugin = ptr(boolOrDefault(m.Plugin, defaultTaskPlugin))
	}
	if v := m.Metadata; known(v) {
		// Configured: the metadata is managed and replaced as a whole. Otherwise the stored
		// metadata is left as it is.
		var md map[string]string
		diags.Append(v.ElementsAs(ctx, &md, false)...)
		fields := make([]vidispine.KeyValue, 0, len(md))
		for _, k := range slices.Sorted(maps.Keys(md)) {
			fields = append(fields, vidispine.KeyValue{Key: k, Value: md[k]})
		}
		td.Metadata = &vidispine.SimpleMetadata{Field: fields}
	}
	td.Dependency = taskDependencyFromObject(ctx, m.Dependency, diags)
	td.ParallelDependency = taskDependencyFromObject(ctx, m.ParallelDependency, diags)
}

// taskDependencyFromObject returns the dependency to send: nil when the configuration has
// none, otherwise only the members it sets (the members are independent and optional; the
// server's document keeps any member the client does not model). A member left out of the
// configuration is removed.
func taskDependencyFromObject(ctx context.Context, o types.Object, diags *diag.Diagnostics) *vidispine.TaskDependency {
	if !known(o) {
		return nil
	}
	var d taskDependencyModel
	diags.Append(o.As(ctx, &d, basetypes.ObjectAsOptions{})...)
	out := vidispine.TaskDependency{Previous: d.Previous.ValueBoolPointer(), AllPrevious: d.AllPrevious.ValueBoolPointer()}
	if v := d.Step; known(v) {
		out.Step = ptr(int(v.ValueInt64()))
	}
	return &out
}

// nullFilledInDependencyZeros reads a dependency member the server answers with its zero value
// (step 0, false) as not set when prior (the plan, or the state before a refresh) has it null:
// whether a server fills in left-out members is not known, and a filled-in zero means the same
// as none. Any other value the server holds is shown, so a change made elsewhere is drift.
func (m taskDefinitionModel) nullFilledInDependencyZeros(prior taskDefinitionModel) taskDefinitionModel {
	m.Dependency = nullFilledInZeros(m.Dependency, prior.Dependency)
	m.ParallelDependency = nullFilledInZeros(m.ParallelDependency, prior.ParallelDependency)
	return m
}

// nullFilledInZeros is nullFilledInDependencyZeros for one dependency object.
func nullFilledInZeros(got, prior types.Object) types.Object {
	if !known(got) || !known(prior) {
		return got
	}
	attrs := got.Attributes()
	before := prior.Attributes()
	out := make(map[string]attr.Value, len(attrs))
	for k, v := range attrs {
		out[k] = v
		if p, ok := before[k]; ok && p.IsNull() && isZeroValue(v) {
			out[k] = nullOfSameType(v)
		}
	}
	return types.ObjectValueMust(taskDependencyAttrTypes, out)
}

func isZeroValue(v attr.Value) bool {
	switch v := v.(type) {
	case types.Int64:
		return known(v) && v.ValueInt64() == 0
	case types.Bool:
		return known(v) && !v.ValueBool()
	}
	return false
}

func nullOfSameType(v attr.Value) attr.Value {
	if _, ok := v.(types.Int64); ok {
		return types.Int64Null()
	}
	return types.BoolNull()
}

// stateID is the task definition id m holds, as parseTaskDefinitionID reads it; false, with an
// error on id, when it is not one.
func (m taskDefinitionModel) stateID(diags *diag.Diagnostics) (int, bool) {
	id, err := parseTaskDefinitionID(m.ID)
	if err != nil {
		addInvalidTaskDefinitionID(diags, err)
		return 0, false
	}
	return id, true
}

// parseTaskDefinitionID parses the integer id kept as a string in state.
func parseTaskDefinitionID(s types.String) (int, error) {
	id, err := strconv.Atoi(s.ValueString())
	if err != nil || id <= 0 || id > maxServerInt {
		return 0, fmt.Errorf("task definition id must be an integer between 1 and %d, got %q", maxServerInt, s.ValueString())
	}
	return id, nil
}
