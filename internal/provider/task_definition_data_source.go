package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ datasource.DataSourceWithConfigure        = (*taskDefinitionDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*taskDefinitionDataSource)(nil)
)

// NewTaskDefinitionDataSource reads one step of a job type, by id or by job type and step.
func NewTaskDefinitionDataSource() datasource.DataSource { return &taskDefinitionDataSource{} }

type taskDefinitionDataSource struct {
	data *providerData
}

// taskDefinitionDataSourceModel has the attributes of the resource, all read from the server.
type taskDefinitionDataSourceModel = taskDefinitionModel

func (d *taskDefinitionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task_definition"
}

func (d *taskDefinitionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := taskDefinitionComputedAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: descTaskID + " Set either `id` or `job_type` and `step`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{taskDefinitionIDValidator{}},
	}
	attrs["job_type"] = schema.StringAttribute{
		MarkdownDescription: descTaskJobType + " Requires `step`.",
		Optional:            true,
		Computed:            true,
		Validators: []validator.String{
			jobTypeNameValidator(),
			stringvalidator.AlsoRequires(path.MatchRoot("step")),
		},
	}
	attrs["step"] = schema.Int64Attribute{
		MarkdownDescription: descTaskStep + " Requires `job_type`.",
		Optional:            true,
		Computed:            true,
		Validators: []validator.Int64{
			serverIntAtLeast(0),
			int64validator.AlsoRequires(path.MatchRoot("job_type")),
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one task definition (a step of a job type), by `id` " +
			"(`GET /API/task-definition/{id}`) or by `job_type` and `step` " +
			"(`GET /API/task-definition/jobtype/{type}/step/{step}`).",
		Attributes: attrs,
	}
}

func (d *taskDefinitionDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("job_type")),
	}
}

func (d *taskDefinitionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs one GET /API/task-definition/{id}, or by job type and step one
// GET /API/task-definition/jobtype/{type}/step/{step}. It does not use the store of
// vidispine_task_definition.
func (d *taskDefinitionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg taskDefinitionDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		td   *vidispine.TaskDefinition
		err  error
		what string
	)
	if !cfg.ID.IsNull() {
		id, perr := parseTaskDefinitionID(cfg.ID)
		if perr != nil {
			addInvalidTaskDefinitionID(&resp.Diagnostics, perr)
			return
		}
		what = fmt.Sprintf("task definition %d", id)
		td, err = d.data.client.GetTaskDefinition(ctx, id)
	} else {
		what = fmt.Sprintf("step %d of job type %s", cfg.Step.ValueInt64(), cfg.JobType.ValueString())
		td, err = d.data.client.GetTaskDefinitionByStep(ctx, cfg.JobType.ValueString(), int(cfg.Step.ValueInt64()))
	}
	if err != nil {
		if vidispine.IsNotFound(err) {
			resp.Diagnostics.AddError("Task definition not found", fmt.Sprintf("There is no %s on the Vidispine server: %s", what, err))
			return
		}
		resp.Diagnostics.AddError("Could not read "+what, err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, taskDefinitionFromAPI(td))...)
}

// taskDefinitionComputedAttributes is the data sources' schema of a task definition (this
// one's, and each element of vidispine_task_definitions), every attribute read from the server.
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
	const script = "JavaScript the step runs, read with the rest of the task-definition document; null for a bean step."
	return map[string]schema.Attribute{
		"id":                  schema.StringAttribute{Computed: true, MarkdownDescription: descTaskID},
		"job_type":            schema.StringAttribute{Computed: true, MarkdownDescription: descTaskJobType},
		"step":                schema.Int64Attribute{Computed: true, MarkdownDescription: descTaskStep},
		"description":         schema.StringAttribute{Computed: true, MarkdownDescription: descTaskDescription},
		"script":              schema.StringAttribute{Computed: true, MarkdownDescription: script},
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
