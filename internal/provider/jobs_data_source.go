package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var (
	_ datasource.DataSourceWithConfigure      = (*jobsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*jobsDataSource)(nil)
)

// Defaults of vidispine_jobs, the same as JobHelper.getAllJobs.
const (
	defaultJobSort       = "jobId desc"
	defaultJobFirst      = 1
	defaultJobMaxResults = 1000
	maxJobMaxResults     = 100000
)

// NewJobsDataSource lists jobs: JobHelper's getAllJobs, getAllImportJobs, getAllIngestJobs,
// getAllJobsForItem and getAllTranscodeJobsForItem.
func NewJobsDataSource() datasource.DataSource { return &jobsDataSource{} }

type jobsDataSource struct {
	data *providerData
}

type jobsDataSourceModel struct {
	jobFiltersModel
	Sort            types.String `tfsdk:"sort"`
	First           types.Int64  `tfsdk:"first"`
	MaxResults      types.Int64  `tfsdk:"max_results"`
	IncludeSteps    types.Bool   `tfsdk:"include_steps"`
	IncludeMetadata types.Bool   `tfsdk:"include_metadata"`
	Jobs            types.List   `tfsdk:"jobs"`
	Total           types.Int64  `tfsdk:"total"`
}

func (d *jobsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jobs"
}

func (d *jobsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := jobFilterAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"sort": schema.StringAttribute{
			MarkdownDescription: "Order of the list: comma-separated `<field> asc|desc` terms with the fields `jobId`, " +
				"`type`, `state`, `user`, `startTime` and `priority`. Defaults to `" + defaultJobSort + "` (newest first).",
			Optional:   true,
			Validators: []validator.String{jobSortValidator{}},
		},
		"first": schema.Int64Attribute{
			MarkdownDescription: "Position (1-based) in the sorted list of the first job to return. Defaults to `1`.",
			Optional:            true,
			Validators:          []validator.Int64{serverIntAtLeast(1)},
		},
		"max_results": schema.Int64Attribute{
			MarkdownDescription: "Return at most this many jobs (1 to 100000). The provider pages through the list " +
				"with pages of at most 1000 jobs and stops here. Defaults to `1000`, as JobHelper does.",
			Optional:   true,
			Validators: []validator.Int64{int64validator.Between(1, maxJobMaxResults)},
		},
		"include_steps": schema.BoolAttribute{
			MarkdownDescription: "Fill `total_steps` and the `current_step*` attributes of each job. Defaults to " +
				"`false`. For a job's full step log use the `vidispine_job` data source.",
			Optional: true,
		},
		"include_metadata": schema.BoolAttribute{
			MarkdownDescription: "Fill the `metadata` (job data) of each job. Defaults to `false`.",
			Optional:            true,
		},
		"jobs": jobSummariesSchema(),
		"total": schema.Int64Attribute{
			MarkdownDescription: "Number of jobs on the server that match the filters (the server's `hits`); can be " +
				"larger than the number of `jobs` returned.",
			Computed: true,
		},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists jobs that match filters (`GET /API/job`), with their state, owner and priority: " +
			"the equivalent of JobHelper's `getAllJobs`, `getAllImportJobs`, `getAllIngestJobs`, `getAllJobsForItem` " +
			"and `getAllTranscodeJobsForItem`. Filters are combined with AND; the values inside one list filter " +
			"with OR. Unlike the server's own default, jobs of all users are listed unless `only_current_user` is set.",
		Attributes: attrs,
	}
}

func (d *jobsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *jobsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var model jobsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	model.validate(ctx, &resp.Diagnostics)
}

// Read costs GET /API/job, one request per page of up to 1000 jobs until max_results; with
// priorities, GET /API/version once per run.
func (d *jobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jobsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := model.options(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	d.data.requireServerFeatures(ctx, opts, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	opts.Sort = defaultJobSort
	if !model.Sort.IsNull() {
		opts.Sort, _ = normaliseJobSort(model.Sort.ValueString())
	}
	opts.First = defaultJobFirst
	if !model.First.IsNull() {
		opts.First = int(model.First.ValueInt64())
	}
	limit := defaultJobMaxResults
	if !model.MaxResults.IsNull() {
		limit = int(model.MaxResults.ValueInt64())
	}
	opts.IncludeSteps = model.IncludeSteps.ValueBool()
	opts.IncludeMetadata = model.IncludeMetadata.ValueBool()

	jobs, hits, err := d.data.client.ListAllJobs(ctx, opts, limit)
	if err != nil {
		resp.Diagnostics.AddError("Could not list jobs", err.Error())
		return
	}
	tflog.Debug(ctx, "listed jobs", map[string]any{"returned": len(jobs), "hits": hits})
	model.Jobs = types.ListNull(types.ObjectType{AttrTypes: jobSummaryAttrTypes})
	model.Total = types.Int64Value(int64(hits))
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := setRawAttribute(&resp.State.Raw, "jobs", jobSummariesValue(jobs, opts.IncludeSteps, opts.IncludeMetadata)); err != nil {
		resp.Diagnostics.AddError("Could not store the jobs", err.Error())
	}
}
