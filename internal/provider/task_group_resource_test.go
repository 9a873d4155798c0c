package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// mockTaskGroup is a task group as the mock's HTTP API returns it.
type mockTaskGroup struct {
	Name       string `json:"name"`
	Priority   string `json:"priority"`
	Transcoder []struct {
		ID string `json:"id"`
	} `json:"transcoder"`
	Job []struct {
		Type     []string `json:"type"`
		Priority []string `json:"priority"`
		User     []string `json:"user"`
		Data     []struct {
			Key   string  `json:"key"`
			Value *string `json:"value"`
		} `json:"data"`
	} `json:"job"`
	MaxConcurrency json.Number `json:"maxConcurrency"`
}

func (g mockTaskGroup) transcoders() []string {
	var ids []string
	for _, t := range g.Transcoder {
		ids = append(ids, t.ID)
	}
	return ids
}

// serverTaskGroup returns task group name as the server holds it, and whether it exists.
func serverTaskGroup(t testing.TB, srv *vidimock.Server, name string) (mockTaskGroup, bool) {
	t.Helper()
	var g mockTaskGroup
	if status, _ := mockAPI(t, srv, http.MethodGet, "/API/task-group/"+name, nil); status == http.StatusNotFound {
		return g, false
	}
	mockJSON(t, srv, http.MethodGet, "/API/task-group/"+name, nil, &g)
	return g, true
}

// putTaskGroup stores a task group over the mock's HTTP API, as the admin tool would.
func putTaskGroup(t testing.TB, srv *vidimock.Server, doc map[string]any) {
	t.Helper()
	mockJSON(t, srv, http.MethodPut, fmt.Sprintf("/API/task-group/%s", doc["name"]), doc, nil)
}

// checkTaskGroupGone is a CheckDestroy: no task group of the state is left on the server.
func checkTaskGroupGone(t testing.TB, srv *vidimock.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			if rs.Type != "vidispine_task_group" {
				continue
			}
			if _, ok := serverTaskGroup(t, srv, rs.Primary.Attributes["name"]); ok {
				return fmt.Errorf("%s: task group %s still exists after destroy", addr, rs.Primary.Attributes["name"])
			}
		}
		return nil
	}
}

