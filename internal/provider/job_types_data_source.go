package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ datasource.DataSourceWithConfigure = (*jobTypesDataSource)(nil)

// NewJobTypesDataSource lists every job type the server knows (GET /API/jobtype).
func NewJobTypesDataSource() datasource.DataSource { return &jobTypesDataSource{} }

type jobTypesDataSource struct {
	data *providerData
}

type jobTypesDataSourceModel struct {
	Names       []string `tfsdk:"names"`
	CustomNames []string `tfsdk:"custom_names"`
}

func (d *jobTypesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_types"
}

func (d *jobTypesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every job type the server knows, built-in and custom (`GET /API/jobtype`).",
		Attributes: map[string]schema.Attribute{
			"names": schema.ListAttribute{
				MarkdownDescription: "Names of all job types, sorted.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"custom_names": schema.ListAttribute{
				MarkdownDescription: "The names that are not among the built-in job types this provider knows " +
					"(the custom types, plus any built-in type of a newer server version), sorted.",
				Computed:    true,
				ElementType: types.StringType,
			},
		},
	}
}

func (d *jobTypesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs one GET /API/jobtype.
func (d *jobTypesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	names, err := d.data.client.ListJobTypes(ctx)
	if err != nil {
		resp.Diagnostics.Append(jobTypesListError(err)...)
		return
	}
	model := jobTypesDataSourceModel{Names: slices.Sorted(slices.Values(names)), CustomNames: []string{}}
	model.Names = slices.Compact(model.Names)
	if model.Names == nil {
		model.Names = []string{}
	}
	for _, n := range model.Names {
		if !slices.Contains(vidispine.BuiltinJobTypes, n) {
			model.CustomNames = append(model.CustomNames, n)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
