package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*jobTypeDataSource)(nil)

// NewJobTypeDataSource reads one job type's step graph: the server's drawing
// (GET /API/task-definition/jobtype/{type}/graph/dot) and a Mermaid drawing of the stored steps
// (pipeline_graph.go). It is a data source of its own rather
// than an attribute of vidispine_task_definitions because the graph endpoint needs the
// _administrator role: reading the steps must keep working for users with task-definition
// read rights only.
func NewJobTypeDataSource() datasource.DataSource { return &jobTypeDataSource{} }

type jobTypeDataSource struct {
	data *providerData
}

type jobTypeDataSourceModel struct {
	Name         types.String `tfsdk:"name"`
	GraphDOT     types.String `tfsdk:"graph_dot"`
	GraphMermaid types.String `tfsdk:"graph_mermaid"`
}

func (d *jobTypeDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_type"
}

func (d *jobTypeDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One job type as the server runs it: its step graph in Graphviz DOT, drawn by the server " +
			"from the stored task definitions (`GET /API/task-definition/jobtype/{type}/graph/dot`; the server " +
			"requires the `_administrator` role), and the same steps as a Mermaid flowchart for pull requests, drawn by " +
			"the provider from the stored task definitions (`GET /API/task-definition/jobtype/{type}`). Render the DOT " +
			"with `dot -Tsvg`. To draw the pipeline a plan is about to apply, before it exists on the server, use the " +
			"`pipeline_dot` and `pipeline_mermaid` functions.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the job type, built-in (`TRANSCODE`) or custom (`ACME_PUBLISH`).",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(jobTypeNamePattern, "must be "+jobTypeNameHelp)},
			},
			"graph_dot": schema.StringAttribute{
				MarkdownDescription: "The job type's step graph in Graphviz DOT, exactly as the server sent it.",
				Computed:            true,
			},
			"graph_mermaid": schema.StringAttribute{
				MarkdownDescription: "The job type's stored steps as a Mermaid flowchart, drawn from the same graph " +
					"model as `provider::vidispine::pipeline_mermaid`, so the two are equal when the server holds the " +
					"steps the configuration defines. The read fails when the stored steps do not form a pipeline " +
					"(a dependency on a missing step, a cycle).",
				Computed: true,
			},
		},
	}
}

func (d *jobTypeDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs one GET /API/task-definition/jobtype/{type}/graph/dot and one
// GET /API/task-definition/jobtype/{type}.
func (d *jobTypeDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jobTypeDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := model.Name.ValueString()
	dot, err := d.data.client.JobTypeGraphDOT(ctx, name)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Could not read the step graph of job type %s", name), err.Error())
		return
	}
	steps, err := d.data.client.ListTaskDefinitions(ctx, name)
	if err != nil {
		resp.Diagnostics.AddError("Could not read the task definitions of job type "+name, err.Error())
		return
	}
	graph, err := newPipelineGraph(name, pipelineStepsFromAPI(steps))
	if err != nil {
		resp.Diagnostics.AddError("The steps of job type "+name+" on the server do not form a pipeline", err.Error())
		return
	}
	model.GraphDOT = types.StringValue(dot)
	model.GraphMermaid = types.StringValue(graph.mermaid())
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
