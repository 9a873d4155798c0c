package provider

import (
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestPipelineStepsFromUnknowns: a plan's unknowns make the graph unknown only where they
// change it; a script step whose script is not known yet (templatefile of an unknown id) is drawn.
func TestPipelineStepsFromUnknowns(t *testing.T) {
	attrTypes := map[string]attr.Type{"job_type": types.StringType, "step": types.NumberType,
		"script": types.StringType, "description": types.StringType}
	step := func(n int64, script, description types.String) attr.Value {
		return types.ObjectValueMust(attrTypes, map[string]attr.Value{"job_type": types.StringValue("ACME_X"),
			"step": types.NumberValue(big.NewFloat(float64(n))), "script": script, "description": description})
	}
	tuple := func(elems ...attr.Value) types.Dynamic {
		var ts []attr.Type
		for range elems {
			ts = append(ts, types.ObjectType{AttrTypes: attrTypes})
		}
		return types.DynamicValue(types.TupleValueMust(ts, elems))
	}
	for _, tc := range []struct {
		name      string
		arg       types.Dynamic
		wantKnown bool
	}{
		{"script not known yet", tuple(step(10, types.StringUnknown(), types.StringValue("Fetch"))), true},
		{"description not known yet", tuple(step(10, types.StringValue("x"), types.StringUnknown())), false},
		{"whole argument unknown", types.DynamicUnknown(), false},
		{"one step unknown", types.DynamicValue(types.TupleValueMust(
			[]attr.Type{types.ObjectType{AttrTypes: attrTypes}}, []attr.Value{types.ObjectUnknown(attrTypes)})), false},
	} {
		typ, steps, known, err := pipelineStepsFrom(tc.arg)
		if err != nil || known != tc.wantKnown {
			t.Errorf("%s: known %v, err %v; want known %v", tc.name, known, err, tc.wantKnown)
			continue
		}
		if known && (typ != "ACME_X" || len(steps) != 1 || !steps[0].script) {
			t.Errorf("%s: %s %+v; want one script step of ACME_X", tc.name, typ, steps)
		}
	}
}
