package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// TestAccTaskDefinition_scriptSyntaxErrorFailsPlan: a script with a syntax error fails the
// plan, naming the attribute, the line and column, and quoting the line; nothing reaches the
// server. The same holds for a job notification's javascript action.
func TestAccTaskDefinition_scriptSyntaxErrorFailsPlan(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	scriptFile := filepath.Join(t.TempDir(), "publish.js")
	if err := os.WriteFile(scriptFile, []byte("// publish\nvar id = job.getData('itemId');\njob.log('publishing ' + id;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
resource "vidispine_task_definition" "check" {
  job_type = "TRANSCODE"
  step     = 150
  script   = <<-EOT
    var item = job.getData("itemId");
    if (!item { job.fatalFail("no itemId"); }
  EOT
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorRegex(`with vidispine_task_definition.check`, `script is not valid JavaScript`, "line 2, column 11", `if (!item { job.fatalFail("no itemId"); }`),
			},
			{
				Config: providerBlock(srv) + `
resource "vidispine_job_notification" "js" {
  trigger = { event = "finished" }
  javascript = {
    script = "job.log('done'"
  }
}
`,
				PlanOnly:    true,
				ExpectError: expectErrorRegex(`javascript.script is not valid JavaScript`, "line 1, column 15"),
			},
			{
				// A script read with file() is checked once its text is known, with its own line numbers.
				Config: providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_task_definition" "from_file" {
  job_type = "TRANSCODE"
  step     = 151
  script   = file(%q)
}
`, scriptFile),
				PlanOnly:    true,
				ExpectError: expectErrorRegex(`with vidispine_task_definition.from_file`, "line 3, column 27", "job.log('publishing ' + id;"),
			},
		},
	})
	if n := srv.Requests()["POST /API/task-definition"] + srv.Requests()["POST /API/job/notification"]; n != 0 {
		t.Errorf("%d create requests reached the server; a syntax error must stop the plan", n)
	}
}

// TestAccTaskDefinition_engineExtensionsWarn: Rhino/Nashorn syntax the parser does not know
// (for each, E4X) plans and applies with a warning, and a script that opts out of the check
// applies as written.
func TestAccTaskDefinition_engineExtensionsWarn(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const forEach = "for each (var k in job.getKeys()) { job.log(k); }"
	const optedOut = "// vidispine:no-syntax-check\nvar f = async function* () { yield 1; } ?? ;"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_task_definition" "rhino" {
  job_type = "TRANSCODE"
  step     = 160
  script   = %q
}

resource "vidispine_task_definition" "opted_out" {
  job_type = "TRANSCODE"
  step     = 161
  script   = %q
}
`, forEach, optedOut),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("vidispine_task_definition.rhino", tfjsonpath.New("script"), knownvalue.StringExact(forEach)),
				statecheck.ExpectKnownValue("vidispine_task_definition.opted_out", tfjsonpath.New("script"), knownvalue.StringExact(optedOut)),
			},
			Check: func(*terraform.State) error {
				var td struct {
					Script string `json:"script"`
				}
				mockJSON(t, srv, http.MethodGet, "/API/task-definition/jobtype/TRANSCODE/step/160", nil, &td)
				if td.Script != forEach {
					return fmt.Errorf("server holds script %q, want %q", td.Script, forEach)
				}
				return nil
			},
		}},
	})
}

func beanStepConfig(srv *vidimock.Server, method string) string {
	return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_type" "review" {
  name    = "ACME_REVIEW"
  type_id = 20031
}

resource "vidispine_task_definition" "transcode" {
  job_type = vidispine_job_type.review.name
  step     = 20
  bean     = "TranscodeBean"
  method   = %q
}
`, method)
}

// TestAccTaskDefinition_unknownBeanMethodFailsApply: a bean step whose method the server cannot
// resolve fails the apply with the server's reason. A new step is removed again (Terraform would
// taint it) and the corrected configuration creates it; a changed step is kept in state and the
// corrected configuration updates it in place.
func TestAccTaskDefinition_unknownBeanMethodFailsApply(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const addr = "vidispine_task_definition.transcode"
	stepID := statecheck.CompareValue(compare.ValuesSame())
	serverStep := func() (int, string) {
		var td struct {
			ID     int    `json:"id"`
			Method string `json:"method"`
		}
		status, raw := mockAPI(t, srv, http.MethodGet, "/API/task-definition/jobtype/ACME_REVIEW/step/20", nil)
		if status == http.StatusOK {
			if err := json.Unmarshal(raw, &td); err != nil {
				t.Fatal(err)
			}
		}
		return status, td.Method
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: beanStepConfig(srv, "transcodee"),
				ExpectError: expectErrorRegex("Bean or method does not resolve", "with vidispine_task_definition.transcode",
					"Bean TranscodeBean has", "no method transcodee", "removed", "again"),
			},
			{
				PreConfig: func() {
					if status, _ := serverStep(); status != http.StatusNotFound {
						t.Errorf("after the failed create the server answers %d for the step, want 404 (removed again)", status)
					}
				},
				Config: beanStepConfig(srv, "transcode"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{stepID.AddStateValue(addr, tfjsonpath.New("id"))},
			},
			{
				Config:      beanStepConfig(srv, "transcodee"),
				ExpectError: expectErrorRegex("Bean TranscodeBean has", "no method transcodee", "kept in state"),
			},
			{
				// The failed update is in state: the corrected method is an in-place update.
				Config: beanStepConfig(srv, "transcode"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					stepID.AddStateValue(addr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("method"), knownvalue.StringExact("transcode")),
				},
				Check: func(*terraform.State) error {
					if status, method := serverStep(); status != http.StatusOK || method != "transcode" {
						return fmt.Errorf("server: status %d, method %q; want the corrected step", status, method)
					}
					return nil
				},
			},
		},
	})
}
