package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// jobTypeNamePattern is the shape of job type names: upper-case identifiers such as
// TRANSCODE or ACME_PUBLISH.
var jobTypeNamePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// positiveIntPattern matches a task definition id.
var positiveIntPattern = regexp.MustCompile(`^[1-9][0-9]*$`)

var pathJobType = path.Root("job_type")

const jobTypeNameHelp = "an upper-case identifier such as ACME_PUBLISH (A-Z, 0-9 and _, starting with a letter)"

// Defaults the server applies to a task definition that leaves these out (reference section
// 4.2). The provider always sends them, so what is stored never depends on a server default.
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
	descDependencyStep        = "Step this step depends on. Defaults to `0`."
	descDependencyPrevious    = "Depend on the previous step. Defaults to `false`."
	descDependencyAllPrevious = "Depend on all previous steps. Defaults to `false`."
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
	}
}

func taskDependencyValue(d *vidispine.TaskDependency) types.Object {
	if d == nil {
		return types.ObjectNull(taskDependencyAttrTypes)
	}
	return types.ObjectValueMust(taskDependencyAttrTypes, map[string]attr.Value{
		"step":         types.Int64Value(int64(d.Step)),
		"previous":     types.BoolValue(d.Previous),
		"all_previous": types.BoolValue(d.AllPrevious),
	})
}

// toAPI builds the document to send from a planned model. Optional strings are sent only when
// set; the booleans and flags, which carry planned defaults, are always sent, so the stored
// step is exactly what the plan shows (a PUT replaces the whole document anyway).
func (m taskDefinitionModel) toAPI(ctx context.Context, diags *diag.Diagnostics) vidispine.TaskDefinition {
	td := vidispine.TaskDefinition{
		JobType:     m.JobType.ValueString(),
		Step:        int(m.Step.ValueInt64()),
		Description: m.Description.ValueString(),
		Script:      m.Script.ValueString(),
		Bean:        m.Bean.ValueString(),
		Method:      m.Method.ValueString(),
		Extradata:   m.Extradata.ValueString(),
		Critical:    ptr(boolOrDefault(m.Critical, defaultTaskCritical)),
		Cleanup:     ptr(boolOrDefault(m.Cleanup, defaultTaskCleanup)),
		Flags:       ptr(defaultTaskFlags),
	}
	if v := m.Flags; !v.IsNull() && !v.IsUnknown() {
		td.Flags = ptr(int(v.ValueInt64()))
	}
	if td.Bean != "" {
		td.Plugin = ptr(boolOrDefault(m.Plugin, defaultTaskPlugin))
	}
	td.Dependency = taskDependencyFromObject(ctx, m.Dependency, diags)
	td.ParallelDependency = taskDependencyFromObject(ctx, m.ParallelDependency, diags)
	return td
}

func taskDependencyFromObject(ctx context.Context, o types.Object, diags *diag.Diagnostics) *vidispine.TaskDependency {
	if o.IsNull() || o.IsUnknown() {
		return nil
	}
	var d taskDependencyModel
	diags.Append(o.As(ctx, &d, basetypes.ObjectAsOptions{})...)
	return &vidispine.TaskDependency{
		Step:        int(d.Step.ValueInt64()),
		Previous:    d.Previous.ValueBool(),
		AllPrevious: d.AllPrevious.ValueBool(),
	}
}

// parseTaskDefinitionID parses the integer id kept as a string in state.
func parseTaskDefinitionID(s types.String) (int, error) {
	id, err := strconv.Atoi(s.ValueString())
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("task definition id must be a positive integer, got %q", s.ValueString())
	}
	return id, nil
}

func ptr[T any](v T) *T { return &v }

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func boolOrDefault(v types.Bool, def bool) bool {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueBool()
}
