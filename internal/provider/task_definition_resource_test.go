package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

const pipelineJobType = "ACME_PIPELINE"

// pipelineConfig is a custom job type with three steps (and a second, empty job type);
// publishJobType says which type the third step belongs to.
func pipelineConfig(srv *vidimock.Server, transcodeDescription, publishJobType string) string {
	return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_type" "pipeline" {
  name    = %[1]q
  type_id = 20001
}

resource "vidispine_job_type" "other" {
  name    = "ACME_OTHER"
  type_id = 20002
}

resource "vidispine_task_definition" "fetch" {
  job_type    = vidispine_job_type.pipeline.name
  step        = 10
  description = "Fetch the source"
  script      = "job.log('fetch');"
}

resource "vidispine_task_definition" "transcode" {
  job_type    = vidispine_job_type.pipeline.name
  step        = 20
  description = %[2]q
  bean        = "TranscodeBean"
  method      = "transcode"
  plugin      = true
  critical    = false
  flags       = 3
  extradata   = "preset=h264"
  dependency  = { previous = true }
}

resource "vidispine_task_definition" "publish" {
  job_type            = vidispine_job_type.%[3]s.name
  step                = 30
  script              = "job.log('publish');"
  cleanup             = true
  parallel_dependency = { step = 20 }
}
`, pipelineJobType, transcodeDescription, publishJobType)
}

func TestAccTaskDefinition_pipelineLifecycle(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const (
		fetch     = "vidispine_task_definition.fetch"
		transcode = "vidispine_task_definition.transcode"
		publish   = "vidispine_task_definition.publish"
		jobType   = "vidispine_job_type.pipeline"
	)
	transcodeID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps: []resource.TestStep{
			{
				// Create: the job type and its three steps exist on the server as configured.
				Config: pipelineConfig(srv, "Transcode to H.264", "pipeline"),
				ConfigStateChecks: []statecheck.StateCheck{
					transcodeID.AddStateValue(transcode, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(fetch, tfjsonpath.New("critical"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(fetch, tfjsonpath.New("plugin"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(fetch, tfjsonpath.New("dependency"), knownvalue.Null()),
					statecheck.ExpectKnownValue(transcode, tfjsonpath.New("dependency"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"step": knownvalue.Null(), "previous": knownvalue.Bool(true), "all_previous": knownvalue.Null(),
					})),
				},
				Check: func(*terraform.State) error {
					if !slices.Contains(serverJobTypes(t, srv), pipelineJobType) {
						return fmt.Errorf("GET /API/jobtype does not list %s", pipelineJobType)
					}
					tasks := serverSteps(t, srv, pipelineJobType)
					if got := stepNumbers(tasks); !slices.Equal(got, []int{10, 20, 30}) {
						return fmt.Errorf("server holds steps %v of %s, want [10 20 30]", got, pipelineJobType)
					}
					tr := serverStep(t, srv, pipelineJobType, 20)
					if tr.Bean != "TranscodeBean" || tr.Method != "transcode" || tr.Script != "" ||
						tr.Plugin == nil || !*tr.Plugin || tr.Critical == nil || *tr.Critical ||
						tr.Flags == nil || *tr.Flags != 3 || tr.Extradata != "preset=h264" ||
						tr.Dependency == nil || tr.Dependency.Previous == nil || !*tr.Dependency.Previous {
						return fmt.Errorf("step 20 on the server is not what was configured: %+v", tr)
					}
					// Only the dependency members that were set are sent: no step 0, no allPrevious.
					if tr.Dependency.Step != nil || tr.Dependency.AllPrevious != nil {
						return fmt.Errorf("step 20 was sent dependency members nobody set: %+v", *tr.Dependency)
					}
					pub := serverStep(t, srv, pipelineJobType, 30)
					if pub.Cleanup == nil || !*pub.Cleanup || pub.ParallelDependency == nil || pub.ParallelDependency.Step != 20 {
						return fmt.Errorf("step 30 on the server is not what was configured: %+v", pub)
					}
					return nil
				},
			},
			{
				// Update in place: only the changed step is in the plan, and it keeps its id.
				Config: pipelineConfig(srv, "Transcode to H.265", "pipeline"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(transcode, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(fetch, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(publish, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(jobType, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{transcodeID.AddStateValue(transcode, tfjsonpath.New("id"))},
				Check: func(*terraform.State) error {
					if got := serverStep(t, srv, pipelineJobType, 20).Description; got != "Transcode to H.265" {
						return fmt.Errorf("step 20 description on the server is %q after the update", got)
					}
					return nil
				},
			},
			{
				// Import by id.
				ResourceName:      transcode,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Import by JOB_TYPE/step.
				ResourceName:      fetch,
				ImportState:       true,
				ImportStateId:     pipelineJobType + "/10",
				ImportStateVerify: true,
			},
			{
				// Import a job type by name and id: everything verifies.
				ResourceName:                         jobType,
				ImportState:                          true,
				ImportStateId:                        pipelineJobType + "/20001",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name",
			},
			{
				// Import a job type by name alone: the server does not tell its type_id.
				ResourceName:                         jobType,
				ImportState:                          true,
				ImportStateId:                        pipelineJobType,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "name",
				ImportStateVerifyIgnore:              []string{"type_id"},
			},
			{
				// Drift by change: a script edited on the server is planned back and restored.
				PreConfig: func() {
					task := serverStep(t, srv, pipelineJobType, 10)
					task.Script = "job.log('edited by hand');"
					mockJSON(t, srv, http.MethodPut, "/API/task-definition/"+strconv.Itoa(task.ID), task, nil)
				},
				Config: pipelineConfig(srv, "Transcode to H.265", "pipeline"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(fetch, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(transcode, plancheck.ResourceActionNoop),
				}},
				Check: func(*terraform.State) error {
					if got := serverStep(t, srv, pipelineJobType, 10).Script; got != "job.log('fetch');" {
						return fmt.Errorf("step 10 script on the server is %q, want it restored", got)
					}
					return nil
				},
			},
			{
				// Drift by deletion of one step: only that step is re-created.
				PreConfig: func() {
					mockJSON(t, srv, http.MethodDelete, "/API/task-definition/jobtype/"+pipelineJobType+"/step/30", nil, nil)
				},
				Config: pipelineConfig(srv, "Transcode to H.265", "pipeline"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(publish, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(fetch, plancheck.ResourceActionNoop),
				}},
				Check: func(*terraform.State) error {
					if got := stepNumbers(serverSteps(t, srv, pipelineJobType)); !slices.Equal(got, []int{10, 20, 30}) {
						return fmt.Errorf("server holds steps %v after re-creating step 30", got)
					}
					return nil
				},
			},
			{
				// Drift by deletion of the job type (which takes its steps along): all re-created.
				PreConfig: func() {
					mockJSON(t, srv, http.MethodDelete, "/API/task-definition/jobtype/"+pipelineJobType, nil, nil)
				},
				Config: pipelineConfig(srv, "Transcode to H.265", "pipeline"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobType, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(fetch, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(transcode, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(publish, plancheck.ResourceActionCreate),
				}},
				Check: func(*terraform.State) error {
					if got := stepNumbers(serverSteps(t, srv, pipelineJobType)); !slices.Equal(got, []int{10, 20, 30}) {
						return fmt.Errorf("server holds steps %v after re-creating the job type", got)
					}
					return nil
				},
			},
			{
				// Moving a step to another job type replaces it.
				Config: pipelineConfig(srv, "Transcode to H.265", "other"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(publish, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					if got := stepNumbers(serverSteps(t, srv, pipelineJobType)); !slices.Equal(got, []int{10, 20}) {
						return fmt.Errorf("%s holds steps %v, want [10 20]", pipelineJobType, got)
					}
					if got := stepNumbers(serverSteps(t, srv, "ACME_OTHER")); !slices.Equal(got, []int{30}) {
						return fmt.Errorf("ACME_OTHER holds steps %v, want [30]", got)
					}
					return nil
				},
			},
		},
	})
}

func TestAccTaskDefinition_duplicateStepRefused(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	postJobType(t, srv, "ACME_DUP", 20005)
	existingID := postTaskDefinitions(t, srv, map[string]any{
		"jobType": "ACME_DUP", "step": 10, "script": "job.log('made by hand');",
	})[0]

	twoClaims := providerBlock(srv) + `
