package provider

import (
	"context"
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const restapiAddress = "registry.terraform.io/mastercard/restapi"

// restapiV3State is a restapi_object state as restapi v3 writes it: every attribute of its
// schema, null unless set, with attrs set.
func restapiV3State(t *testing.T, attrs map[string]any) []byte {
	t.Helper()
	state := map[string]any{}
	for _, name := range []string{"path", "create_path", "read_path", "update_path", "destroy_path",
		"create_method", "read_method", "update_method", "destroy_method", "id_attribute", "object_id", "data",
		"debug", "query_string", "force_new", "read_data", "update_data", "destroy_data", "ignore_changes_to",
		"ignore_all_server_changes", "ignore_server_additions", "read_search", "create_response", "api_data",
		"api_response", "id"} {
		state[name] = nil
	}
	for k, v := range attrs {
		if _, ok := state[k]; !ok {
			t.Fatalf("restapi v3 has no attribute %q", k)
		}
		state[k] = v
	}
	raw, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// moveResult is the outcome of a MoveResourceState call through the provider's protocol server.
type moveResult struct {
	attrs    map[string]tftypes.Value
	errors   []string
	warnings []string
}

func (m moveResult) str(t *testing.T, name string) string {
	t.Helper()
	v, ok := m.attrs[name]
	if !ok {
		t.Fatalf("no attribute %q in the moved state", name)
	}
	if v.IsNull() {
		return "<null>"
	}
	if v.Type().Is(tftypes.Number) {
		var n big.Float
		if err := v.As(&n); err != nil {
			t.Fatal(err)
		}
		return n.String()
	}
	var s string
	if err := v.As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// moveFrom asks the provider, as Terraform does for a moved block, to move a source state
// into target.
func moveFrom(t *testing.T, sourceAddr, sourceType, target string, raw []byte) moveResult {
	t.Helper()
	ctx := context.Background()
	server, err := testAccProtoV6ProviderFactories["vidispine"]()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !schemas.ServerCapabilities.MoveResourceState {
		t.Fatal("the provider does not announce MoveResourceState")
	}
	resp, err := server.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{
		SourceProviderAddress: sourceAddr,
		SourceTypeName:        sourceType,
		SourceSchemaVersion:   0,
		SourceState:           &tfprotov6.RawState{JSON: raw},
		TargetTypeName:        target,
	})
	if err != nil {
		t.Fatal(err)
	}
	var res moveResult
	for _, d := range resp.Diagnostics {
		text := d.Summary + ": " + d.Detail
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			res.errors = append(res.errors, text)
		} else {
			res.warnings = append(res.warnings, text)
		}
	}
	if len(res.errors) > 0 {
		return res
	}
	if resp.TargetState == nil {
		t.Fatal("no target state and no error")
	}
	typ := schemas.ResourceSchemas[target].ValueType()
	v, err := resp.TargetState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	if !v.IsFullyKnown() {
		t.Fatal("the moved state holds unknown values, which Terraform refuses")
	}
	if err := v.As(&res.attrs); err != nil {
		t.Fatal(err)
	}
	return res
}

func TestMoveState_taskDefinitionPostedAsList(t *testing.T) {
	// POST /API/task-definition with a TaskDefinitionListDocument; the URIListDocument's first
	// id is the object's id (id_attribute = "uri/0", create_returns_object on the provider).
	// Right after the create, data is the configured body and api_response the create answer.
	body := `{"task":[{"critical":true,"description":"Publish","jobType":"ACME_PUBLISH","script":"job.log('x')","step":10}]}`
	fresh := restapiV3State(t, map[string]any{
		"path": "/API/task-definition", "id_attribute": "uri/0", "data": body,
		"create_response": `{"uri":["1234"]}`, "api_response": `{"uri":["1234"]}`,
		"api_data": map[string]string{"uri": "[1234]"}, "id": "1234",
	})
	// After a refresh, data and api_response are the task definition read at path/{id}.
	read := `{"critical":true,"description":"Publish","id":1234,"jobType":"ACME_PUBLISH","script":"job.log('x')","step":10}`
	refreshed := restapiV3State(t, map[string]any{
		"path": "/API/task-definition", "id_attribute": "uri/0", "data": read, "force_new": []string{"jobType"},
		"create_response": `{"uri":["1234"]}`, "api_response": read,
		"api_data": map[string]string{"id": "1234", "jobType": "ACME_PUBLISH", "step": "10"}, "id": "1234",
	})
	for name, raw := range map[string][]byte{"after create": fresh, "after refresh": refreshed} {
		t.Run(name, func(t *testing.T) {
			res := moveFrom(t, restapiAddress, "restapi_object", "vidispine_task_definition", raw)
			if len(res.errors) > 0 || len(res.warnings) > 0 {
				t.Fatalf("move diagnostics: %v %v", res.errors, res.warnings)
			}
			for attr, want := range map[string]string{"id": "1234", "job_type": "ACME_PUBLISH", "step": "10", "script": "<null>"} {
				if got := res.str(t, attr); got != want {
					t.Errorf("%s = %s, want %s", attr, got, want)
				}
			}
		})
	}
}

func TestMoveState_taskDefinitionPutByStep(t *testing.T) {
	doc := `{"critical":true,"id":1235,"jobType":"ACME_PUBLISH","script":"job.log('y')","step":20}`
	cases := map[string]map[string]any{
		// PUT to the step's path, the step's id read back from the answer (id_attribute "id").
		"step path, id read back": {
			"path": "/API/task-definition/jobtype/ACME_PUBLISH/step/20", "create_method": "PUT",
			"read_path": "/API/task-definition/jobtype/ACME_PUBLISH/step/20", "update_path": "/API/task-definition/jobtype/ACME_PUBLISH/step/20",
			"destroy_path": "/API/task-definition/jobtype/ACME_PUBLISH/step/20", "id_attribute": "id",
			"data": doc, "api_response": doc, "create_response": doc, "id": "1235",
		},
		// The step number as object_id on the default path/{id}: the id comes from the document.
		"object_id is the step": {
			"path": "/API/task-definition/jobtype/ACME_PUBLISH/step", "create_method": "PUT", "object_id": "20",
			"create_path": "/API/task-definition/jobtype/ACME_PUBLISH/step/{id}",
			"data":        `{"jobType":"ACME_PUBLISH","step":20,"script":"job.log('y')"}`, "api_response": doc, "id": "20",
		},
		// The step number as a hand-set object_id on an explicit step path: not the task
		// definition's id, which comes from the document.
		"object_id is the step, explicit read path": {
			"path": "/API/task-definition/jobtype/ACME_PUBLISH/step/20", "create_method": "PUT", "object_id": "20",
			"read_path": "/API/task-definition/jobtype/ACME_PUBLISH/step/20", "data": doc, "api_response": doc, "id": "20",
		},
		// Provider uri ending in /API, full URLs in the paths, read by id.
		"base URL in the path": {
			"path": "task-definition/jobtype/ACME_PUBLISH/step/20", "create_method": "PUT",
			"read_path": "https://vs.example.com:8080/API/task-definition/{id}", "data": doc, "api_response": doc, "id": "1235",
		},
	}
	for name, attrs := range cases {
		t.Run(name, func(t *testing.T) {
			res := moveFrom(t, restapiAddress, "restapi_object", "vidispine_task_definition", restapiV3State(t, attrs))
			if len(res.errors) > 0 {
				t.Fatalf("move refused: %v", res.errors)
			}
			for attr, want := range map[string]string{"id": "1235", "job_type": "ACME_PUBLISH", "step": "20"} {
				if got := res.str(t, attr); got != want {
					t.Errorf("%s = %s, want %s", attr, got, want)
				}
			}
		})
	}
}

func TestMoveState_taskDefinitionWithoutIDIsRefused(t *testing.T) {
	raw := restapiV3State(t, map[string]any{
		"path": "/API/task-definition/jobtype/ACME_PUBLISH/step", "create_method": "PUT", "object_id": "20",
		"data": `{"jobType":"ACME_PUBLISH","step":20}`, "id": "20",
	})
	res := moveFrom(t, restapiAddress, "restapi_object", "vidispine_task_definition", raw)
	if len(res.errors) != 1 || !strings.Contains(res.errors[0], `"/API/task-definition/jobtype/ACME_PUBLISH/step/20"`) ||
		!strings.Contains(res.errors[0], "JOB_TYPE/STEP") {
		t.Fatalf("want one error naming the path and the import by step, got %v", res.errors)
	}
}

func TestMoveState_taskListWarnsAboutUntrackedTasks(t *testing.T) {
	raw := restapiV3State(t, map[string]any{
		"path": "/API/task-definition", "id_attribute": "uri/0", "id": "1300",
		"data":         `{"task":[{"jobType":"ACME_A","step":1,"script":"a"},{"jobType":"ACME_A","step":2,"script":"b"}]}`,
		"api_response": `{"uri":["1300","1301"]}`,
	})
	// After a refresh, only the create answer still lists both ids.
	refreshed := restapiV3State(t, map[string]any{
		"path": "/API/task-definition", "id_attribute": "uri/0", "id": "1300",
		"data":            `{"id":1300,"jobType":"ACME_A","step":1,"script":"a"}`,
		"api_response":    `{"id":1300,"jobType":"ACME_A","step":1,"script":"a"}`,
		"create_response": `{"uri":["1300","1301"]}`,
	})
	for name, raw := range map[string][]byte{"after create": raw, "after refresh": refreshed} {
		t.Run(name, func(t *testing.T) {
			res := moveFrom(t, restapiAddress, "restapi_object", "vidispine_task_definition", raw)
			if len(res.errors) > 0 || len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "task definition 1300") {
				t.Fatalf("want the move with one warning about the second task, got %v %v", res.errors, res.warnings)
			}
			if got := res.str(t, "step"); got != "1" {
				t.Errorf("step = %s, want 1", got)
			}
		})
	}
}

