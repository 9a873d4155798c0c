package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

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

// validate reports what the attribute validators cannot see: filters that contradict each other.
func (f jobFiltersModel) validate(ctx context.Context, diags *diag.Diagnostics) {
	if !f.ItemID.IsNull() && !f.Metadata.IsNull() && !f.Metadata.IsUnknown() {
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
		if from.IsNull() || from.IsUnknown() || to.IsNull() || to.IsUnknown() {
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

// requireServerFeatures refuses the filters of opts the server's version cannot honour.
func (d *providerData) requireServerFeatures(ctx context.Context, opts vidispine.ListJobsOptions, diags *diag.Diagnostics) {
	if len(opts.Priorities) > 0 {
		d.requireFeature(ctx, vidispine.FeaturePriorityFilter, path.Root("priorities"), diags)
	}
}

// sortedStrings returns the list's values sorted, without duplicates; nil for a null list.
func sortedStrings(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return slices.Compact(out)
}

// canonicalTimestamp renders a validated time filter in UTC with milliseconds, "" when unset.
func canonicalTimestamp(v types.String) string {
	if v.IsNull() || v.IsUnknown() {
		return ""
	}
	t, ok := parseTimestamp(v.ValueString())
	if !ok { // refused by the validator already
		return v.ValueString()
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// backtickList renders values as a Markdown list of code spans: `A`, `B`, `C`.
func backtickList(values []string) string {
	return "`" + strings.Join(values, "`, `") + "`"
}
