package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
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
	validateJobFilters(ctx, req.Config, &jobsDataSourceModel{}, &resp.Diagnostics)
}

// Read costs GET /API/job, one request per page of up to 1000 jobs until max_results; with
// priorities, GET /API/version once per run.
func (d *jobsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jobsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts, ok := model.query(ctx, d.data, &resp.Diagnostics)
	if !ok {
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

// The filters of GET /API/job, shared with vidispine_job_count.

// jobFiltersModel holds the GET /job filters shared by vidispine_jobs and vidispine_job_count.
type jobFiltersModel struct {
	Types           types.List   `tfsdk:"types"`
	States          types.List   `tfsdk:"states"`
	Priorities      types.List   `tfsdk:"priorities"`
	ItemID          types.String `tfsdk:"item_id"`
	Metadata        types.Map    `tfsdk:"metadata"`
	OnlyCurrentUser types.Bool   `tfsdk:"only_current_user"`
	StartedAfter    types.String `tfsdk:"started_after"`
	StartedBefore   types.String `tfsdk:"started_before"`
	FinishedAfter   types.String `tfsdk:"finished_after"`
	FinishedBefore  types.String `tfsdk:"finished_before"`
}

// itemIDKey is the job-data key that links a job to its item; the server filters on it.
const itemIDKey = "itemId"

var jobMetadataKeyPattern = regexp.MustCompile(`^[^=]+$`)

// jobFilterAttributes returns the schema of the filters; every filter is optional and
// filters are combined with AND.
func jobFilterAttributes() map[string]schema.Attribute {
	timeFilter := func(what string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: what + " (inclusive), as an RFC 3339 / ISO-8601 date-time with a time zone, e.g. " +
				"`2026-03-01T00:00:00Z`.",
			Optional:   true,
			Validators: []validator.String{timestampValidator{}},
		}
	}
	return map[string]schema.Attribute{
		"types": schema.ListAttribute{
			MarkdownDescription: "Only jobs of these types, e.g. `[\"IMPORT\", \"PLACEHOLDER_IMPORT\"]`. Built-in and " +
				"custom type names are accepted (upper-case identifiers). All types when omitted.",
			Optional:    true,
			ElementType: types.StringType,
			Validators: []validator.List{
				listvalidator.ValueStringsAre(jobTypeNameValidator()),
			},
		},
		"states": schema.ListAttribute{
			MarkdownDescription: "Only jobs in these states: " + backtickList(vidispine.JobStates) + " (`ABORT_PENDING` is " +
				"the specification's spelling of `ABORTED_PENDING`; both are accepted). All states when omitted.",
			Optional:    true,
			ElementType: types.StringType,
			Validators: []validator.List{
				listvalidator.ValueStringsAre(stringvalidator.OneOf(vidispine.JobStates...)),
			},
		},
		"priorities": schema.ListAttribute{
			MarkdownDescription: "Only jobs with these priorities: " + backtickList(vidispine.Priorities) +
				". All priorities when omitted. Needs VidiCore 5.1 or later: an older server would ignore the filter, so " +
				"against one the plan fails with an error that names the server's version.",
			Optional:    true,
			ElementType: types.StringType,
			Validators: []validator.List{
				listvalidator.ValueStringsAre(stringvalidator.OneOf(vidispine.Priorities...)),
			},
		},
		"item_id": schema.StringAttribute{
			MarkdownDescription: "Only jobs of this item, e.g. `VX-12` (sent as the job-data filter `itemId=VX-12`, " +
				"the way the server links jobs to items).",
			Optional: true,
			Validators: []validator.String{
				siteIDValidator(),
			},
		},
		"metadata": schema.MapAttribute{
			MarkdownDescription: "Only jobs whose job data (job metadata) holds all of these keys with these values; " +
				"each pair is sent as a `jobmetadata=key=value` filter.",
			Optional:    true,
			ElementType: types.StringType,
			Validators: []validator.Map{
				mapvalidator.KeysAre(stringvalidator.RegexMatches(jobMetadataKeyPattern, "must be a non-empty job-data key without \"=\"")),
			},
		},
		"only_current_user": schema.BoolAttribute{
			MarkdownDescription: "Only jobs started by the provider's user (or its `run_as` user). Defaults to " +
				"`false`: jobs of all users, as JobHelper does.",
			Optional: true,
		},
		"started_after":   timeFilter("Only jobs started at or after this time"),
		"started_before":  timeFilter("Only jobs started at or before this time"),
		"finished_after":  timeFilter("Only jobs finished at or after this time"),
		"finished_before": timeFilter("Only jobs finished at or before this time"),
	}
}

// validateJobFilters is the ValidateConfig of a data source whose model embeds jobFiltersModel:
// it reads cfg into model and validates the filters.
func validateJobFilters(ctx context.Context, cfg tfsdk.Config, model interface {
	validate(context.Context, *diag.Diagnostics)
}, diags *diag.Diagnostics) {
	diags.Append(cfg.Get(ctx, model)...)
	if diags.HasError() {
		return
	}
	model.validate(ctx, diags)
}

// validate reports what the attribute validators cannot see: filters that contradict each other.
func (f jobFiltersModel) validate(ctx context.Context, diags *diag.Diagnostics) {
	if !f.ItemID.IsNull() && known(f.Metadata) {
		var md map[string]types.String
		if d := f.Metadata.ElementsAs(ctx, &md, false); !d.HasError() {
			if _, ok := md[itemIDKey]; ok {
				diags.AddAttributeError(path.Root("item_id"), "Conflicting item filters",
					"item_id and metadata[\""+itemIDKey+"\"] both filter on the job's item; set only one of them.")
			}
		}
	}
	for _, pair := range [][2]string{{"started_after", "started_before"}, {"finished_after", "finished_before"}} {
		from, to := f.timeAttr(pair[0]), f.timeAttr(pair[1])
		if !known(from) || !known(to) {
			continue
		}
		a, okA := parseTimestamp(from.ValueString())
		b, okB := parseTimestamp(to.ValueString())
		if okA && okB && a.After(b) {
			diags.AddAttributeError(path.Root(pair[0]), "Empty time window",
				fmt.Sprintf("%s (%s) is later than %s (%s), so no job could match.",
					pair[0], from.ValueString(), pair[1], to.ValueString()))
		}
	}
}

func (f jobFiltersModel) timeAttr(name string) types.String {
	switch name {
	case "started_after":
		return f.StartedAfter
	case "started_before":
		return f.StartedBefore
	case "finished_after":
		return f.FinishedAfter
	default:
		return f.FinishedBefore
	}
}

// options turns the filters into the client's options, normalised so that equal queries
// look equal: lists sorted without duplicates, job-data pairs sorted by key, times in UTC.
func (f jobFiltersModel) options(ctx context.Context, diags *diag.Diagnostics) vidispine.ListJobsOptions {
	opts := vidispine.ListJobsOptions{
		Types:      sortedStrings(ctx, f.Types, diags),
		States:     sortedStrings(ctx, f.States, diags),
		Priorities: sortedStrings(ctx, f.Priorities, diags),
		AllUsers:   !f.OnlyCurrentUser.ValueBool(),
	}
	md := map[string]string{}
	if !f.Metadata.IsNull() {
		diags.Append(f.Metadata.ElementsAs(ctx, &md, false)...)
	}
	if !f.ItemID.IsNull() {
		md[itemIDKey] = f.ItemID.ValueString()
	}
	keys := make([]string, 0, len(md))
	for k := range md {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		opts.JobMetadata = append(opts.JobMetadata, vidispine.KeyValue{Key: k, Value: md[k]})
	}
	opts.StartedAfter = canonicalTimestamp(f.StartedAfter)
	opts.StartedBefore = canonicalTimestamp(f.StartedBefore)
	opts.FinishedAfter = canonicalTimestamp(f.FinishedAfter)
	opts.FinishedBefore = canonicalTimestamp(f.FinishedBefore)
	return opts
}

// query turns the filters into the client's options and refuses those the server's version
// cannot honour (GET /API/version, once per run); false when the diagnostics stop the read.
func (f jobFiltersModel) query(ctx context.Context, data *providerData, diags *diag.Diagnostics) (vidispine.ListJobsOptions, bool) {
	opts := f.options(ctx, diags)
	if diags.HasError() {
		return opts, false
	}
	data.requireServerFeatures(ctx, opts, diags)
	return opts, !diags.HasError()
}

// requireServerFeatures refuses the filters of opts the server's version cannot honour.
func (d *providerData) requireServerFeatures(ctx context.Context, opts vidispine.ListJobsOptions, diags *diag.Diagnostics) {
	if len(opts.Priorities) > 0 {
		d.requireFeature(ctx, vidispine.FeaturePriorityFilter, path.Root("priorities"), diags)
	}
}

// canonicalTimestamp renders a validated time filter in UTC with milliseconds, "" when unset.
func canonicalTimestamp(v types.String) string {
	if !known(v) {
		return ""
	}
	t, ok := parseTimestamp(v.ValueString())
	if !ok { // refused by the validator already
		return v.ValueString()
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// One entry of the job list.

// jobSummaryAttrTypes describe one entry of a job list (vidispine_jobs): what GET /job
// returns per job, without the step log.
var jobSummaryAttrTypes = map[string]attr.Type{
	"job_id":                   types.StringType,
	"type":                     types.StringType,
	"status":                   types.StringType,
	"is_terminal":              types.BoolType,
	"user":                     types.StringType,
	"priority":                 types.StringType,
	"started":                  types.StringType,
	"finished":                 types.StringType,
	"total_steps":              types.Int64Type,
	"current_step":             types.Int64Type,
	"current_step_description": types.StringType,
	"current_step_status":      types.StringType,
	"metadata":                 types.MapType{ElemType: types.StringType},
}

func jobSummariesSchema() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The matching jobs, in the order of `sort`, at most `max_results` of them.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Id of the job, e.g. `VX-29`."},
			"type":   schema.StringAttribute{Computed: true, MarkdownDescription: "Job type, e.g. `TRANSCODE`."},
			"status": schema.StringAttribute{Computed: true, MarkdownDescription: "Job state, e.g. `STARTED` or `FAILED_TOTAL`."},
			"is_terminal": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job has ended: " +
				"`FINISHED`, `FINISHED_WARNING`, `FAILED_TOTAL` or `ABORTED`."},
			"user":     schema.StringAttribute{Computed: true, MarkdownDescription: "User who started the job."},
			"priority": schema.StringAttribute{Computed: true, MarkdownDescription: "Job priority, e.g. `MEDIUM`."},
			"started":  schema.StringAttribute{Computed: true, MarkdownDescription: "Start time as the server wrote it (ISO 8601); null if not started."},
			"finished": schema.StringAttribute{Computed: true, MarkdownDescription: "Finish time (ISO 8601); null while the job runs."},
			"total_steps": schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of steps of the job; " +
				"null unless `include_steps` is set."},
			"current_step": schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of the step the job " +
				"is at; null unless `include_steps` is set and the server reports one."},
			"current_step_description": schema.StringAttribute{Computed: true, MarkdownDescription: "Description of the current step (with `include_steps`)."},
			"current_step_status":      schema.StringAttribute{Computed: true, MarkdownDescription: "State of the current step (with `include_steps`)."},
			"metadata": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Job " +
				"metadata (job data), e.g. `itemId`; null unless `include_metadata` is set."},
		}},
	}
}

