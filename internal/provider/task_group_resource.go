package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure   = (*taskGroupResource)(nil)
	_ resource.ResourceWithImportState = (*taskGroupResource)(nil)
	_ resource.ResourceWithIdentity    = (*taskGroupResource)(nil)
)

// NewTaskGroupResource manages a task group (/API/task-group/{name}): which jobs run on which
// transcoders.
func NewTaskGroupResource() resource.Resource { return &taskGroupResource{} }

type taskGroupResource struct {
	data *providerData
}

// taskGroupModel is the resource, and the data source and list resource that show a task group.
type taskGroupModel struct {
	Name        types.String         `tfsdk:"name"`
	Priority    types.String         `tfsdk:"priority"`
	Job         []taskGroupRuleModel `tfsdk:"job"`
	Transcoders []string             `tfsdk:"transcoders"`
}

type taskGroupRuleModel struct {
	Type     []string                 `tfsdk:"type"`
	Priority []string                 `tfsdk:"priority"`
	User     []string                 `tfsdk:"user"`
	Group    []string                 `tfsdk:"group"`
	Data     []taskGroupRuleDataModel `tfsdk:"data"`
}

type taskGroupRuleDataModel struct {
	Key   types.String `tfsdk:"key"`
	Value types.String `tfsdk:"value"`
}

// fromDocument sets every attribute from the server's document. Lists the server leaves out
// are null; the order of the values within a rule's member is the server's concern (sets).
func (m *taskGroupModel) fromDocument(tg *vidispine.TaskGroup) {
	m.Name = types.StringValue(tg.Name)
	m.Priority = optionalString(tg.Priority)
	m.Transcoders = nilIfEmpty(tg.TranscoderIDs)
	m.Job = nil
	for _, r := range tg.JobRules {
		rule := taskGroupRuleModel{Type: nilIfEmpty(r.Types), Priority: nilIfEmpty(r.Priorities),
			User: nilIfEmpty(r.Users), Group: nilIfEmpty(r.Groups)}
		for _, kv := range r.Data {
			rule.Data = append(rule.Data, taskGroupRuleDataModel{Key: types.StringValue(kv.Key), Value: optionalString(kv.Value)})
		}
		m.Job = append(m.Job, rule)
	}
}

// applyTo writes the managed attributes into tg, the server's document (or a new one); its
// metadata and members the client does not model are left as they are. A priority the plan
// does not know (left unset) keeps the server's.
func (m *taskGroupModel) applyTo(tg *vidispine.TaskGroup) {
	tg.Name = m.Name.ValueString()
	keepUnlessKnown(m.Priority, &tg.Priority)
	tg.TranscoderIDs = slices.Clone(m.Transcoders)
	slices.Sort(tg.TranscoderIDs)
	tg.JobRules = nil
	for _, r := range m.Job {
		rule := vidispine.TaskGroupRule{Types: sortedCopy(r.Type), Priorities: sortedCopy(r.Priority),
			Users: sortedCopy(r.User), Groups: sortedCopy(r.Group)}
		for _, kv := range r.Data {
			rule.Data = append(rule.Data, vidispine.KeyValue{Key: kv.Key.ValueString(), Value: kv.Value.ValueString()})
		}
		tg.JobRules = append(tg.JobRules, rule)
	}
}

func (r *taskGroupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task_group"
}

type taskGroupIdentity struct {
	Name types.String `tfsdk:"name"`
}

func (i taskGroupIdentity) importID() string { return i.Name.ValueString() }

func (r *taskGroupResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"name": identityschema.StringAttribute{RequiredForImport: true, Description: descTaskGroupName},
		},
	}
}

// taskGroupNamePattern: a task group's name is its address (/API/task-group/{name}), so it
// keeps to characters that need no escaping.
var taskGroupNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

const taskGroupNameHelp = "letters, digits, `_`, `.` and `-`, starting with a letter or digit"

// taskGroupNameValidator checks at validate time that a known value is a task group name.
func taskGroupNameValidator() validator.String {
	return stringvalidator.RegexMatches(taskGroupNamePattern, "must be "+taskGroupNameHelp)
}

