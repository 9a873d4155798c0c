package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// TestAccPipelineMermaidFunction_shapesAndRefusals: pipeline_mermaid draws parallel and cleanup
// steps as pipeline_dot does (same nodes, same edges), escapes what Mermaid would read as
// syntax, and refuses what pipeline_dot refuses, with the same reasons.
func TestAccPipelineMermaidFunction_shapesAndRefusals(t *testing.T) {
	config := func(steps string) string {
		return fmt.Sprintf(`
locals {
  steps = %s
}

output "mermaid" {
  value = provider::vidispine::pipeline_mermaid(local.steps)
}

output "dot" {
  value = provider::vidispine::pipeline_dot(local.steps)
}
`, steps)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{
				Config: config(`{
    fetch   = { job_type = "ACME_X", step = 10, script = "x", description = "Fetch \"raw\" <media> #1 & ` + "`more`" + `" }
    proxy   = { job_type = "ACME_X", step = 20, bean = "ProxyBean", method = "make", parallel_dependency = { step = 10 } }
    publish = { job_type = "ACME_X", step = 30, script = "x", critical = false, dependency = { all_previous = true } }
    clean   = { job_type = "ACME_X", step = 900, script = "x", cleanup = true }
  }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("mermaid", knownvalue.StringExact(`---
title: "ACME_X"
---
flowchart TB
  step10["10: Fetch #quot;raw#quot; #lt;media#gt; #35;1 #amp; #96;more#96;<br/>script"]
  step20["20<br/>ProxyBean.make"]
  step30["30<br/>script<br/>non-critical"]
  subgraph cleanup ["cleanup (job failed or aborted)"]
    step900["900<br/>script"]
  end
  style cleanup stroke-dasharray: 5 5
  step10 -. parallel .-> step20
  step10 --> step30
  step20 --> step30
`)),
					statecheck.ExpectKnownOutputValue("dot", knownvalue.StringRegexp(regexp.MustCompile(
						`step10 -> step20 \[style=dashed, label="parallel"\];\n  step10 -> step30;\n  step20 -> step30;\n\}\n$`))),
				},
			},
			{
				Config: config(`[
    { job_type = "ACME_X", step = 10, dependency = { step = 20 } },
    { job_type = "ACME_X", step = 20 },
  ]`),
				ExpectError: errorWords("form a cycle: step 10 → step 20 → step 10"),
			},
			{
				Config:      config(`[{ job_type = "ACME_X", step = 10 }, { job_type = "ACME_X", step = 20, dependency = { step = 5 } }]`),
				ExpectError: errorWords("step 20 of job type ACME_X depends on step 5, which is not among the task definitions"),
			},
			{
				Config:      config(`[{ job_type = "ACME_X", step = 10 }, { job_type = "ACME_X", step = 10 }]`),
				ExpectError: errorWords("step 10 of job type ACME_X is defined twice"),
			},
		},
	})
}