func TestMoveState_jobNotification(t *testing.T) {
	doc := `{"action":{"http":{"method":"POST","synchronous":false,"timeout":"10","url":"https://hooks.example.com/done"}},"id":"VX-12","trigger":{"job":{"finished":"","filter":{"type":"ACME_PUBLISH"}}}}`
	cases := map[string]map[string]any{
		"id from the create answer": {
			"path": "/API/job/notification", "id_attribute": "uri/0", "data": doc, "api_response": doc,
			"create_response": `{"uri":["VX-12"]}`, "id": "VX-12",
		},
		"uri ends in /API": {
			"path": "/job/notification", "read_path": "/job/notification/{id}", "id_attribute": "uri/0",
			"data": doc, "api_response": doc, "id": "VX-12",
		},
	}
	for name, attrs := range cases {
		t.Run(name, func(t *testing.T) {
			res := moveFrom(t, restapiAddress, "restapi_object", "vidispine_job_notification", restapiV3State(t, attrs))
			if len(res.errors) > 0 {
				t.Fatalf("move refused: %v", res.errors)
			}
			if got := res.str(t, "id"); got != "VX-12" {
				t.Errorf("id = %s, want VX-12", got)
			}
		})
	}
}

func TestMoveState_customJobType(t *testing.T) {
	cases := map[string]map[string]any{
		"query_string": {
			"path": "/API/task-definition/jobtype", "object_id": "ACME_PUBLISH", "query_string": "id=20001",
			"read_path": "/API/task-definition/jobtype/{id}", "destroy_path": "/API/task-definition/jobtype/{id}",
			"data": `{}`, "api_response": `{}`, "id": "ACME_PUBLISH",
		},
		"id in the create path": {
			"path": "/API/task-definition/jobtype/ACME_PUBLISH", "object_id": "ACME_PUBLISH",
			"create_path": "/API/task-definition/jobtype/ACME_PUBLISH?id=20001", "read_path": "/API/task-definition/jobtype/ACME_PUBLISH",
			"destroy_path": "/API/task-definition/jobtype/ACME_PUBLISH", "data": `{}`, "id": "ACME_PUBLISH",
		},
	}
	for name, attrs := range cases {
		t.Run(name, func(t *testing.T) {
			res := moveFrom(t, restapiAddress, "restapi_object", "vidispine_job_type", restapiV3State(t, attrs))
			if len(res.errors) > 0 {
				t.Fatalf("move refused: %v", res.errors)
			}
			if name, id := res.str(t, "name"), res.str(t, "type_id"); name != "ACME_PUBLISH" || id != "20001" {
				t.Errorf("name, type_id = %s, %s; want ACME_PUBLISH, 20001", name, id)
			}
		})
	}
}