// The case: TRANSCODE jobs of priority HIGH go to one transcoder. Created, changed by
// hand (drift set back, what the provider does not manage kept), updated, deleted by hand
// (re-created) and destroyed.
func TestAccTaskGroup_lifecycle(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const addr = "vidispine_task_group.hires"
	config := func(rules string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_task_group" "hires" {
  name        = "hires"
  priority    = "HIGH"
  transcoders = ["VX-1"]
  job = [%s]
}
`, rules)
	}
	first := `{ type = ["TRANSCODE"], priority = ["HIGH"] }`
	second := `{ type = ["TRANSCODE"], priority = ["HIGH", "HIGHEST"] },
    { user = ["alice"], data = [{ key = "customer", value = "acme" }, { key = "rush" }] }`
	checkServer := func(check func(g mockTaskGroup) error) resource.TestCheckFunc {
		return func(*terraform.State) error {
			g, ok := serverTaskGroup(t, srv, "hires")
			if !ok {
				return fmt.Errorf("task group hires is not on the server")
			}
			return check(g)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkTaskGroupGone(t, srv),
		Steps: []resource.TestStep{
			{
				Config: config(first),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("job"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"type":     knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("TRANSCODE")}),
							"priority": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("HIGH")}),
							"user":     knownvalue.Null(), "group": knownvalue.Null(), "data": knownvalue.Null(),
						}),
					})),
				},
				Check: checkServer(func(g mockTaskGroup) error {
					if g.Priority != "HIGH" || !slices.Equal(g.transcoders(), []string{"VX-1"}) || len(g.Job) != 1 ||
						!slices.Equal(g.Job[0].Type, []string{"TRANSCODE"}) || !slices.Equal(g.Job[0].Priority, []string{"HIGH"}) {
						return fmt.Errorf("server holds %+v, want TRANSCODE/HIGH jobs on VX-1", g)
					}
					return nil
				}),
			},
			{
				// By hand: another transcoder, and a maxConcurrency the provider does not manage.
				PreConfig: func() {
					putTaskGroup(t, srv, map[string]any{"name": "hires", "priority": "HIGH", "maxConcurrency": 4,
						"transcoder": []any{map[string]any{"id": "VX-2"}},
						"job":        []any{map[string]any{"type": []string{"TRANSCODE"}, "priority": []string{"HIGH"}}}})
				},
				Config: config(first),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("transcoders"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("VX-1")})),
				}},
				Check: checkServer(func(g mockTaskGroup) error {
					if !slices.Equal(g.transcoders(), []string{"VX-1"}) || g.MaxConcurrency.String() != "4" {
						return fmt.Errorf("server holds transcoders %v and maxConcurrency %q, want VX-1 put back and 4 kept", g.transcoders(), g.MaxConcurrency)
					}
					return nil
				}),
			},
			{
				Config: config(second),
				Check: checkServer(func(g mockTaskGroup) error {
					if len(g.Job) != 2 || !slices.Equal(g.Job[0].Priority, []string{"HIGH", "HIGHEST"}) ||
						!slices.Equal(g.Job[1].User, []string{"alice"}) || len(g.Job[1].Data) != 2 {
						return fmt.Errorf("server holds rules %+v, want the two configured", g.Job)
					}
					if d := g.Job[1].Data; d[0].Key != "customer" || d[0].Value == nil || *d[0].Value != "acme" || d[1].Key != "rush" || d[1].Value != nil {
						return fmt.Errorf("server holds data entries %+v, want customer=acme and rush with no value", d)
					}
					if g.MaxConcurrency.String() != "4" {
						return fmt.Errorf("the update dropped maxConcurrency (now %q)", g.MaxConcurrency)
					}
					return nil
				}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("job").AtSliceIndex(1).AtMapKey("data"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"key": knownvalue.StringExact("customer"), "value": knownvalue.StringExact("acme")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"key": knownvalue.StringExact("rush"), "value": knownvalue.Null()}),
					})),
				},
			},
			{
				// Deleted by hand: planned for re-creation.
				PreConfig: func() { mockJSON(t, srv, http.MethodDelete, "/API/task-group/hires", nil, nil) },
				Config:    config(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: checkServer(func(g mockTaskGroup) error {
					if len(g.Job) != 2 {
						return fmt.Errorf("re-created group holds rules %+v", g.Job)
					}
					return nil
				}),
			},
		},
	})
}

// A group made by hand is adopted by identity or name, with generated configuration that plans
// clean; creating one that exists is refused.
func TestAccTaskGroup_identity(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	putTaskGroup(t, srv, map[string]any{"name": "proxies", "priority": "LOW",
		"transcoder": []any{map[string]any{"id": "VX-2"}},
		"job": []any{map[string]any{"type": []string{"TRANSCODE", "THUMBNAIL"}, "group": []string{"editors"},
			"data": []any{map[string]any{"key": "profile", "value": "proxy"}}}}})
	const addr = "vidispine_task_group.proxies"
	config := providerBlock(srv) + `
resource "vidispine_task_group" "proxies" {
  name        = "proxies"
  priority    = "LOW"
  transcoders = ["VX-2"]
  job = [{
    type  = ["THUMBNAIL", "TRANSCODE"]
    group = ["editors"]
    data  = [{ key = "profile", value = "proxy" }]
  }]
}
`
	steps := []resource.TestStep{
		{
			Config: config + `
resource "vidispine_task_group" "again" {
  name = "proxies"
}
`,
			ExpectError: errorWords("Could not create task group proxies"),
		},
	}
	steps = append(steps, adoptByIdentitySteps(config, addr, "name", "proxies", false)...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		CheckDestroy:             checkTaskGroupGone(t, srv),
		Steps:                    steps,
	})
}

// Bad rules fail at plan, naming the attribute and the allowed values; a transcoder the server
// does not know fails the apply with the server's answer, and nothing reaches the state.
func TestAccTaskGroup_badInput(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	group := func(body string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_task_group" "bad" {
  name = "bad"
  %s
}
`, body)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkTaskGroupGone(t, srv),
		Steps: []resource.TestStep{
			{Config: group(`job = [{ priority = ["URGENT"] }]`), ExpectError: expectErrorRegex("priority", "IMMEDIATE", "LOWEST", "URGENT")},
			{Config: group(`job = [{ type = ["transcode"] }]`), ExpectError: expectErrorRegex("type", "TRANSCODE")},
			{Config: group(`priority = "SOON"`), ExpectError: expectErrorRegex("priority", "HIGHEST", "SOON")},
			{Config: group(`transcoders = ["7"]`), ExpectError: expectErrorRegex("transcoders", "VX-29")},
			{Config: group(`job = [{ user = [] }]`), ExpectError: expectErrorRegex("user", "at least 1")},
			{Config: group(`transcoders = ["VX-9"]`), ExpectError: expectErrorRegex("Could not create task group bad", "VX-9")},
		},
	})
}