var (
	descTaskGroup = "A task group (`/API/task-group/{name}`) routes jobs to transcoders: a job that matches one of " +
		"its `job` rules runs only on the group's `transcoders`."
	descTaskGroupName     = "Name of the task group, e.g. `hires`; " + taskGroupNameHelp + "."
	descTaskGroupPriority = "The group's own priority, one of " + backtickList(vidispine.Priorities) +
		". What the server orders by it is not published (presumably which group a job matching several belongs to)."
	descTaskGroupJob = "Job match rules: a job belongs to the group when it matches any rule. A rule matches a job " +
		"that meets every member set, and within a member one of its values."
	descTaskGroupRuleType     = "Job types, e.g. `TRANSCODE`."
	descTaskGroupRulePriority = "Job priorities: any of " + backtickList(vidispine.Priorities) + "."
	descTaskGroupRuleUser     = "Users who started the job."
	descTaskGroupRuleGroup    = "Groups of the user who started the job."
	descTaskGroupRuleData     = "Job data entries the job must hold: a `key`, and a `value` it must have (any value when unset)."
	descTaskGroupTranscoders  = "Ids of the transcoders the group's jobs run on, e.g. `VX-1`."
)

func (r *taskGroupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	members := func(desc string, elem ...validator.String) schema.SetAttribute {
		return schema.SetAttribute{
			MarkdownDescription: desc, ElementType: types.StringType, Optional: true,
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(elem...)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: descTaskGroup + "\n\n" +
			"Changes are made in place: the provider reads the server's document, changes the attributes below and " +
			"writes it back (`PUT`), so what it does not manage survives an update: the group's `metadata`, " +
			"`maxConcurrency` as the admin tool sets it, and any member a newer server adds. A rule is written whole. " +
			"Creating a group that already exists on the server is refused: import it instead. Job pools " +
			"(`vidispine_job_pools`) decide how many jobs run; task groups decide where.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: descTaskGroupName + " Changing it replaces the group.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{taskGroupNameValidator()},
			},
			"priority": schema.StringAttribute{
				MarkdownDescription: descTaskGroupPriority + " The server's value when unset.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{priorityValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"job": schema.ListNestedAttribute{
				MarkdownDescription: descTaskGroupJob,
				Optional:            true,
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type":     members(descTaskGroupRuleType, jobTypeNameValidator()),
					"priority": members(descTaskGroupRulePriority, priorityValidator()),
					"user":     members(descTaskGroupRuleUser, stringvalidator.LengthAtLeast(1)),
					"group":    members(descTaskGroupRuleGroup, stringvalidator.LengthAtLeast(1)),
					"data": schema.ListNestedAttribute{
						MarkdownDescription: descTaskGroupRuleData,
						Optional:            true,
						Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"key": schema.StringAttribute{MarkdownDescription: "Job data key, e.g. `itemId`.", Required: true,
								Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
							"value": schema.StringAttribute{MarkdownDescription: "Value the key must have.", Optional: true,
								Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
						}},
					},
				}},
			},
			"transcoders": members(descTaskGroupTranscoders, siteIDValidator()),
		},
	}
}

// taskGroupComputedAttributes are the resource's attributes for a data source, all read from
// the server.
func taskGroupComputedAttributes() map[string]dsschema.Attribute {
	strs := func(desc string) dsschema.SetAttribute {
		return dsschema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true}
	}
	return map[string]dsschema.Attribute{
		"name":     dsschema.StringAttribute{MarkdownDescription: descTaskGroupName, Required: true},
		"priority": dsschema.StringAttribute{MarkdownDescription: descTaskGroupPriority, Computed: true},
		"job": dsschema.ListNestedAttribute{
			MarkdownDescription: descTaskGroupJob,
			Computed:            true,
			NestedObject: dsschema.NestedAttributeObject{Attributes: map[string]dsschema.Attribute{
				"type":     strs(descTaskGroupRuleType),
				"priority": strs(descTaskGroupRulePriority),
				"user":     strs(descTaskGroupRuleUser),
				"group":    strs(descTaskGroupRuleGroup),
				"data": dsschema.ListNestedAttribute{
					MarkdownDescription: descTaskGroupRuleData,
					Computed:            true,
					NestedObject: dsschema.NestedAttributeObject{Attributes: map[string]dsschema.Attribute{
						"key":   dsschema.StringAttribute{MarkdownDescription: "Job data key.", Computed: true},
						"value": dsschema.StringAttribute{MarkdownDescription: "Value the key must have.", Computed: true},
					}},
				},
			}},
		},
		"transcoders": strs(descTaskGroupTranscoders),
	}
}