// jobSummaryType is the Terraform type of one entry of jobSummariesSchema.
var jobSummaryType = types.ObjectType{AttrTypes: jobSummaryAttrTypes}.TerraformType(context.Background())

// jobSummariesValue converts list entries straight into the Terraform value of the jobs
// attribute. It skips the framework's attr.Value objects on purpose: for 100,000 jobs that
// second copy of every job, alive while the state is encoded, was half of the provider's
// memory (see BENCHMARKS.md). Step and metadata fields are null unless they were asked for,
// so "not requested" never looks like "none".
func jobSummariesValue(jobs []vidispine.Job, withSteps, withMetadata bool) tftypes.Value {
	var (
		nullString = tftypes.NewValue(tftypes.String, nil)
		nullNumber = tftypes.NewValue(tftypes.Number, nil)
		nullMap    = tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, nil)
	)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	optional := func(s string) tftypes.Value {
		if s == "" {
			return nullString
		}
		return str(s)
	}
	elems := make([]tftypes.Value, 0, len(jobs))
	for i := range jobs {
		j := &jobs[i]
		totalSteps, step, stepDesc, stepStatus := nullNumber, nullNumber, nullString, nullString
		if withSteps {
			totalSteps = tftypes.NewValue(tftypes.Number, int64(j.TotalSteps))
			if cs := j.CurrentStep; cs != nil {
				step = tftypes.NewValue(tftypes.Number, int64(cs.Number))
				stepDesc, stepStatus = str(cs.Description), str(cs.Status)
			}
		}
		metadata := nullMap
		if withMetadata {
			m := make(map[string]tftypes.Value, len(j.Data))
			for _, kv := range j.Data {
				m[kv.Key] = str(kv.Value)
			}
			metadata = tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, m)
		}
		elems = append(elems, tftypes.NewValue(jobSummaryType, map[string]tftypes.Value{
			"job_id":                   str(j.ID),
			"type":                     str(j.Type),
			"status":                   str(j.Status),
			"is_terminal":              tftypes.NewValue(tftypes.Bool, vidispine.IsTerminalState(j.Status)),
			"user":                     str(j.User),
			"priority":                 str(j.Priority),
			"started":                  optional(j.Started),
			"finished":                 optional(j.Finished),
			"total_steps":              totalSteps,
			"current_step":             step,
			"current_step_description": stepDesc,
			"current_step_status":      stepStatus,
			"metadata":                 metadata,
		}))
	}
	return tftypes.NewValue(tftypes.List{ElementType: jobSummaryType}, elems)
}
