package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ datasource.DataSourceWithConfigure = (*taskDefinitionsDataSource)(nil)

// NewTaskDefinitionsDataSource is JobHelper's getTaskDefinition(task_type): all steps of a job type.
func NewTaskDefinitionsDataSource() datasource.DataSource { return &taskDefinitionsDataSource{} }

type taskDefinitionsDataSource struct {
	data *providerData
}

type taskDefinitionsDataSourceModel struct {
	JobType         types.String          `tfsdk:"job_type"`
	TaskDefinitions []taskDefinitionModel `tfsdk:"task_definitions"`
}

func (d *taskDefinitionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task_definitions"
}

func (d *taskDefinitionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads every step of one job type, ordered by step " +
			"(`GET /API/task-definition/jobtype/{type}`). The equivalent of JobHelper's `getTaskDefinition(task_type)`.",
		Attributes: map[string]schema.Attribute{
			"job_type": schema.StringAttribute{
				MarkdownDescription: "Job type whose steps to read, built-in (e.g. `TRANSCODE`) or custom.",
				Required:            true,
				Validators:          []validator.String{jobTypeNameValidator()},
			},
			"task_definitions": schema.ListNestedAttribute{
				MarkdownDescription: "The job type's task definitions, ordered by `step`; empty when it has none.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: taskDefinitionComputedAttributes()},
			},
		},
	}
}

func (d *taskDefinitionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs one GET /API/task-definition/jobtype/{type}. It does not use the store of
// vidispine_task_definition: a data source reads what the server holds now.
func (d *taskDefinitionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model taskDefinitionsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	jobType := model.JobType.ValueString()
	list, err := d.data.client.ListTaskDefinitions(ctx, jobType)
	if err != nil {
		if vidispine.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(pathJobType, "Job type not found",
				fmt.Sprintf("The Vidispine server has no job type %s: %s", jobType, err))
			return
		}
		resp.Diagnostics.AddError("Could not read the task definitions of job type "+jobType, err.Error())
		return
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Step < list[j].Step })
	model.TaskDefinitions = make([]taskDefinitionModel, 0, len(list))
	for i := range list {
		model.TaskDefinitions = append(model.TaskDefinitions, taskDefinitionFromAPI(&list[i]))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
