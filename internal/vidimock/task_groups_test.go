package vidimock

import (
	"reflect"
	"strings"
	"testing"
)

// routeHighTranscodes is a task group that sends HIGH and HIGHEST transcodes to VX-1.
func routeHighTranscodes() map[string]any {
	return map[string]any{
		"name":     "fast-lane",
		"priority": "HIGH",
		"job": []any{map[string]any{"type": []any{"TRANSCODE"}, "priority": []any{"HIGH", "HIGHEST"},
			"data": []any{map[string]any{"key": "customer", "value": "acme"}}}},
		"transcoder":     []any{map[string]any{"id": "VX-1"}},
		"metadata":       map[string]any{"field": []any{map[string]any{"key": "owner", "value": "ops"}}},
		"maxConcurrency": 2.0,
	}
}

func TestTaskGroupLifeCycle(t *testing.T) {
	s := startServer(t, Options{})
	if r := expect(t, s, 200, "GET", "/API/task-group", nil); strings.TrimSpace(string(r.body)) != "{}" {
		t.Errorf("no groups: %s, want {}", r.body)
	}
	doc := routeHighTranscodes()
	var put, got map[string]any
	expect(t, s, 200, "PUT", "/API/task-group/fast-lane", doc).decode(t, &put)
	expect(t, s, 200, "GET", "/API/task-group/fast-lane", nil).decode(t, &got)
	// Everything comes back as sent: members the mock does not interpret too (maxConcurrency).
	if !reflect.DeepEqual(put, doc) || !reflect.DeepEqual(got, doc) {
		t.Errorf("PUT answered %v,\nGET %v,\nwant %v", put, got, doc)
	}

	// The list holds whole documents.
	expect(t, s, 200, "PUT", "/API/task-group/bulk", map[string]any{"transcoder": []any{map[string]any{"id": "VX-2"}}})
	var list struct {
		Group []map[string]any `json:"group"`
	}
	expect(t, s, 200, "GET", "/API/task-group", nil).decode(t, &list)
	if len(list.Group) != 2 || list.Group[0]["name"] != "bulk" || !reflect.DeepEqual(list.Group[1], doc) {
		t.Errorf("list %v", list.Group)
	}

	// PUT replaces the whole group: what it leaves out is gone.
	expect(t, s, 200, "PUT", "/API/task-group/fast-lane", map[string]any{"name": "fast-lane", "priority": "LOW"})
	var replaced map[string]any
	expect(t, s, 200, "GET", "/API/task-group/fast-lane", nil).decode(t, &replaced)
	if !reflect.DeepEqual(replaced, map[string]any{"name": "fast-lane", "priority": "LOW"}) {
		t.Errorf("replaced group %v", replaced)
	}

	expect(t, s, 200, "DELETE", "/API/task-group/fast-lane", nil)
	r := expect(t, s, 404, "GET", "/API/task-group/fast-lane", nil)
	if nf := errorDocument(t, r)["notFound"]; nf["type"] != "task-group" || nf["id"] != "fast-lane" {
		t.Errorf("404 document %s", r.body)
	}
	expect(t, s, 404, "DELETE", "/API/task-group/fast-lane", nil)
}

func TestTaskGroupRefusesBadDocuments(t *testing.T) {
	s := startServer(t, Options{})
	with := func(member string, v any) map[string]any {
		doc := routeHighTranscodes()
		doc[member] = v
		return doc
	}
	rule := func(k string, v any) []any { return []any{map[string]any{k: v}} }
	for name, tt := range map[string]struct {
		doc     map[string]any
		status  int
		explain string
	}{
		"another name":       {with("name", "other"), 400, `is not the name in the path`},
		"group priority":     {with("priority", "URGENT"), 400, "priority must be one of"},
		"rule priority":      {with("job", rule("priority", []any{"SOON"})), 400, "a job rule's priority must be one of"},
		"unknown job type":   {with("job", rule("type", []any{"TRANSCODEZ"})), 400, `unknown job type "TRANSCODEZ"`},
		"data without key":   {with("job", rule("data", []any{map[string]any{"value": "v"}})), 400, "needs a key"},
		"misspelt rule":      {with("job", rule("types", []any{"TRANSCODE"})), 400, `unknown field "types"`},
		"transcoder twice":   {with("transcoder", []any{map[string]any{"id": "VX-1"}, map[string]any{"id": "VX-1"}}), 400, "listed twice"},
		"transcoder no id":   {with("transcoder", []any{map[string]any{}}), 400, "needs an id"},
		"unknown transcoder": {with("transcoder", []any{map[string]any{"id": "VX-77"}}), 404, ""},
	} {
		r := expect(t, s, tt.status, "PUT", "/API/task-group/fast-lane", tt.doc)
		doc := errorDocument(t, r)
		if tt.status == 404 {
			if doc["notFound"]["type"] != "transcoder" || doc["notFound"]["id"] != "VX-77" {
				t.Errorf("%s: %s", name, r.body)
			}
		} else if got, _ := doc["invalidInput"]["explanation"].(string); !strings.Contains(got, tt.explain) {
			t.Errorf("%s: explanation %q, want it to say %q", name, got, tt.explain)
		}
	}
	expect(t, s, 404, "GET", "/API/task-group/fast-lane", nil)

	// A document without a name takes the path's; a custom job type may be matched.
	expect(t, s, 200, "POST", "/API/task-definition/jobtype/ACME_STITCH?id=20001", nil)
	var got map[string]any
	expect(t, s, 200, "PUT", "/API/task-group/stitch", map[string]any{"job": rule("type", []any{"ACME_STITCH"})}).decode(t, &got)
	if got["name"] != "stitch" {
		t.Errorf("stored %v, want the path's name", got)
	}
}
