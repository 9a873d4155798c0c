package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

func TestAccJobStateIsTerminalFunction_everyStateAndAnInvalidOne(t *testing.T) {
	want := map[string]knownvalue.Check{}
	for state, terminal := range map[string]bool{
		"READY": false, "STARTED": false, "VIDINET_JOB": false, "WAITING": false, "HOLD": false,
		"ABORTED_PENDING": false, "ABORT_PENDING": false, "FINISHED": true, "FINISHED_WARNING": true, "FAILED_TOTAL": true, "ABORTED": true,
	} {
		want[state] = knownvalue.Bool(terminal)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps: []resource.TestStep{
			{
				Config: `
locals {
  states = ["READY", "STARTED", "VIDINET_JOB", "WAITING", "HOLD", "ABORTED_PENDING", "ABORT_PENDING",
            "FINISHED", "FINISHED_WARNING", "FAILED_TOTAL", "ABORTED"]
}
output "terminal" {
  value = { for s in local.states : s => provider::vidispine::job_state_is_terminal(s) }
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("terminal", knownvalue.MapExact(want)),
				},
			},
			{
				// A step state, a lower-case spelling and an empty value are not job states.
				Config: `
output "bad" {
  value = provider::vidispine::job_state_is_terminal("finished")
}
`,
				ExpectError: expectErrorRegex(`"finished" is not a Vidispine job state`, "allowed values", "READY", "FINISHED_WARNING", "ABORTED"),
			},
		},
	})
}