resource "vidispine_task_definition" "a" {
  job_type = "ACME_DUP"
  step     = 20
  script   = "job.log('a');"
}

resource "vidispine_task_definition" "b" {
  job_type = "ACME_DUP"
  step     = 20
  script   = "job.log('b');"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps: []resource.TestStep{
			{
				// A step that already exists on the server is refused at plan time, naming it.
				Config: providerBlock(srv) + `
resource "vidispine_task_definition" "taken" {
  job_type = "ACME_DUP"
  step     = 10
  script   = "job.log('mine');"
}
`,
				ExpectError: expectErrorRegex("ACME_DUP already has a step 10 (task definition id "+existingID+")", "ACME_DUP/10"),
			},
			{
				// Two resources claiming one new step: the second is refused, naming the first's id.
				Config:      twoClaims,
				ExpectError: expectErrorRegex("Step already defined", "ACME_DUP"),
			},
			{
				// Exactly one of them exists; planning again refuses the other one before apply.
				PreConfig: func() {
					var at20 []mockTask
					for _, task := range serverSteps(t, srv, "ACME_DUP") {
						if task.Step == 20 {
							at20 = append(at20, task)
						}
					}
					if len(at20) != 1 {
						t.Fatalf("the server holds %d task definitions for step 20 of ACME_DUP, want exactly 1", len(at20))
					}
				},
				Config:      twoClaims,
				PlanOnly:    true,
				ExpectError: expectErrorRegex("Step already defined", "ACME_DUP already has a step 20"),
			},
		},
	})
}

