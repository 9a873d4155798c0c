package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ list.ListResourceWithConfigure = (*taskGroupListResource)(nil)

// NewTaskGroupListResource lists the task groups for `terraform query` (Terraform ≥ 1.14).
func NewTaskGroupListResource() list.ListResource { return &taskGroupListResource{} }

type taskGroupListResource struct {
	data *providerData
}

func (r *taskGroupListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task_group"
}

func (r *taskGroupListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the task groups (`GET /API/task-group`, one request: the list holds whole groups), " +
			"sorted by name, to adopt them as `vidispine_task_group` resources.",
	}
}

func (r *taskGroupListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// List costs one GET /API/task-group.
func (r *taskGroupListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listStream(ctx, req, stream, func(e *listEmitter) {
		groups, err := r.data.client.ListTaskGroups(ctx)
		if err != nil {
			e.diagnostics(singleError("Could not list task groups", err.Error()))
			return
		}
		slices.SortFunc(groups, func(a, b vidispine.TaskGroup) int { return strings.Compare(a.Name, b.Name) })
		for i := range groups {
			var model taskGroupModel
			model.fromDocument(&groups[i])
			if !e.emit(groups[i].Name, taskGroupIdentity{Name: model.Name}, model) {
				return
			}
		}
	})
}