func (r *taskGroupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Create costs GET /API/task-group/{name} (is the name taken?) and PUT /API/task-group/{name},
// which answers the stored group.
func (r *taskGroupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan taskGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	var doc vidispine.TaskGroup
	plan.applyTo(&doc)
	tg, err := r.data.client.CreateTaskGroup(ctx, doc)
	if err != nil {
		detail := err.Error()
		if vidispine.IsConflict(err) {
			detail += fmt.Sprintf("\n\nTo manage the existing group, import it (terraform import ADDRESS %s).", name)
		}
		resp.Diagnostics.AddError("Could not create task group "+name, detail)
		return
	}
	tflog.Info(ctx, "created task group", map[string]any{"name": name})
	plan.fromDocument(tg)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, taskGroupIdentity{Name: plan.Name}, &resp.Diagnostics)
}

// Read costs one GET /API/task-group/{name}; a group deleted on the server is removed from
// state.
func (r *taskGroupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state taskGroupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Terraform wants an identity even from a Read that removes the resource.
	setIdentity(ctx, resp.Identity, taskGroupIdentity{Name: state.Name}, &resp.Diagnostics)
	name := state.Name.ValueString()
	tg, err := r.data.client.GetTaskGroup(ctx, name)
	if err != nil {
		if vidispine.IsNotFound(err) {
			tflog.Warn(ctx, "task group no longer exists on the server; removing it from state", map[string]any{"name": name})
			resp.State.RemoveResource(ctx)
			return
		}
		resp.Diagnostics.AddError("Could not read task group "+name, err.Error())
		return
	}
	state.fromDocument(tg)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update costs GET /API/task-group/{name} and PUT /API/task-group/{name} of the whole document
// with the managed attributes changed, so what the resource does not manage survives.
func (r *taskGroupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan taskGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	tg, err := r.data.client.UpdateTaskGroup(ctx, name, plan.applyTo)
	if err != nil {
		resp.Diagnostics.AddError("Could not update task group "+name, err.Error())
		return
	}
	plan.fromDocument(tg)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, taskGroupIdentity{Name: plan.Name}, &resp.Diagnostics)
}

// Delete costs one DELETE /API/task-group/{name}; a group already gone counts as deleted.
func (r *taskGroupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state taskGroupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.Name.ValueString()
	if err := r.data.client.DeleteTaskGroup(ctx, name); err != nil && !vidispine.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not delete task group "+name, err.Error())
	}
}

// ImportState accepts a task group name ("hires") or the identity { name }. It sends no
// request: the Read that follows reads the group.
func (r *taskGroupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := importID[taskGroupIdentity](ctx, req, &resp.Diagnostics)
	name := strings.TrimSpace(given)
	if !taskGroupNamePattern.MatchString(name) {
		addInvalidImportID(&resp.Diagnostics, fmt.Sprintf("Import a vidispine_task_group by its name, %s; got %q.",
			strings.ReplaceAll(taskGroupNameHelp, "`", ""), given))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}

// sortedCopy returns the values sorted, nil for none.
func sortedCopy(values []string) []string {
	if len(values) == 0 {
		return nil
	}
	out := slices.Clone(values)
	slices.Sort(out)
	return out
}

// nilIfEmpty maps an empty list to nil, which the model stores as null.
func nilIfEmpty[T any](values []T) []T {
	if len(values) == 0 {
		return nil
	}
	return values
}