func TestAccTaskDefinition_createSurvivesLostResponse(t *testing.T) {
	var (
		mu      sync.Mutex
		dropped int // POSTs the mock processed and then answered by dropping the connection
	)
	srv := startMock(t, vidimock.Options{Logf: func(format string, args ...any) {
		if line := fmt.Sprintf(format, args...); strings.HasPrefix(line, "POST /API/task-definition ->") &&
			strings.Contains(line, "connection dropped") {
			mu.Lock()
			dropped++
			mu.Unlock()
		}
	}})
	postJobType(t, srv, "ACME_FLAKY", 20006)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// The first POST to /API/task-definition is processed, but its answer is lost.
				srv.SetFaults(lostCreateAnswers())
				srv.ResetRequests()
			},
			Config: providerBlock(srv) + `
resource "vidispine_task_definition" "flaky" {
  job_type    = "ACME_FLAKY"
  step        = 10
  description = "Survives a lost answer"
  script      = "job.log('once');"
}
`,
			Check: func(s *terraform.State) error {
				srv.SetFaults(vidimock.Faults{})
				tasks := serverSteps(t, srv, "ACME_FLAKY")
				if len(tasks) != 1 || tasks[0].Step != 10 {
					return fmt.Errorf("the server holds %+v for ACME_FLAKY, want exactly one step 10", tasks)
				}
				if got := s.RootModule().Resources["vidispine_task_definition.flaky"].Primary.ID; got != strconv.Itoa(tasks[0].ID) {
					return fmt.Errorf("state has id %s, the server's step has id %d", got, tasks[0].ID)
				}
				mu.Lock()
				defer mu.Unlock()
				if dropped != 1 {
					return fmt.Errorf("the mock dropped the answer of %d POSTs, want 1: the fault did not apply", dropped)
				}
				if n := srv.Requests()["POST /API/task-definition"]; n != 1 {
					return fmt.Errorf("the provider sent %d POSTs to /API/task-definition, want exactly 1", n)
				}
				return nil
			},
		}},
	})
}

func TestAccTaskDefinition_validation(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	steps := []struct {
		body string
		want []string
	}{
		{`job_type = "ACME_X"
  step     = 1
  script   = "x"
  bean     = "B"
  method   = "m"`, []string{`Attribute "bean" cannot be specified when "script" is specified`}},
		{`job_type = "ACME_X"
  step     = 1`, []string{"Missing Attribute Configuration", "Exactly one of these attributes must be configured: [script,bean]"}},
		{`job_type = "ACME_X"
  step     = 1
  bean     = "B"`, []string{`Attribute "method" must be specified when "bean" is specified`}},
		{`job_type = "acme"
  step     = -1
  script   = "x"`, []string{"job_type", "must be a job type name, an upper-case identifier"}},
	}
	var testSteps []resource.TestStep
	for _, s := range steps {
		testSteps = append(testSteps, resource.TestStep{
			Config: providerBlock(srv) + `
resource "vidispine_task_definition" "bad" {
  ` + s.body + `
}
`,
			PlanOnly:    true,
			ExpectError: expectErrorRegex(s.want...),
		})
	}
	testSteps = append(testSteps,
		resource.TestStep{
			Config: providerBlock(srv) + `
resource "vidispine_job_type" "bad" {
  name    = "TRANSCODE"
  type_id = 20001
}
`,
			PlanOnly:    true,
			ExpectError: expectErrorRegex("Built-in job type", "TRANSCODE is a built-in job type"),
		},
		resource.TestStep{
			Config: providerBlock(srv) + `
resource "vidispine_job_type" "bad" {
  name    = "ACME_RANGE"
  type_id = 100
}
`,
			PlanOnly:    true,
			ExpectError: expectErrorRegex("type_id value must be between 20000 and 30000, got: 100"),
		},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    testSteps,
	})
}

