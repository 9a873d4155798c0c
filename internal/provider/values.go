package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// Conversions between the client's values and Terraform values, shared by every type.

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
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueBool()
}
