package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// Generic value helpers, shared by every type: checks of Terraform values, and conversions
// between the client's values and Terraform values.

// keyValuesMap turns Vidispine key/value pairs into a map; a repeated key keeps its last value.
func keyValuesMap(kvs []vidispine.KeyValue) types.Map {
	m := make(map[string]attr.Value, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = types.StringValue(kv.Value)
	}
	return types.MapValueMust(types.StringType, m)
}

// optionalString maps the server's empty string to null, for values a job may not have yet.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// known reports whether a plan value is set (neither null nor unknown).
func known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// keepUnlessKnown sets *dst to v when the plan knows it, and keeps the server's value otherwise.
func keepUnlessKnown(v types.String, dst *string) {
	if known(v) {
		*dst = v.ValueString()
	}
}

// intPointer maps null to nil. The attribute's validators keep the value within a Java int.
func intPointer(v types.Int64) *int {
	if !known(v) {
		return nil
	}
	i := int(v.ValueInt64())
	return &i
}

// int64Value maps nil to null.
func int64Value(p *int) types.Int64 {
	if p == nil {
		return types.Int64Null()
	}
	return types.Int64Value(int64(*p))
}

func ptr[T any](v T) *T { return &v }

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func boolOrDefault(v types.Bool, def bool) bool {
	if !known(v) {
		return def
	}
	return v.ValueBool()
}

// setRawAttribute replaces the top-level attribute name of an object value (a state or a
// plan's Raw) with v.
func setRawAttribute(raw *tftypes.Value, name string, v tftypes.Value) error {
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		return err
	}
	attrs[name] = v
	*raw = tftypes.NewValue(raw.Type(), attrs)
	return nil
}

// sortedStrings returns the list's values sorted, without duplicates; nil for a null list.
func sortedStrings(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	if !known(l) {
		return nil
	}
	var out []string
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return slices.Compact(out)
}

// Descriptions.

// backtickList renders values as a Markdown list of code spans: `A`, `B`, `C`.
func backtickList(values []string) string {
	return "`" + strings.Join(values, "`, `") + "`"
}

// capitalize upper-cases the first letter of s, to start a sentence with it.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
