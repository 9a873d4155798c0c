package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// seedInstallation makes, over the raw API as scripts around JobHelper would, custom job types
// ACME_<prefix>_0, _1, … (ids from typeID on) with steps 10, 20, … each — script steps and bean
// steps, the second of each type depending on the previous one — and one job notification per
// job type, an HTTP one on finished jobs of the type. It returns the job type names.
func seedInstallation(t *testing.T, srv *vidimock.Server, prefix string, typeID, jobTypes, steps int) []string {
	t.Helper()
	names := make([]string, 0, jobTypes)
	for i := range jobTypes {
		name := fmt.Sprintf("ACME_%s_%d", prefix, i)
		names = append(names, name)
		mockJSON(t, srv, http.MethodPost, fmt.Sprintf("/API/task-definition/jobtype/%s?id=%d", name, typeID+i), nil, nil)
		tasks := make([]map[string]any, 0, steps)
		for s := 1; s <= steps; s++ {
			task := map[string]any{"jobType": name, "step": 10 * s, "description": fmt.Sprintf("Step %d of %s", s, name)}
			if s%2 == 1 {
				task["script"] = fmt.Sprintf("job.log('step %d');", s)
			} else {
				task["bean"], task["method"], task["plugin"] = "PublishBean", "publish", s%4 == 0
				task["dependency"] = map[string]any{"step": 0, "previous": true, "allPrevious": false}
			}
			tasks = append(tasks, task)
		}
		if len(tasks) > 0 {
			mockJSON(t, srv, http.MethodPost, "/API/task-definition", map[string]any{"task": tasks}, nil)
		}
		mockJSON(t, srv, http.MethodPost, "/API/job/notification", map[string]any{
			"action": map[string]any{"http": map[string]any{
				"url": "https://cms.example/hooks/" + strings.ToLower(name), "method": "POST", "synchronous": false, "timeout": 30,
			}},
			"trigger": map[string]any{"job": map[string]any{"finished": "", "filter": map[string]any{"type": name}}},
		}, nil)
	}
	return names
}

// checkOneListPerJobType fails when adopting steps read them one by one instead of sharing
// one list of each of the jobTypes job types per Terraform command (plan and apply here).
func checkOneListPerJobType(srv *vidimock.Server, jobTypes int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := srv.Requests()
		if n := got["GET /API/task-definition/jobtype/{type}/step/{step}"]; n > 0 {
			return fmt.Errorf("adopting read %d steps one by one; the job type's list should serve them", n)
		}
		if n := got["GET /API/task-definition/jobtype/{type}"]; n > 2*jobTypes {
			return fmt.Errorf("adopting listed the steps %d times for %d job type(s) over plan and apply", n, jobTypes)
		}
		return nil
	}
}

// checkOnlyReads fails when the mock served anything but GET requests since its last reset.
func checkOnlyReads(srv *vidimock.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for route, n := range srv.Requests() {
			if n > 0 && !strings.HasPrefix(route, "GET ") {
				return fmt.Errorf("adopting sent %d × %s; only reads were expected", n, route)
			}
		}
		return nil
	}
}

// TestAccTaskDefinition_adoptWithImportForEach is the adoption path of Terraform 1.7–1.13 (no
// `terraform query`): import blocks with for_each over the vidispine_task_definitions data
// source, and resources built from the same data. The plan imports every step and changes
// nothing; the apply only reads.
func TestAccTaskDefinition_adoptWithImportForEach(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	names := seedInstallation(t, srv, "EACH", 20031, 1, 5)
	config := providerBlock(srv) + fmt.Sprintf(`
data "vidispine_task_definitions" "publish" {
  job_type = %q
}

locals {
  # A tuple: OpenTofu refuses a list of objects as an import for_each.
  publish_steps = [for td in data.vidispine_task_definitions.publish.task_definitions : td]
}

# One import per step; each.key is the position in the list (steps in ascending order).
import {
  for_each = local.publish_steps
  to       = vidispine_task_definition.publish[each.key]
  id       = "${each.value.job_type}/${each.value.step}"
}

resource "vidispine_task_definition" "publish" {
  count = length(local.publish_steps)

  job_type            = local.publish_steps[count.index].job_type
  step                = local.publish_steps[count.index].step
  description         = local.publish_steps[count.index].description
  script              = local.publish_steps[count.index].script
  bean                = local.publish_steps[count.index].bean
  method              = local.publish_steps[count.index].method
  plugin              = local.publish_steps[count.index].plugin
  critical            = local.publish_steps[count.index].critical
  cleanup             = local.publish_steps[count.index].cleanup
  flags               = local.publish_steps[count.index].flags
  extradata           = local.publish_steps[count.index].extradata
  dependency          = local.publish_steps[count.index].dependency
  parallel_dependency = local.publish_steps[count.index].parallel_dependency
}
`, names[0])
	noop := make([]plancheck.PlanCheck, 0, 5)
	for i := range 5 {
		noop = append(noop, plancheck.ExpectResourceAction(
			fmt.Sprintf("vidispine_task_definition.publish[%d]", i), plancheck.ResourceActionNoop))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		Steps: []resource.TestStep{
			{
				PreConfig:        srv.ResetRequests,
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: noop},
				Check: resource.ComposeTestCheckFunc(
					checkOnlyReads(srv),
					checkOneListPerJobType(srv, 1),
					resource.TestCheckResourceAttr("vidispine_task_definition.publish.1", "bean", "PublishBean"),
					resource.TestCheckResourceAttr("vidispine_task_definition.publish.2", "plugin", "false"),
				),
			},
			{
				// Adopted: the steps are managed like any other (an edit shows up as an update).
				Config: strings.Replace(config, "description         = local.publish_steps[count.index].description",
					`description         = count.index == 0 ? "Fetch" : local.publish_steps[count.index].description`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vidispine_task_definition.publish[0]", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if got := serverStep(t, srv, names[0], 10).Description; got != "Fetch" {
						return fmt.Errorf("step 10 has description %q on the server after the update", got)
					}
					return nil
				},
			},
		},
	})
}

// Generated configuration writes plugin = false beside script (what a script step holds): that
// is valid. plugin = true still needs a bean.
func TestAccTaskDefinition_pluginOnlyTrueNeedsBean(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	config := func(plugin string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_task_definition" "script" {
  job_type = "ACME_PLUGIN"
  step     = 10
  script   = "job.log('x');"
  plugin   = %s
}
`, plugin)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("true"), PlanOnly: true, ExpectError: expectErrorRegex("plugin = true requires bean")},
			{Config: config("false"), PlanOnly: true, ExpectNonEmptyPlan: true},
		},
	})
}