// lostCreateAnswers makes the mock process every POST to /API/task-definition and then drop
// the connection, so the client never sees the answer.
func lostCreateAnswers() vidimock.Faults {
	return vidimock.Faults{Rate: 1, Kinds: []string{"drop-after"}, Paths: []string{"POST /API/task-definition"}}
}

// A task definition made by another tool carries metadata and members the provider does not
// model. Imported and changed by the provider, it keeps them: the update starts from the
// server's document instead of replacing it with the provider's fields alone.
func TestAccTaskDefinition_updateKeepsMetadata(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	metadata := map[string]any{"field": []any{map[string]any{"key": "owner", "value": "media-ops"}}}
	doc := map[string]any{"task": []any{map[string]any{
		"jobType": "TRANSCODE", "step": 170, "script": "job.log('qc');", "description": "QC",
		"metadata": metadata, "vendorNote": map[string]any{"ticket": "OPS-12"},
	}}}
	if status, body := mockAPI(t, srv, http.MethodPost, "/API/task-definition", doc); status != http.StatusOK {
		t.Fatalf("creating the task definition over the API: HTTP %d: %s", status, body)
	}
	config := func(description string) string {
		return providerBlock(srv) + fmt.Sprintf(`
import {
  to = vidispine_task_definition.qc
  id = "TRANSCODE/170"
}

resource "vidispine_task_definition" "qc" {
  job_type    = "TRANSCODE"
  step        = 170
  script      = "job.log('qc');"
  description = %q
}
`, description)
	}
	// untouched checks over the API that the managed change arrived and nothing else moved.
	untouched := func(description string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			var got map[string]any
			mockJSON(t, srv, http.MethodGet, "/API/task-definition/jobtype/TRANSCODE/step/170", nil, &got)
			if got["description"] != description {
				return fmt.Errorf("description on the server is %v, want %q", got["description"], description)
			}
			if !reflect.DeepEqual(got["metadata"], metadata) {
				return fmt.Errorf("metadata on the server changed to %v, want %v", got["metadata"], metadata)
			}
			if !reflect.DeepEqual(got["vendorNote"], map[string]any{"ticket": "OPS-12"}) {
				return fmt.Errorf("the member vendorNote was dropped: %v", got)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps: []resource.TestStep{
			{
				Config: config("Quality check"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vidispine_task_definition.qc", plancheck.ResourceActionUpdate),
				}},
				Check: untouched("Quality check"),
			},
			{
				Config: config("Quality check v2"),
				Check:  untouched("Quality check v2"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("vidispine_task_definition.qc", tfjsonpath.New("metadata"),
						knownvalue.MapExact(map[string]knownvalue.Check{"owner": knownvalue.StringExact("media-ops")})),
				},
			},
			{
				// Once configured, the metadata is managed as a whole; the unknown member still survives.
				Config: strings.Replace(config("Quality check v2"), `description = "Quality check v2"`,
					`description = "Quality check v2"
  metadata    = { owner = "media-ops", tier = "gold" }`, 1),
				Check: func(*terraform.State) error {
					var got map[string]any
					mockJSON(t, srv, http.MethodGet, "/API/task-definition/jobtype/TRANSCODE/step/170", nil, &got)
					want := map[string]any{"field": []any{map[string]any{"key": "owner", "value": "media-ops"},
						map[string]any{"key": "tier", "value": "gold"}}}
					if !reflect.DeepEqual(got["metadata"], want) || got["vendorNote"] == nil {
						return fmt.Errorf("server holds %v, want metadata %v and vendorNote kept", got, want)
					}
					return nil
				},
			},
		},
	})
}

// A tainted step (or one replaced with terraform apply -replace) is planned like a new one, with
// no prior state: its own step on the server must not be refused as taken. The replacement
// deletes the old task definition first and leaves exactly one at the step.
func TestAccTaskDefinition_taintedStepReplaced(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	postJobType(t, srv, "ACME_TAINT", 20007)
	config := providerBlock(srv) + `
resource "vidispine_task_definition" "fetch" {
  job_type    = "ACME_TAINT"
  step        = 10
  description = "Fetch the source"
  script      = "job.log('fetch');"
}
`
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						firstID = s.RootModule().Resources["vidispine_task_definition.fetch"].Primary.ID
						return nil
					},
				),
			},
			{
				Taint:  []string{"vidispine_task_definition.fetch"},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("vidispine_task_definition.fetch", plancheck.ResourceActionReplace),
				}},
				Check: func(s *terraform.State) error {
					id := s.RootModule().Resources["vidispine_task_definition.fetch"].Primary.ID
					if id == firstID {
						return fmt.Errorf("the tainted step kept task definition %s; want a new one", id)
					}
					steps := serverSteps(t, srv, "ACME_TAINT")
					if len(steps) != 1 || fmt.Sprint(steps[0].ID) != id {
						return fmt.Errorf("the server holds %+v after the replacement; want only task definition %s", steps, id)
					}
					return nil
				},
			},
		},
	})
}

