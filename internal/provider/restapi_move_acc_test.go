package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// The move across providers is tested with the Terraform CLI directly, not through
// plugin-testing: the test starts from a state file that restapi wrote (plugin-testing cannot
// seed state), and Terraform must find its source provider, registry.terraform.io/mastercard/restapi,
// which plugin-testing cannot serve (it serves every test provider in the hashicorp namespace).
// Both providers run in-process and are reattached; the restapi one is a schema-only fixture
// (below) that fails the test if Terraform asks it to do anything.

// TestAccRestapiMove_takesOverWithoutRecreating starts from the state restapi_object resources
// left for a custom job type, a task definition POSTed as a list, one PUT by step and a job
// notification, and moves them into vidispine_* resources.
func TestAccRestapiMove_takesOverWithoutRecreating(t *testing.T) {
	tf := newMoveCLI(t)
	srv := startMock(t, vidimock.Options{})

	// What the restapi_object resources created, as restapi sends it.
	postJobType(t, srv, "ACME_MOVE", 20007)
	listID := postTaskDefinitions(t, srv, map[string]any{"jobType": "ACME_MOVE", "step": 10, "description": "Check", "script": "job.log('check')"})[0]
	var byStep map[string]any
	mockJSON(t, srv, http.MethodPut, "/API/task-definition/jobtype/ACME_MOVE/step/20",
		map[string]any{"jobType": "ACME_MOVE", "step": 20, "script": "job.log('publish')"}, &byStep)
	stepID := fmt.Sprint(byStep["id"])
	notification := map[string]any{
		"trigger": map[string]any{"job": map[string]any{"finished": "", "filter": map[string]any{"type": "ACME_MOVE"}}},
		"action": map[string]any{"http": map[string]any{"url": "https://hooks.example.com/done", "method": "POST",
			"synchronous": false, "timeout": "10"}},
	}
	notificationID := postNotification(t, srv, notification)
	read := func(p string) string {
		_, body := mockAPI(t, srv, http.MethodGet, p, nil)
		return string(body)
	}

	tf.writeRestapiState(map[string][]byte{
		"job_type": restapiV3State(t, map[string]any{
			"path": "/API/task-definition/jobtype", "object_id": "ACME_MOVE", "query_string": "id=20007",
			"read_path": "/API/task-definition/jobtype/{id}", "destroy_path": "/API/task-definition/jobtype/{id}",
			"data": "{}", "api_response": read("/API/task-definition/jobtype/ACME_MOVE"), "api_data": map[string]string{},
			"id": "ACME_MOVE",
		}),
		"check": restapiV3State(t, map[string]any{
			"path": "/API/task-definition", "id_attribute": "uri/0", "data": read("/API/task-definition/" + listID),
			"create_response": `{"uri":["` + listID + `"]}`, "api_response": read("/API/task-definition/" + listID),
			"api_data": map[string]string{"id": listID}, "id": listID,
		}),
		"publish": restapiV3State(t, map[string]any{
			"path": "/API/task-definition/jobtype/ACME_MOVE/step/20", "create_method": "PUT", "id_attribute": "id",
			"read_path": "/API/task-definition/jobtype/ACME_MOVE/step/20", "update_path": "/API/task-definition/jobtype/ACME_MOVE/step/20",
			"destroy_path": "/API/task-definition/{id}", "data": `{"jobType":"ACME_MOVE","step":20,"script":"job.log('publish')"}`,
			"api_response": read("/API/task-definition/jobtype/ACME_MOVE/step/20"), "api_data": map[string]string{"id": stepID},
			"id": stepID,
		}),
		"done": restapiV3State(t, map[string]any{
			"path": "/API/job/notification", "id_attribute": "uri/0", "data": read("/API/job/notification/" + notificationID),
			"create_response": `{"uri":["` + notificationID + `"]}`, "api_response": read("/API/job/notification/" + notificationID),
			"api_data": map[string]string{"id": notificationID}, "id": notificationID,
		}),
	})

	config := func(checkDescription string) string {
		return terraformBlock + fmt.Sprintf(`%s
resource "vidispine_job_type" "move" {
  name    = "ACME_MOVE"
  type_id = 20007
}

resource "vidispine_task_definition" "check" {
  job_type    = vidispine_job_type.move.name
  step        = 10
  description = %q
  script      = "job.log('check')"
}

resource "vidispine_task_definition" "publish" {
  job_type = vidispine_job_type.move.name
  step     = 20
  script   = "job.log('publish')"
}

resource "vidispine_job_notification" "done" {
  trigger = {
    event    = "finished"
    job_type = vidispine_job_type.move.name
  }
  http = {
    url     = "https://hooks.example.com/done"
    method  = "POST"
    timeout = 10
  }
}

moved {
  from = restapi_object.job_type
  to   = vidispine_job_type.move
}
moved {
  from = restapi_object.check
  to   = vidispine_task_definition.check
}
moved {
  from = restapi_object.publish
  to   = vidispine_task_definition.publish
}
moved {
  from = restapi_object.done
  to   = vidispine_job_notification.done
}
`, providerBlock(srv), checkDescription)
	}
	moves := map[string]string{
		"vidispine_job_type.move":           "restapi_object.job_type",
		"vidispine_task_definition.check":   "restapi_object.check",
		"vidispine_task_definition.publish": "restapi_object.publish",
		"vidispine_job_notification.done":   "restapi_object.done",
	}

	tf.run("init", "-input=false", "-no-color")
	srv.ResetRequests()

	// A configuration that differs from the server in one description: the moves, and that one
	// difference as an ordinary update.
	tf.writeConfig(config("Check the file"))
	changes := tf.plan()
	for addr, from := range moves {
		want := "no-op"
		if addr == "vidispine_task_definition.check" {
			want = "update"
		}
		if c := changes[addr]; c.from != from || c.action != want {
			t.Errorf("%s: planned %q from %q, want %q from %q", addr, c.action, c.from, want, from)
		}
	}

	// The matching configuration: moves only; the apply sends nothing that creates, changes or
	// deletes anything.
	tf.writeConfig(config("Check"))
	changes = tf.plan()
	for addr, from := range moves {
		if c := changes[addr]; c.from != from || c.action != "no-op" {
			t.Errorf("%s: planned %q from %q, want a move from %s and no change", addr, c.action, c.from, from)
		}
	}
	tf.run("apply", "-input=false", "-no-color", "tfplan")
	for route, n := range srv.Requests() {
		if !strings.HasPrefix(route, "GET ") && n > 0 {
			t.Errorf("moving sent %d × %s; only reads were expected", n, route)
		}
	}

	// The same objects, under the same ids, now in vidispine_* resources.
	ids := tf.stateIDs()
	for addr, want := range map[string]string{
		"vidispine_job_type.move": "ACME_MOVE", "vidispine_task_definition.check": listID,
		"vidispine_task_definition.publish": stepID, "vidispine_job_notification.done": notificationID,
	} {
		if ids[addr] != want {
			t.Errorf("%s has id %q in state, want %q (the restapi object's)", addr, ids[addr], want)
		}
	}
	for _, p := range []string{"/API/task-definition/" + listID, "/API/task-definition/" + stepID, "/API/job/notification/" + notificationID} {
		if status, body := mockAPI(t, srv, http.MethodGet, p, nil); status != http.StatusOK {
			t.Errorf("GET %s after the move: %d %s", p, status, body)
		}
	}
	if !strings.Contains(read("/API/jobtype"), "ACME_MOVE") {
		t.Error("job type ACME_MOVE is gone after the move")
	}

	// The next plan is empty.
	if changes := tf.plan(); len(changes) != 0 {
		t.Errorf("the plan after the move is not empty: %v", changes)
	}
}

