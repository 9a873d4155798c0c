package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

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
	descTaskScript      = "JavaScript the step runs. Mutually exclusive with `bean`, `method` and `plugin = true`."
	descTaskBean        = "Java bean the step runs (with `method`). Mutually exclusive with `script`."
	descTaskMethod      = "Method of `bean` the step calls. Requires `bean`."
	descTaskPlugin      = "Whether `bean` is provided by a plugin. `true` only for bean steps; defaults to `false`."
	descTaskCritical    = "Whether a failure of the step fails the job. Defaults to `true`, as on the server."
	descTaskCleanup     = "Whether this is a cleanup step, run when a job is aborted or fails. Defaults to `false`."
	descTaskFlags       = "Flags of the step, an integer the server passes on to the task. Defaults to `0`."
	descTaskExtradata   = "Free-form data handed to the step."
	descTaskDependency  = "When the step may start: after step `step`, after the `previous` step, or after " +
		"`all_previous` steps. Null when the server runs the step in order without an explicit dependency."
	descTaskParallelDependency = "Like `dependency`, for a step that may start in parallel with the one it depends " +
		"on (for example a transcode that follows a growing file)."
	descTaskMetadata = "The task definition's own metadata, as key/value pairs (the `metadata` member of the document, " +
		"also reachable at `/API/task-definition/{id}/metadata`). Empty when it has none."
	descDependencyStep        = "Step this step depends on. Sent only when set."
	descDependencyPrevious    = "Depend on the previous step. Sent only when set."
	descDependencyAllPrevious = "Depend on all previous steps. Sent only when set."
)

// taskDefinitionComputedAttributes is the data sources' schema of a task definition, every
// attribute read from the server.
func taskDefinitionComputedAttributes() map[string]schema.Attribute {
	dependency := func(desc string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{
			MarkdownDescription: desc,
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"step":         schema.Int64Attribute{Computed: true, MarkdownDescription: "Step this step depends on."},
				"previous":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it depends on the previous step."},
				"all_previous": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it depends on all previous steps."},
			},
		}
	}
	return map[string]schema.Attribute{
		"id":                  schema.StringAttribute{Computed: true, MarkdownDescription: descTaskID},
		"job_type":            schema.StringAttribute{Computed: true, MarkdownDescription: descTaskJobType},
		"step":                schema.Int64Attribute{Computed: true, MarkdownDescription: descTaskStep},
		"description":         schema.StringAttribute{Computed: true, MarkdownDescription: descTaskDescription},
		"script":              schema.StringAttribute{Computed: true, MarkdownDescription: "JavaScript the step runs; null for a bean step."},
		"bean":                schema.StringAttribute{Computed: true, MarkdownDescription: "Java bean the step runs; null for a script step."},
		"method":              schema.StringAttribute{Computed: true, MarkdownDescription: "Method of `bean` the step calls."},
		"plugin":              schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether `bean` is provided by a plugin."},
		"critical":            schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether a failure of the step fails the job."},
		"cleanup":             schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether this is a cleanup step."},
		"flags":               schema.Int64Attribute{Computed: true, MarkdownDescription: "Flags of the step."},
		"extradata":           schema.StringAttribute{Computed: true, MarkdownDescription: descTaskExtradata},
		"dependency":          dependency(descTaskDependency),
		"parallel_dependency": dependency(descTaskParallelDependency),
		"metadata":            schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: descTaskMetadata},
	}
}

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
	if v := m.Flags; !v.IsNull() && !v.IsUnknown() {
		td.Flags = ptr(int(v.ValueInt64()))
	}
	td.Plugin = nil
	if td.Bean != "" {
		td.Plugin = ptr(boolOrDefault(m.Plugin, defaultTaskPlugin))
	}
	if v := m.Metadata; !v.IsNull() && !v.IsUnknown() {
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
	if o.IsNull() || o.IsUnknown() {
		return nil
	}
	var d taskDependencyModel
	diags.Append(o.As(ctx, &d, basetypes.ObjectAsOptions{})...)
	out := vidispine.TaskDependency{Previous: d.Previous.ValueBoolPointer(), AllPrevious: d.AllPrevious.ValueBoolPointer()}
	if v := d.Step; !v.IsNull() && !v.IsUnknown() {
		out.Step = ptr(int(v.ValueInt64()))
	}
	return &out
}

// keepUnsetDependencyMembers reads a dependency member the server answers with its zero value
// (step 0, false) as not set when prior (the plan, or the state before a refresh) has it null:
// whether a server fills in left-out members is not known, and a filled-in zero means the same
// as none. Any other value the server holds is shown, so a change made elsewhere is drift.
func (m taskDefinitionModel) keepUnsetDependencyMembers(prior taskDefinitionModel) taskDefinitionModel {
	m.Dependency = unsetZeroMembers(m.Dependency, prior.Dependency)
	m.ParallelDependency = unsetZeroMembers(m.ParallelDependency, prior.ParallelDependency)
	return m
}

func unsetZeroMembers(got, prior types.Object) types.Object {
	if got.IsNull() || got.IsUnknown() || prior.IsNull() || prior.IsUnknown() {
		return got
	}
	attrs := got.Attributes()
	before := prior.Attributes()
	out := make(map[string]attr.Value, len(attrs))
	for k, v := range attrs {
		out[k] = v
		if p, ok := before[k]; ok && p.IsNull() && isZeroMember(v) {
			out[k] = nullLike(v)
		}
	}
	return types.ObjectValueMust(taskDependencyAttrTypes, out)
}

func isZeroMember(v attr.Value) bool {
	switch v := v.(type) {
	case types.Int64:
		return !v.IsNull() && !v.IsUnknown() && v.ValueInt64() == 0
	case types.Bool:
		return !v.IsNull() && !v.IsUnknown() && !v.ValueBool()
	}
	return false
}

func nullLike(v attr.Value) attr.Value {
	if _, ok := v.(types.Int64); ok {
		return types.Int64Null()
	}
	return types.BoolNull()
}

// parseTaskDefinitionID parses the integer id kept as a string in state.
func parseTaskDefinitionID(s types.String) (int, error) {
	id, err := strconv.Atoi(s.ValueString())
	if err != nil || id <= 0 || id > maxServerInt {
		return 0, fmt.Errorf("task definition id must be an integer between 1 and %d, got %q", maxServerInt, s.ValueString())
	}
	return id, nil
}
