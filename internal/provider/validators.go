package provider

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// urlValidator checks at validate time that a known value is an http(s) base URL (check:
// the client's own check; nil means vidispine.NormalizeURL).
type urlValidator struct{ check func(string) error }

func (urlValidator) Description(context.Context) string {
	return "must be an http:// or https:// URL with a host"
}

func (v urlValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v urlValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	check := v.check
	if check == nil {
		check = func(s string) error { _, err := vidispine.NormalizeURL(s); return err }
	}
	if err := check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%s: %s.", req.Path, err))
	}
}

// durationValidator checks that a known value parses as a non-negative Go duration.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return `must be a duration such as "500ms", "30s" or "2m"`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	raw := req.ConfigValue.ValueString()
	if d, err := time.ParseDuration(raw); err != nil || d < 0 {
		addInvalidDuration(&resp.Diagnostics, req.Path, raw)
	}
}

// jobTypeNamePattern is the shape of job type names: built-in ones such as TRANSCODE and
// custom ones such as ACME_PUBLISH.
var jobTypeNamePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

const jobTypeNameHelp = "an upper-case identifier such as TRANSCODE or ACME_PUBLISH (A-Z, 0-9 and _, starting with a letter)"

// jobTypeNameValidator checks at validate time that a known value is a job type name.
func jobTypeNameValidator() validator.String {
	return stringvalidator.RegexMatches(jobTypeNamePattern, "must be a job type name, "+jobTypeNameHelp)
}

// siteIDPattern matches Vidispine site ids of jobs, items and notifications: a site prefix of
// letters and up to 32 digits (the 5.x specification's pattern), e.g. VX-29 or
// ABC-123456789012, optionally behind another prefix as in AB-VX-29.
var siteIDPattern = regexp.MustCompile(`^([A-Za-z0-9]+-)?[A-Za-z]+-[0-9]{1,32}$`)

const siteIDHelp = "a Vidispine id such as VX-29: a site prefix of letters, a dash and up to 32 digits"

// siteIDValidator checks at validate time that a job, item or notification id looks like VX-29.
func siteIDValidator() validator.String {
	return stringvalidator.RegexMatches(siteIDPattern, "must be "+siteIDHelp)
}

// priorityValidator checks a priority at validate time, naming the allowed values.
func priorityValidator() validator.String { return stringvalidator.OneOf(vidispine.Priorities...) }

// priorityDescription describes a priority attribute checked by priorityValidator: what, then
// the allowed values.
func priorityDescription(what string) string {
	return what + ": one of " + backtickList(vidispine.Priorities) + "."
}

// taskDefinitionIDValidator checks that a known value is a task definition id: an integer
// from 1 to the largest the server holds, written as a string.
type taskDefinitionIDValidator struct{}

func (taskDefinitionIDValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a task definition id such as 1234 (1 to %d)", maxServerInt)
}

func (v taskDefinitionIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (taskDefinitionIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	if _, err := parseTaskDefinitionID(req.ConfigValue); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid task definition id", fmt.Sprintf("%s: %s.", req.Path, err))
	}
}

// The server's integers are Java ints (32-bit); a larger value would be refused or overflow.
const maxServerInt = math.MaxInt32

// serverIntAtLeast checks that a known integer lies between lowest and the largest integer the
// server holds. Every integer attribute sent to the server uses it, or a tighter Between.
func serverIntAtLeast(lowest int64) validator.Int64 {
	return int64validator.Between(lowest, maxServerInt)
}

// timestampLayouts are the ISO-8601 forms accepted for time filters: RFC 3339 (offset with a
// colon or Z) and Vidispine's own form with a colon-less offset, both with optional fractions.
var timestampLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700"}

// parseTimestamp parses an ISO-8601 date-time with a time zone.
func parseTimestamp(raw string) (time.Time, bool) {
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, strings.TrimSpace(raw)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// timestampValidator checks that a known value is an RFC 3339 / ISO-8601 date-time with a zone.
type timestampValidator struct{}

func (timestampValidator) Description(context.Context) string {
	return "must be an RFC 3339 / ISO-8601 date-time with a time zone, e.g. 2026-03-01T00:00:00Z"
}

func (v timestampValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (timestampValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	raw := req.ConfigValue.ValueString()
	if _, ok := parseTimestamp(raw); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timestamp",
			fmt.Sprintf("%s must be an RFC 3339 / ISO-8601 date-time with a time zone, such as "+
				"\"2026-03-01T00:00:00Z\", \"2026-03-01T02:00:00+02:00\" or \"2026-03-01T00:00:00.000+0000\", got %q.",
				req.Path, raw))
	}
}

// jobSortValidator checks a GET /job sort expression: "field [asc|desc]" terms separated by
// commas, with fields from vidispine.SortFields.
type jobSortValidator struct{}

func (jobSortValidator) Description(context.Context) string {
	return fmt.Sprintf("must be one or more comma-separated terms \"<field> asc|desc\" with fields %s",
		strings.Join(vidispine.SortFields, ", "))
}

func (v jobSortValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (jobSortValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return
	}
	raw := req.ConfigValue.ValueString()
	if _, msg := normaliseJobSort(raw); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid sort",
			fmt.Sprintf("%s: %s, got %q. Allowed fields: %s; directions: asc, desc. Example: \"startTime desc, jobId asc\".",
				req.Path, msg, raw, strings.Join(vidispine.SortFields, ", ")))
	}
}

// normaliseJobSort turns a sort expression into the server's form ("jobId desc,type asc"),
// or says what is wrong with it.
func normaliseJobSort(raw string) (string, string) {
	terms := strings.Split(raw, ",")
	out := make([]string, 0, len(terms))
	for _, term := range terms {
		words := strings.Fields(term)
		switch {
		case len(words) == 0:
			return "", "has an empty sort term"
		case len(words) > 2:
			return "", fmt.Sprintf("sort term %q has more than a field and a direction", strings.TrimSpace(term))
		case !slices.Contains(vidispine.SortFields, words[0]):
			return "", fmt.Sprintf("%q is not a field the server sorts jobs by", words[0])
		}
		if len(words) == 1 {
			out = append(out, words[0])
			continue
		}
		dir := strings.ToLower(words[1])
		if dir != "asc" && dir != "desc" {
			return "", fmt.Sprintf("sort direction %q of field %s is neither asc nor desc", words[1], words[0])
		}
		out = append(out, words[0]+" "+dir)
	}
	return strings.Join(out, ","), ""
}

// trueRequires checks at validate time that a bool set to true comes with the attribute at
// other; false and null need nothing. (boolvalidator.AlsoRequires would refuse false too,
// which generated configuration writes for every default.)
type trueRequires struct{ other path.Path }

func (v trueRequires) Description(context.Context) string {
	return fmt.Sprintf("true requires %s to be set", v.other)
}

func (v trueRequires) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v trueRequires) ValidateBool(ctx context.Context, req validator.BoolRequest, resp *validator.BoolResponse) {
	if !req.ConfigValue.ValueBool() {
		return
	}
	var other attr.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, v.other, &other)...)
	if other != nil && other.IsNull() {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute combination",
			fmt.Sprintf("%s = true requires %s to be set; leave %s out or set it to false otherwise.", req.Path, v.other, req.Path))
	}
}
