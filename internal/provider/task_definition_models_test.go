package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// A server that fills in the dependency members a client left out (step 0, false) reads back
// as the plan had them, not set; a member another tool set to a real value stays visible.
func TestKeepUnsetDependencyMembers(t *testing.T) {
	zero, no, yes, five := 0, false, true, 5
	planned := types.ObjectValueMust(taskDependencyAttrTypes, map[string]attr.Value{
		"step": types.Int64Null(), "previous": types.BoolValue(true), "all_previous": types.BoolNull(),
	})
	for _, tt := range []struct {
		name   string
		stored vidispine.TaskDependency
		want   map[string]attr.Value
	}{
		{"only what was sent", vidispine.TaskDependency{Previous: &yes},
			map[string]attr.Value{"step": types.Int64Null(), "previous": types.BoolValue(true), "all_previous": types.BoolNull()}},
		{"zeros filled in", vidispine.TaskDependency{Step: &zero, Previous: &yes, AllPrevious: &no},
			map[string]attr.Value{"step": types.Int64Null(), "previous": types.BoolValue(true), "all_previous": types.BoolNull()}},
		{"a real value set elsewhere", vidispine.TaskDependency{Step: &five, Previous: &yes, AllPrevious: &yes},
			map[string]attr.Value{"step": types.Int64Value(5), "previous": types.BoolValue(true), "all_previous": types.BoolValue(true)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := taskDefinitionFromAPI(&vidispine.TaskDefinition{Dependency: &tt.stored}).
				keepUnsetDependencyMembers(taskDefinitionModel{Dependency: planned})
			want := types.ObjectValueMust(taskDependencyAttrTypes, tt.want)
			if !got.Dependency.Equal(want) {
				t.Errorf("dependency = %v, want %v", got.Dependency, want)
			}
		})
	}
}