func TestAccTaskDefinition_identity(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const script, bean = "vidispine_task_definition.script", "vidispine_task_definition.bean"
	config := func(scriptStep int) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_type" "ident" {
  name    = "ACME_IDENT"
  type_id = 20021
}

resource "vidispine_task_definition" "script" {
  job_type    = vidispine_job_type.ident.name
  step        = %d
  description = "Tell the CMS"
  script      = "job.log('publish');"
}

resource "vidispine_task_definition" "bean" {
  job_type  = vidispine_job_type.ident.name
  step      = 20
  bean      = "TranscodeBean"
  method    = "transcode"
  plugin    = true
  critical  = false
  flags     = 2
  extradata = "preset=h264"
  dependency = {
    previous = true
  }
}
`, scriptStep)
	}
	stepIdentity := func(step int) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{"job_type": knownvalue.StringExact("ACME_IDENT"), "step": knownvalue.Int64Exact(int64(step))}
	}

	steps := []resource.TestStep{{
		Config:            config(10),
		ConfigStateChecks: append(identityChecks(script, stepIdentity(10)), identityChecks(bean, stepIdentity(20))...),
	}}
	steps = append(steps, identityImportSteps(script, "ACME_IDENT/10")...)
	steps = append(steps, identityImportSteps(bean, "ACME_IDENT/20")...)
	steps = append(steps, resource.TestStep{
		ResourceName: script, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: "ACME_IDENT/99",
		ExpectError: expectErrorRegex("Cannot import a step that does not exist", "ACME_IDENT has no step 99"),
	}, resource.TestStep{
		ResourceName: script, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: "999999",
		ExpectError: expectErrorRegex("Cannot import a task definition that does not exist", "no task definition 999999"),
	})
	steps = append(steps,
		// Renumbering is an update in place; the identity follows the step.
		resource.TestStep{
			Config: config(15),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(script, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: identityChecks(script, stepIdentity(15)),
		},
		// Renumbered on the server: the refresh follows the step, and the apply puts it back.
		resource.TestStep{
			PreConfig: func() {
				task := serverStep(t, srv, "ACME_IDENT", 15)
				task.Step = 16
				mockJSON(t, srv, http.MethodPut, "/API/task-definition/"+strconv.Itoa(task.ID), task, nil)
			},
			Config: config(15),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(script, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(script, tfjsonpath.New("step"), knownvalue.Int64Exact(15)),
			}},
			ConfigStateChecks: identityChecks(script, stepIdentity(15)),
			Check: func(*terraform.State) error {
				if steps := stepNumbers(serverSteps(t, srv, "ACME_IDENT")); !slices.Equal(steps, []int{15, 20}) {
					return fmt.Errorf("server holds steps %v of ACME_IDENT, want [15 20]", steps)
				}
				return nil
			},
		},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps:                    steps,
	})
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

// scriptStepConfig is a vidispine_task_definition named name: step of jobType running a
// one-line script, with the extra attribute lines.
func scriptStepConfig(name, jobType string, step int, extra string) string {
	return fmt.Sprintf(`
