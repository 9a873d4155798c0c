package provider

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// demoGraph is the demo pipeline's graph: check (script), transcode (bean, after the previous
// step), notify (script, non-critical, in order).
const demoGraph = `digraph "DEMO_PIPELINE" {
  rankdir=TB;
  node [shape=box];
  step10 [label="10: Check the item has an itemId\nscript"];
  step20 [label="20: Transcode to the web preset\nTranscodeBean.transcode"];
  step30 [label="30: Tell the CMS the item is published\nscript\nnon-critical"];
  step10 -> step20;
  step20 -> step30;
}
`

// demoFiles is the demo's pipeline and its review outputs, as `make demo` applies them (main.tf
// holds only the provider and job reads).
func demoFiles(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, name := range []string{"task_definitions.tf", "pipeline_review.tf"} {
		raw, err := os.ReadFile(filepath.Join("..", "..", "examples", "demo", name))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(raw)
	}
	return b.String()
}

// demoMermaid is the demo pipeline's graph as a Mermaid flowchart: the nodes and edges of
// demoGraph.
const demoMermaid = `---
title: "DEMO_PIPELINE"
---
flowchart TB
  step10["10: Check the item has an itemId<br/>script"]
  step20["20: Transcode to the web preset<br/>TranscodeBean.transcode"]
  step30["30: Tell the CMS the item is published<br/>script<br/>non-critical"]
  step10 --> step20
  step20 --> step30
`

// TestAccPipelineFunctions_demoAgreesWithServer: for the demo pipeline, the graphs of
// pipeline_dot and pipeline_mermaid are known at plan time, before the steps exist; after apply
// the DOT equals the graph the server draws, and the Mermaid equals data.vidispine_job_type's
// graph_mermaid, drawn from the stored steps.
func TestAccPipelineFunctions_demoAgreesWithServer(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + demoFiles(t),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("pipeline_dot", knownvalue.StringExact(demoGraph)),
					plancheck.ExpectKnownOutputValue("pipeline_mermaid", knownvalue.StringExact(demoMermaid)),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("pipeline_dot", knownvalue.StringExact(demoGraph)),
				statecheck.ExpectKnownOutputValue("pipeline_dot_server", knownvalue.StringExact(demoGraph)),
				statecheck.ExpectKnownOutputValue("pipeline_mermaid", knownvalue.StringExact(demoMermaid)),
				statecheck.ExpectKnownOutputValue("pipeline_mermaid_server", knownvalue.StringExact(demoMermaid)),
			},
			Check: func(*terraform.State) error {
				if n := srv.Requests()["GET /API/task-definition/jobtype/{type}/graph/dot"]; n == 0 {
					return fmt.Errorf("the server's graph was never requested")
				}
				if n := srv.Requests()[routeListSteps]; n == 0 {
					return fmt.Errorf("the stored steps were never listed for graph_mermaid")
				}
				return nil
			},
		}},
	})
}

// TestAccPipelineDotFunction_refusesBrokenPipelines: a cycle, a dependency on a missing step,
// mixed job types and a duplicate step fail the plan with the reason; a server-less rendering of
// a pipeline with parallel and cleanup steps draws them.
func TestAccPipelineDotFunction_refusesBrokenPipelines(t *testing.T) {
	call := func(steps string) string {
		return fmt.Sprintf(`
output "dot" {
  value = provider::vidispine::pipeline_dot(%s)
}
`, steps)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{
				Config: call(`[
    { job_type = "ACME_X", step = 10, dependency = { step = 30, previous = false, all_previous = false } },
    { job_type = "ACME_X", step = 20, dependency = { step = 0, previous = true, all_previous = false } },
    { job_type = "ACME_X", step = 30 },
  ]`),
				ExpectError: errorWords("form a cycle: step 10 → step 20 → step 30 → step 10"),
			},
			{
				Config: call(`[
    { job_type = "ACME_X", step = 10 },
    { job_type = "ACME_X", step = 20, parallel_dependency = { step = 15 } },
  ]`),
				ExpectError: errorWords("step 20 of job type ACME_X depends on step 15, which is not among the task definitions"),
			},
			{
				// The guide's non-blocking variant: can() turns the refusal into false.
				Config: `
locals {
  cycle = [
    { job_type = "ACME_X", step = 10, dependency = { step = 10 } },
  ]
}

check "shape" {
  assert {
    condition     = can(provider::vidispine::pipeline_dot(local.cycle))
    error_message = "cycle"
  }
}

output "shape_ok" {
  value = can(provider::vidispine::pipeline_dot(local.cycle))
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("shape_ok", knownvalue.Bool(false)),
				},
			},
			{
				Config:      call(`[{ job_type = "ACME_X", step = 10 }, { job_type = "ACME_Y", step = 20 }]`),
				ExpectError: errorWords("mixes job types ACME_X and ACME_Y"),
			},
			{
				Config:      call(`[{ job_type = "ACME_X", step = 10 }, { job_type = "ACME_X", step = 10 }]`),
				ExpectError: errorWords("step 10 of job type ACME_X is defined twice"),
			},
			{
				Config: call(`{
    fetch   = { job_type = "ACME_X", step = 10, script = "x", description = "Fetch" }
    proxy   = { job_type = "ACME_X", step = 20, bean = "ProxyBean", method = "make", parallel_dependency = { step = 10 } }
    publish = { job_type = "ACME_X", step = 30, script = "x", critical = false, dependency = { all_previous = true } }
    clean   = { job_type = "ACME_X", step = 900, script = "x", cleanup = true }
  }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("dot", knownvalue.StringExact(`digraph "ACME_X" {
  rankdir=TB;
  node [shape=box];
  step10 [label="10: Fetch\nscript"];
  step20 [label="20\nProxyBean.make"];
  step30 [label="30\nscript\nnon-critical"];
  subgraph cluster_cleanup {
    label="cleanup (job failed or aborted)";
    style=dashed;
    step900 [label="900\nscript"];
  }
  step10 -> step20 [style=dashed, label="parallel"];
  step10 -> step30;
  step20 -> step30;
}
`)),
				},
			},
		},
	})
}

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
