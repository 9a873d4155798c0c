package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ datasource.DataSourceWithConfigure = (*taskGroupDataSource)(nil)

// NewTaskGroupDataSource reads one task group by name (GET /API/task-group/{name}).
func NewTaskGroupDataSource() datasource.DataSource { return &taskGroupDataSource{} }

type taskGroupDataSource struct {
	data *providerData
}

func (d *taskGroupDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task_group"
}

func (d *taskGroupDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := taskGroupComputedAttributes()
	attrs["name"] = schema.StringAttribute{
		MarkdownDescription: descTaskGroupName,
		Required:            true,
		Validators:          []validator.String{taskGroupNameValidator()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one task group by name (`GET /API/task-group/{name}`). " + descTaskGroup,
		Attributes:          attrs,
	}
}

func (d *taskGroupDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs one GET /API/task-group/{name}.
func (d *taskGroupDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model taskGroupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := model.Name.ValueString()
	tg, err := d.data.client.GetTaskGroup(ctx, name)
	if err != nil {
		if vidispine.IsNotFound(err) {
			resp.Diagnostics.AddError("Task group not found", fmt.Sprintf("There is no task group %s on the Vidispine server: %s", name, err))
			return
		}
		resp.Diagnostics.AddError("Could not read task group "+name, err.Error())
		return
	}
	model.fromDocument(tg)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