resource "vidispine_task_definition" %q {
  job_type = %q
  step     = %d
  script   = "job.log('x');"
  %s
}
`, name, jobType, step, extra)
}

// Generated configuration writes plugin = false beside script (what a script step holds): that
// is valid. plugin = true still needs a bean.
func TestAccTaskDefinition_pluginOnlyTrueNeedsBean(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	config := func(plugin string) string {
		return providerBlock(srv) + scriptStepConfig("script", "ACME_PLUGIN", 10, "plugin = "+plugin)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("true"), PlanOnly: true, ExpectError: expectErrorRegex("plugin = true requires bean")},
			{Config: config("false"), PlanOnly: true, ExpectNonEmptyPlan: true},
		},
	})
}

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

// TestAccTaskDefinition_scriptCheckedForServerEngine: a script is checked at plan in the
// language of the engine the server runs it on. `for await` (ES2018) applies on a 5.x server,
// whose default engine is GraalJS, for a step and a notification alike; the same script fails
// the plan, saying why, where the javascriptInterpreter property chooses Rhino and on a 4.x
// server (Rhino by default), and nothing is created there.
func TestAccTaskDefinition_scriptCheckedForServerEngine(t *testing.T) {
	config := func(srv *vidimock.Server) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_task_definition" "collect" {
  job_type = "TRANSCODE"
  step     = 170
  script   = %q
}

resource "vidispine_job_notification" "collect" {
  trigger    = { event = "finished" }
  javascript = { script = %q }
}
`, forAwaitScript, forAwaitScript)
	}
	const propertyPath = "/API/configuration/properties/javascriptInterpreter"
	t.Run("GraalJS by default", func(t *testing.T) {
		srv := startMock(t, vidimock.Options{})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: config(srv),
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if got := serverStep(t, srv, "TRANSCODE", 170).Script; got != forAwaitScript {
							return fmt.Errorf("the server holds script %q, want the configured one", got)
						}
						return nil
					},
					// The engine is asked for once per run, and only for a script one language refuses.
					func(*terraform.State) error {
						if n := requestsTo(srv, "GET /API/configuration/properties/{key}"); n == 0 {
							return fmt.Errorf("the javascriptInterpreter property was never read")
						}
						return nil
					},
				),
			}},
		})
	})
	refused := func(t *testing.T, srv *vidimock.Server, why ...string) {
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      config(srv),
				PlanOnly:    true,
				ExpectError: expectErrorRegex(append([]string{"script is not valid JavaScript for Rhino"}, why...)...),
			}},
		})
		if n := srv.Requests()["POST /API/task-definition"] + srv.Requests()["POST /API/job/notification"]; n != 0 {
			t.Errorf("%d create requests reached the server; a script the engine refuses must stop the plan", n)
		}
	}
	t.Run("Rhino by property", func(t *testing.T) {
		srv := startMock(t, vidimock.Options{})
		if status, body := mockAPI(t, srv, "PUT", propertyPath, []byte("rhino")); status != 204 {
			t.Fatalf("setting the property: %d %s", status, body)
		}
		refused(t, srv, `javascriptInterpreter property is "rhino"`, "line 3")
	})
	t.Run("Rhino on a 4.x server", func(t *testing.T) {
		refused(t, startMock(t, vidimock.Options{ServerVersion: "4.17.2"}), "the default of VidiCore 4.17.2")
	})
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
	stepOnServer := func() (int, string) {
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
					if status, _ := stepOnServer(); status != http.StatusNotFound {
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
					if status, method := stepOnServer(); status != http.StatusOK || method != "transcode" {
						return fmt.Errorf("server: status %d, method %q; want the corrected step", status, method)
					}
					return nil
				},
			},
		},
	})
}

// oneListPerJobTypeConfig is perType steps (10, 20, …) of each of sharedListJobTypes; the step
// descriptions carry suffix.
func oneListPerJobTypeConfig(srv *vidimock.Server, perType int, suffix string) string {
	var b strings.Builder
	b.WriteString(providerBlock(srv))
	for _, jt := range sharedListJobTypes {
		fmt.Fprintf(&b, `
resource "vidispine_task_definition" %[1]q {
  count       = %[2]d
  job_type    = %[3]q
  step        = (count.index + 1) * 10
  description = "step ${(count.index + 1) * 10}%[4]s"
  script      = "job.log('${count.index}');"
}
`, strings.ToLower(jt), perType, jt, suffix)
	}
	return b.String()
}