// moveCLI runs the Terraform CLI in a temporary directory against the in-process vidispine
// provider and the restapi fixture.
type moveCLI struct {
	t              *testing.T
	bin, dir, host string
	env            []string
}

func newMoveCLI(t *testing.T) *moveCLI {
	t.Helper()
	// OpenTofu moves across resource types since 1.10; the project tests it with 1.12.
	tf := &moveCLI{t: t, bin: terraformCLIAtLeast(t, "1.8.0", "moved blocks across providers"), dir: t.TempDir()}
	t.Parallel()

	tf.host = registryHost()
	reattach, stop := serveProviders(t, map[string]func() tfprotov6.ProviderServer{
		providerAddress():               providerserver.NewProtocol6(New("test")()),
		tf.host + "/mastercard/restapi": providerserver.NewProtocol6(&restapiFixture{t: t}),
	})
	t.Cleanup(stop)
	tf.env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	return tf
}

func (tf *moveCLI) output(args ...string) []byte {
	tf.t.Helper()
	cmd := exec.Command(tf.bin, args...)
	cmd.Dir, cmd.Env = tf.dir, tf.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tf.t.Fatalf("terraform %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return out
}

func (tf *moveCLI) run(args ...string) { tf.t.Helper(); tf.output(args...) }

func (tf *moveCLI) writeConfig(config string) {
	tf.t.Helper()
	if err := os.WriteFile(filepath.Join(tf.dir, "main.tf"), []byte(config), 0o600); err != nil {
		tf.t.Fatal(err)
	}
}

// writeRestapiState writes the terraform.tfstate restapi left: one restapi_object per name,
// with the given attributes (schema version 0, as restapi v1–v3 write).
func (tf *moveCLI) writeRestapiState(objects map[string][]byte) {
	tf.t.Helper()
	var resources []any
	for name, attrs := range objects {
		resources = append(resources, map[string]any{
			"mode": "managed", "type": "restapi_object", "name": name,
			"provider": `provider["` + tf.host + `/mastercard/restapi"]`,
			"instances": []any{map[string]any{
				"schema_version": 0, "attributes": json.RawMessage(attrs), "sensitive_attributes": []any{},
			}},
		})
	}
	raw, err := json.MarshalIndent(map[string]any{
		"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "7c0e2f7c-restapi-move-test",
		"outputs": map[string]any{}, "resources": resources,
	}, "", "  ")
	if err != nil {
		tf.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tf.dir, "terraform.tfstate"), raw, 0o600); err != nil {
		tf.t.Fatal(err)
	}
}