// restapi v1 and v2 (plugin SDK) wrote read_search as a map and lacked some v3 attributes;
// the move reads only what it needs.
func TestMoveState_restapiV2State(t *testing.T) {
	raw := []byte(`{"api_data":{"id":"VX-12"},"api_response":"{\"id\":\"VX-12\"}","create_method":null,` +
		`"create_path":null,"create_response":"{\"uri\":[\"VX-12\"]}","data":"{\"id\":\"VX-12\"}","debug":false,` +
		`"destroy_data":null,"destroy_method":null,"destroy_path":null,"force_new":[],"id":"VX-12",` +
		`"id_attribute":"uri/0","ignore_all_server_changes":false,"ignore_changes_to":null,"object_id":null,` +
		`"path":"/API/job/notification","query_string":null,"read_data":null,"read_method":null,"read_path":null,` +
		`"read_search":{},"update_data":null,"update_method":null,"update_path":null}`)
	res := moveFrom(t, restapiAddress, "restapi_object", "vidispine_job_notification", raw)
	if len(res.errors) > 0 || res.str(t, "id") != "VX-12" {
		t.Fatalf("want the notification VX-12 moved, got %v", res.errors)
	}
}

func TestMoveState_refusesWhatTheTargetDoesNotManage(t *testing.T) {
	notification := restapiV3State(t, map[string]any{"path": "/API/job/notification", "id_attribute": "uri/0", "data": `{}`, "id": "VX-12"})
	task := restapiV3State(t, map[string]any{"path": "/API/task-definition", "id_attribute": "uri/0", "data": `{}`, "id": "1234"})
	cases := []struct {
		name, target string
		raw          []byte
		want         []string
	}{
		{"notification into a task definition", "vidispine_task_definition", notification,
			[]string{`"/API/job/notification/VX-12"`, "a job notification (VX-12)", "manages a task definition"}},
		{"task definition into a notification", "vidispine_job_notification", task,
			[]string{`"/API/task-definition/1234"`, "a task definition", "manages a job notification"}},
		{"task definition into a job type", "vidispine_job_type", task,
			[]string{`"/API/task-definition/1234"`, "manages a custom job type"}},
		{"unknown path", "vidispine_task_definition",
			restapiV3State(t, map[string]any{"path": "/API/item", "data": `{}`, "id": "VX-7"}),
			[]string{`"/API/item/VX-7"`, "not an object this provider manages"}},
		{"built-in job type", "vidispine_job_type",
			restapiV3State(t, map[string]any{"path": "/API/task-definition/jobtype", "data": `{}`, "id": "TRANSCODE"}),
			[]string{`"/API/task-definition/jobtype/TRANSCODE"`, "built-in job type"}},
		{"task definition path holding a notification document", "vidispine_task_definition",
			restapiV3State(t, map[string]any{"path": "/API/task-definition", "id": "1234",
				"data": `{"trigger":{"job":{"finished":""}},"action":{"http":{"url":"https://x.example.com"}}}`}),
			[]string{`"/API/task-definition/1234"`, "its document is a job notification"}},
		{"another provider's restapi_object", "vidispine_task_definition", task, []string{"Unable to Move Resource State"}},
		{"another resource type", "vidispine_task_definition", task, []string{"Unable to Move Resource State"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			addr, typ := restapiAddress, "restapi_object"
			switch tc.name {
			case "another provider's restapi_object":
				addr = "registry.terraform.io/someone/restapi"
			case "another resource type":
				typ = "restapi_data"
			}
			res := moveFrom(t, addr, typ, tc.target, tc.raw)
			if len(res.errors) != 1 {
				t.Fatalf("want one error, got %v (state %v)", res.errors, res.attrs)
			}
			for _, w := range tc.want {
				if !strings.Contains(res.errors[0], w) {
					t.Errorf("error %q does not mention %q", res.errors[0], w)
				}
			}
		})
	}
}

// testdata/restapi_v3_states.json holds the states restapi v3.0.0 wrote for the configurations
// of the guide "Migrating from restapi_object", applied against the mock and refreshed.
func TestMoveState_statesRestapiV3Wrote(t *testing.T) {
	raw, err := os.ReadFile("testdata/restapi_v3_states.json")
	if err != nil {
		t.Fatal(err)
	}
	var states map[string]json.RawMessage
	if err := json.Unmarshal(raw, &states); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]struct{ target, attr, value string }{
		"publish_type":   {"vidispine_job_type", "type_id", "20001"},
		"publish_check":  {"vidispine_task_definition", "id", "13"},
		"publish_upload": {"vidispine_task_definition", "id", "14"},
		"publish_done":   {"vidispine_job_notification", "id", "VX-3"},
	} {
		t.Run(name, func(t *testing.T) {
			res := moveFrom(t, restapiAddress, "restapi_object", want.target, states[name])
			if len(res.errors) > 0 || len(res.warnings) > 0 {
				t.Fatalf("move diagnostics: %v %v", res.errors, res.warnings)
			}
			if got := res.str(t, want.attr); got != want.value {
				t.Errorf("%s = %s, want %s", want.attr, got, want.value)
			}
		})
	}
}