// TestAccTaskDefinition_refreshSharesOneListPerJobType: 12 steps over 3 job types. The
// apply sends one POST and one read-back per new step and no look-up by step (the plan-time
// check and the client's check use the run's list of each job type); a refreshing plan
// sends one list request per job type and nothing per step; a step deleted and one changed
// on the server are still seen in that plan, and an update and a delete through the provider
// are seen by the next plan.
func TestAccTaskDefinition_refreshSharesOneListPerJobType(t *testing.T) {
	const perType = 4
	n, k := perType*len(sharedListJobTypes), len(sharedListJobTypes)
	srv := startMock(t, vidimock.Options{})
	for i, jt := range sharedListJobTypes {
		mockJSON(t, srv, http.MethodPost, fmt.Sprintf("/API/task-definition/jobtype/%s?id=%d", jt, 20700+i), nil, nil)
	}
	cfg := oneListPerJobTypeConfig(srv, perType, "")
	// Each run of a Terraform command (plan, apply, refresh) starts the provider afresh and
	// lists each job type at most once.
	atMostOnePerRun := func(reqs map[string]int, runs int) error {
		if got := reqs[routeListSteps]; got < k || got > k*runs {
			return fmt.Errorf("%d list requests (%s); want one per job type (%d) in each of at most %d runs: %v",
				got, routeListSteps, k, runs, reqs)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkPipelineGone(srv, t),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { resetMockRequests(t, srv) },
				Config:    cfg,
				Check: func(*terraform.State) error {
					reqs := mockRequests(t, srv)
					if reqs[routeCreateStep] != n || reqs[routeStepByID] != n || reqs[routeStepByStep] != 0 {
						return fmt.Errorf("apply of %d steps: want %d POSTs, %d read-backs by id and no look-up by step; got %v",
							n, n, n, reqs)
					}
					// plugin-testing's apply is a plan run and an apply run.
					return atMostOnePerRun(reqs, 2)
				},
			},
			{
				// Behind Terraform's back: one step deleted, one changed.
				PreConfig: func() {
					mockJSON(t, srv, http.MethodDelete, "/API/task-definition/jobtype/ACME_SHARE_A/step/20", nil, nil)
					changed := serverStep(t, srv, "ACME_SHARE_B", 30)
					changed.Description = "changed by hand"
					mockJSON(t, srv, http.MethodPut, fmt.Sprintf("/API/task-definition/%d", changed.ID), changed, nil)
					resetMockRequests(t, srv)
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(`vidispine_task_definition.acme_share_a[1]`, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(`vidispine_task_definition.acme_share_b[2]`, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(`vidispine_task_definition.acme_share_c[0]`, plancheck.ResourceActionNoop),
					},
				},
			},
			{
				// The refresh of the step above: one list per job type, plus one read by id
				// for the deleted step only (it is not in its job type's list).
				PreConfig: func() {
					reqs := mockRequests(t, srv)
					if reqs[routeStepByID] != 1 || reqs[routeStepByStep] != 0 {
						t.Errorf("refresh of %d steps, one deleted: want 1 read by id (the deleted one) and no look-up by step; got %v", n, reqs)
					}
					if err := atMostOnePerRun(reqs, 1); err != nil {
						t.Errorf("refresh: %v", err)
					}
				},
				// Put it right, then change every description through the provider and drop
				// one step: the next plan must be empty, so the provider's own writes are seen.
				Config: cfg,
			},
			{
				Config: strings.Replace(oneListPerJobTypeConfig(srv, perType, " v2"), "count       = 4\n  job_type    = \"ACME_SHARE_C\"",
					"count       = 3\n  job_type    = \"ACME_SHARE_C\"", 1),
				Check: func(*terraform.State) error {
					if steps := stepNumbers(serverSteps(t, srv, "ACME_SHARE_C")); fmt.Sprint(steps) != "[10 20 30]" {
						return fmt.Errorf("ACME_SHARE_C holds steps %v after the apply, want [10 20 30]", steps)
					}
					if got := serverStep(t, srv, "ACME_SHARE_A", 40).Description; got != "step 40 v2" {
						return fmt.Errorf("step 40 of ACME_SHARE_A reads %q after the update, want %q", got, "step 40 v2")
					}
					return nil
				},
			},
		},
	})
}

