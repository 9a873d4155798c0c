package provider

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// A server that fills in the dependency members a client left out (step 0, false) reads back
// as the plan had them, not set; a member another tool set to a real value stays visible.
func TestNullFilledInDependencyZeros(t *testing.T) {
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
				nullFilledInDependencyZeros(taskDefinitionModel{Dependency: planned})
			want := types.ObjectValueMust(taskDependencyAttrTypes, tt.want)
			if !got.Dependency.Equal(want) {
				t.Errorf("dependency = %v, want %v", got.Dependency, want)
			}
		})
	}
}

// State of schema version 0 held every dependency member, defaults included; the upgrade reads
// the defaults as left out, keeps a dependency on step 0, and leaves state written since (with
// null members) as it is.
func TestNullDefaultedDependencyZeros(t *testing.T) {
	dep := func(step attr.Value, previous, allPrevious attr.Value) types.Object {
		return types.ObjectValueMust(taskDependencyAttrTypes, map[string]attr.Value{
			"step": step, "previous": previous, "all_previous": allPrevious,
		})
	}
	i, b := types.Int64Value, types.BoolValue
	nullInt, nullBool := types.Int64Null(), types.BoolNull()
	for _, tt := range []struct {
		name     string
		old, new types.Object
	}{
		{"previous = true", dep(i(0), b(true), b(false)), dep(nullInt, b(true), nullBool)},
		{"step = 10", dep(i(10), b(false), b(false)), dep(i(10), nullBool, nullBool)},
		{"all_previous = true", dep(i(0), b(false), b(true)), dep(nullInt, nullBool, b(true))},
		{"step = 0: after step 0", dep(i(0), b(false), b(false)), dep(i(0), nullBool, nullBool)},
		{"written since: step = 0, previous = true", dep(i(0), b(true), nullBool), dep(i(0), b(true), nullBool)},
		{"no dependency", types.ObjectNull(taskDependencyAttrTypes), types.ObjectNull(taskDependencyAttrTypes)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := nullDefaultedDependencyZeros(tt.old); !got.Equal(tt.new) {
				t.Errorf("upgraded %v to %v, want %v", tt.old, got, tt.new)
			}
		})
	}
}

// TestCheckBeanStep: the check finds a step by id, or by job type and step when the stored
// document came back without its id; script steps are not checked.
func TestCheckBeanStep(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	mockJSON(t, srv, http.MethodPost, "/API/task-definition", map[string]any{"task": []map[string]any{
		{"jobType": "TRANSCODE", "step": 150, "bean": "TranscodeBean", "method": "transcodee"},
	}}, nil)
	client, err := vidispine.NewClient(vidispine.Config{URL: srv.URL(), Username: vidimock.AdminUser, Password: vidimock.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, td := range []vidispine.TaskDefinition{
		{JobType: "TRANSCODE", Step: 150, Bean: "TranscodeBean", Method: "transcodee"},        // no id
		{ID: 5, JobType: "TRANSCODE", Step: 150, Bean: "TranscodeBean", Method: "transcodee"}, // seed id 5 is another step
	} {
		var diags diag.Diagnostics
		err := checkBeanStep(ctx, client, &td, &diags)
		if td.ID == 0 && (err == nil || !strings.Contains(err.Error(), "no method transcodee")) {
			t.Errorf("by step: %v; want the server's refusal", err)
		}
		if td.ID == 5 && (err != nil || diags.HasError()) {
			t.Errorf("by id 5 (a valid seed step): %v %v", err, diags)
		}
	}
	var diags diag.Diagnostics
	if err := checkBeanStep(ctx, client, &vidispine.TaskDefinition{ID: 99999, Script: "x"}, &diags); err != nil || len(diags) > 0 {
		t.Errorf("script step: %v %v; want no request and no diagnostics", err, diags)
	}
	// A check the server cannot answer (here: 404) warns and does not fail the apply.
	if err := checkBeanStep(ctx, client, &vidispine.TaskDefinition{ID: 99999, Bean: "B", Method: "m"}, &diags); err != nil ||
		diags.HasError() || diags.WarningsCount() != 1 {
		t.Errorf("unanswerable check: %v %v; want one warning", err, diags)
	}
}