type plannedChange struct{ action, from string }

// plan writes tfplan and returns its resource changes by address: the action (no-op, update,
// create, delete, …) and the address moved from. Unchanged resources that did not move are left out.
func (tf *moveCLI) plan() map[string]plannedChange {
	tf.t.Helper()
	tf.run("plan", "-input=false", "-no-color", "-out=tfplan")
	var plan struct {
		ResourceChanges []struct {
			Address         string `json:"address"`
			PreviousAddress string `json:"previous_address"`
			Change          struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(tf.output("show", "-json", "tfplan"), &plan); err != nil {
		tf.t.Fatal(err)
	}
	changes := map[string]plannedChange{}
	for _, rc := range plan.ResourceChanges {
		action := strings.Join(rc.Change.Actions, ",")
		if action != "no-op" || rc.PreviousAddress != "" {
			changes[rc.Address] = plannedChange{action: action, from: rc.PreviousAddress}
		}
	}
	return changes
}

// stateIDs returns the id (name for a job type) of each resource in state.
func (tf *moveCLI) stateIDs() map[string]string {
	tf.t.Helper()
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(tf.output("show", "-json"), &state); err != nil {
		tf.t.Fatal(err)
	}
	ids := map[string]string{}
	for _, r := range state.Values.RootModule.Resources {
		id, ok := r.Values["id"]
		if !ok {
			id = r.Values["name"]
		}
		ids[r.Address] = fmt.Sprint(id)
	}
	return ids
}

// restapiFixture stands in for Mastercard/terraform-provider-restapi in the move test: Terraform
// loads the schema of every provider in the state, so it declares restapi_object with the
// attributes restapi v3 writes (our own declaration of their names and types). It is never
// asked to read, plan or change anything; if it is, the test fails.
type restapiFixture struct{ t *testing.T }

func (p *restapiFixture) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "restapi"
}

func (p *restapiFixture) Schema(context.Context, fwprovider.SchemaRequest, *fwprovider.SchemaResponse) {
}

func (p *restapiFixture) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}

func (p *restapiFixture) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p *restapiFixture) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &restapiObjectFixture{t: p.t} }}
}

type restapiObjectFixture struct{ t *testing.T }

func (r *restapiObjectFixture) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_object"
}

func (r *restapiObjectFixture) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"path": schema.StringAttribute{Required: true},
		"data": schema.StringAttribute{Required: true},
		"read_search": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
			"query_string": schema.StringAttribute{Optional: true}, "search_data": schema.StringAttribute{Optional: true},
			"search_key": schema.StringAttribute{Required: true}, "search_value": schema.StringAttribute{Required: true},
			"results_key": schema.StringAttribute{Optional: true}, "search_patch": schema.StringAttribute{Optional: true},
		}},
		"api_data": schema.MapAttribute{ElementType: types.StringType, Computed: true},
	}
	for _, name := range []string{"create_path", "read_path", "update_path", "destroy_path", "create_method",
		"read_method", "update_method", "destroy_method", "id_attribute", "object_id", "query_string", "read_data",
		"update_data", "destroy_data"} {
		attrs[name] = schema.StringAttribute{Optional: true}
	}
	for _, name := range []string{"debug", "ignore_all_server_changes", "ignore_server_additions"} {
		attrs[name] = schema.BoolAttribute{Optional: true}
	}
	for _, name := range []string{"force_new", "ignore_changes_to"} {
		attrs[name] = schema.ListAttribute{ElementType: types.StringType, Optional: true}
	}
	for _, name := range []string{"create_response", "api_response", "id"} {
		attrs[name] = schema.StringAttribute{Computed: true}
	}
	resp.Schema = schema.Schema{Attributes: attrs}
}

func (r *restapiObjectFixture) fail(op string) {
	r.t.Errorf("Terraform asked the restapi fixture to %s restapi_object: the move should leave restapi out", op)
}

func (r *restapiObjectFixture) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {
	r.fail("create")
}

func (r *restapiObjectFixture) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
	r.fail("read")
}

func (r *restapiObjectFixture) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {
	r.fail("update")
}

func (r *restapiObjectFixture) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	r.fail("delete")
}