// TestAccTaskDefinition_stateOfVersion0PlansNoChange holds today's provider against state that
// the provider wrote at commit f745203 (schema version 0), where a dependency member left out of
// the configuration was stored as its zero value. The steps are on the server as that provider
// sent them; the plan must be empty, and a later update must still write what is configured.
func TestAccTaskDefinition_stateOfVersion0PlansNoChange(t *testing.T) {
	tf := terraformCLIAtLeast(t, "1.5.0", "state upgrades")
	t.Parallel()
	srv := startMock(t, vidimock.Options{})
	const jobType = "ACME_UPGRADE"
	postJobType(t, srv, jobType, 20101)
	dep := func(step int, previous, allPrevious bool) map[string]any {
		return map[string]any{"step": step, "previous": previous, "allPrevious": allPrevious}
	}
	doc := func(step int, dependency, parallel map[string]any) map[string]any {
		d := map[string]any{"jobType": jobType, "step": step, "script": "job.log('x');", "critical": true,
			"cleanup": false, "flags": 0, "dependency": dependency}
		if parallel != nil {
			d["parallelDependency"] = parallel
		}
		return d
	}
	// How version 0 sent and stored `dependency = { previous = true }`, `dependency = { step = 10 }`
	// with `parallel_dependency = { all_previous = true }`, and `dependency = { step = 0 }`.
	ids := postTaskDefinitions(t, srv, doc(10, dep(0, true, false), nil),
		doc(20, dep(10, false, false), dep(0, false, true)), doc(30, dep(0, false, false), nil))

	// config is the configuration of the three steps; extra goes into step 10.
	config := func(extra string) string {
		return providerBlock(srv) +
			scriptStepConfig("s10", jobType, 10, "dependency = { previous = true }\n  "+extra) +
			scriptStepConfig("s20", jobType, 20, "dependency = { step = 10 }\n  parallel_dependency = { all_previous = true }") +
			scriptStepConfig("s30", jobType, 30, "dependency = { step = 0 }")
	}
	stateDep := func(step int, previous, allPrevious bool) map[string]any {
		return map[string]any{"step": step, "previous": previous, "all_previous": allPrevious}
	}
	instance := func(id string, step int, dependency, parallel map[string]any) map[string]any {
		return map[string]any{"mode": "managed", "type": "vidispine_task_definition", "name": fmt.Sprintf("s%d", step),
			"provider": `provider["` + providerAddress() + `"]`, "instances": []map[string]any{{
				"schema_version": 0, "sensitive_attributes": []any{}, "attributes": map[string]any{
					"id": id, "job_type": jobType, "step": step, "description": nil, "script": "job.log('x');",
					"bean": nil, "method": nil, "plugin": false, "critical": true, "cleanup": false, "flags": 0,
					"extradata": nil, "dependency": dependency, "parallel_dependency": parallel,
				}}}}
	}
	state, err := json.Marshal(map[string]any{"version": 4, "terraform_version": "1.5.7", "serial": 1,
		"lineage": "3f1c1c3e-0000-4000-8000-000000000022", "outputs": map[string]any{}, "resources": []any{
			instance(ids[0], 10, stateDep(0, true, false), nil),
			instance(ids[1], 20, stateDep(10, false, false), stateDep(0, false, true)),
			instance(ids[2], 30, stateDep(0, false, false), nil),
		}})
	if err != nil {
		t.Fatal(err)
	}
	w := &cliWorkspace{t: t, tf: tf, dir: t.TempDir()}
	w.write(config(""))
	if err := os.WriteFile(filepath.Join(w.dir, "terraform.tfstate"), state, 0o600); err != nil {
		t.Fatal(err)
	}
	w.must("init", "-input=false")
	// -detailed-exitcode exits 2 on a planned change, which w.must reports with the plan.
	w.must("plan", "-input=false", "-detailed-exitcode")

	// The upgraded state is today's: changing the description updates step 10 in place, and its
	// dependency is written as configured.
	w.write(config(`description = "after the upgrade"`))
	out := w.must("apply", "-auto-approve", "-input=false")
	if !strings.Contains(out, "0 added, 1 changed, 0 destroyed") {
		t.Errorf("apply after the upgrade:\n%s", out)
	}
	got := serverStep(t, srv, jobType, 10)
	if got.Description != "after the upgrade" || got.Dependency == nil || got.Dependency.Previous == nil ||
		!*got.Dependency.Previous || got.Dependency.Step != nil || got.Dependency.AllPrevious != nil {
		t.Errorf("step 10 on the server after the update: %+v (dependency %+v)", got, got.Dependency)
	}
	w.must("plan", "-input=false", "-detailed-exitcode")
}

// TestAccTaskDefinition_dependsOnItselfRefused: a step whose dependency or parallel dependency
// is its own step is refused before anything is sent, naming the attribute.
func TestAccTaskDefinition_dependsOnItselfRefused(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	step := func(dependency string) string {
		return providerBlock(srv) + scriptStepConfig("loop", "TRANSCODE", 170, dependency)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: step(`dependency = { step = 170 }`), ExpectError: expectErrorRegex(
				"Step depends on itself", "dependency.step", "170", "TRANSCODE")},
			{Config: step(`parallel_dependency = { step = 170, previous = true }`), ExpectError: expectErrorRegex(
				"Step depends on itself", "parallel_dependency.step", "170")},
		},
	})
	if n := srv.Requests()[routeCreateStep]; n != 0 {
		t.Errorf("POST /API/task-definition was sent %d times, want none", n)
	}
	if steps := stepNumbers(serverSteps(t, srv, "TRANSCODE")); slices.Contains(steps, 170) {
		t.Errorf("the server holds step 170 of TRANSCODE (steps %v)", steps)
	}
}
