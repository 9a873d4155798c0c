package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ list.ListResourceWithConfigure = (*jobTypeListResource)(nil)

// NewJobTypeListResource lists custom job types for `terraform query` (Terraform ≥ 1.14).
func NewJobTypeListResource() list.ListResource { return &jobTypeListResource{} }

type jobTypeListResource struct {
	data *providerData
}

func (r *jobTypeListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_type"
}

func (r *jobTypeListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the custom job types (`GET /API/jobtype`, one request), sorted by name: every type " +
			"except the built-in ones this provider knows (`TRANSCODE`, `IMPORT`, …), which cannot be managed. The " +
			"server does not report a type's numeric id, so the resource objects and generated configuration leave " +
			"`type_id` out.",
	}
}

func (r *jobTypeListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// List costs one GET /API/jobtype.
func (r *jobTypeListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listStream(ctx, req, stream, func(e *listEmitter) {
		names, err := r.data.client.ListJobTypes(ctx)
		if err != nil {
			e.diagnostics(jobTypesListError(err))
			return
		}
		for _, name := range slices.Sorted(slices.Values(names)) {
			if slices.Contains(vidispine.BuiltinJobTypes, name) {
				continue
			}
			model := jobTypeModel{Name: types.StringValue(name), TypeID: types.Int64Null()}
			if !e.emit(name, jobTypeIdentity{Name: model.Name}, model) {
				return
			}
		}
	})
}
