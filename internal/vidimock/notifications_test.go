package vidimock

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestNotificationCRUD(t *testing.T) {
	s := startServer(t, Options{})
	var list struct {
		URI []string `json:"uri"`
	}
	expect(t, s, 200, "GET", "/API/job/notification", nil).decode(t, &list)
	if strings.Join(list.URI, ",") != "VX-1,VX-2" {
		t.Errorf("seeded notifications: %v", list.URI)
	}
	doc := map[string]any{
		"action":  map[string]any{"http": map[string]any{"url": "https://hook.example/x", "synchronous": false, "retry": "2", "timeout": 5}},
		"trigger": map[string]any{"job": map[string]any{"fail": "", "filter": map[string]any{"type": "IMPORT"}}},
	}
	var created struct {
		URI []string `json:"uri"`
	}
	expect(t, s, 200, "POST", "/API/job/notification", doc).decode(t, &created)
	if len(created.URI) != 1 || !strings.HasPrefix(created.URI[0], "VX-") {
		t.Fatalf("created %v", created.URI)
	}
	id := created.URI[0]
	var got map[string]map[string]map[string]any
	expect(t, s, 200, "GET", "/API/job/notification/"+id, nil).decode(t, &got)
	h := got["action"]["http"]
	if h["method"] != "GET" || h["url"] != "https://hook.example/x" || h["retry"] != 2.0 || h["timeout"] != "5" || h["synchronous"] != false {
		t.Errorf("stored http action: %v (method defaults to GET)", h)
	}
	if ev, ok := got["trigger"]["job"]["fail"]; !ok || ev != "" {
		t.Errorf("trigger: %v", got["trigger"])
	}

	put := map[string]any{
		"action":  map[string]any{"javascript": map[string]any{"script": "x()"}},
		"trigger": map[string]any{"job": map[string]any{"finished": ""}},
	}
	var answered map[string]any
	expect(t, s, 200, "PUT", "/API/job/notification/"+id, put).decode(t, &answered)
	raw := expect(t, s, 200, "GET", "/API/job/notification/"+id, nil).body
	var again map[string]any
	_ = json.Unmarshal(raw, &again)
	if a, _ := json.Marshal(answered); string(a) != strings.TrimSpace(mustMarshal(again)) || !strings.Contains(string(raw), `"finished":""`) || strings.Contains(string(raw), "http") {
		t.Errorf("after PUT: answered %v, stored %s", answered, raw)
	}
	expect(t, s, 200, "DELETE", "/API/job/notification/"+id, nil)
	expect(t, s, 404, "GET", "/API/job/notification/"+id, nil)
	expect(t, s, 404, "PUT", "/API/job/notification/"+id, put)
	expect(t, s, 400, "GET", "/API/job/notification/not-an-id", nil)
	expect(t, s, 200, "DELETE", "/API/job/notification", nil)
	if r := expect(t, s, 200, "GET", "/API/job/notification", nil); strings.TrimSpace(string(r.body)) != "{}" {
		t.Errorf("after deleting all: %s", r.body)
	}
}

func mustMarshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestNotificationValidation(t *testing.T) {
	s := startServer(t, Options{})
	job := map[string]any{"job": map[string]any{"create": ""}}
	http := map[string]any{"http": map[string]any{"url": "http://h/x"}}
	for name, doc := range map[string]any{
		"no action":        map[string]any{"trigger": job},
		"two actions":      map[string]any{"action": map[string]any{"http": map[string]any{"url": "http://h"}, "javascript": map[string]any{"script": "x"}}, "trigger": job},
		"http without url": map[string]any{"action": map[string]any{"http": map[string]any{"method": "POST"}}, "trigger": job},
		"url not http":     map[string]any{"action": map[string]any{"http": map[string]any{"url": "file:///etc"}}, "trigger": job},
		"empty script":     map[string]any{"action": map[string]any{"javascript": map[string]any{}}, "trigger": job},
		"ejb action":       map[string]any{"action": map[string]any{"ejb": map[string]any{"bean": "b"}}, "trigger": job},
		"no trigger":       map[string]any{"action": http},
		"item trigger":     map[string]any{"action": http, "trigger": map[string]any{"item": map[string]any{"create": ""}}},
		"no event":         map[string]any{"action": http, "trigger": map[string]any{"job": map[string]any{}}},
		"two events":       map[string]any{"action": http, "trigger": map[string]any{"job": map[string]any{"create": "", "fail": ""}}},
		"unknown event":    map[string]any{"action": http, "trigger": map[string]any{"job": map[string]any{"explode": ""}}},
		"not a document":   "hello",
	} {
		r := expect(t, s, 400, "POST", "/API/job/notification", doc)
		if errorDoc(t, r)["invalidInput"] == nil {
			t.Errorf("%s: %s", name, r.body)
		}
	}
	expect(t, s, 403, "POST", "/API/job/notification", map[string]any{"action": http, "trigger": job}, basic("alice", "alice-pw")...)
}
