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
	js := map[string]any{"javascript": map[string]any{"script": "x"}}
	withFilter := func(filter map[string]any) map[string]any {
		return map[string]any{"action": js, "trigger": map[string]any{"job": map[string]any{"create": "", "filter": filter}}}
	}
	for name, doc := range map[string]any{
		"no action":         map[string]any{"trigger": job},
		"two actions":       map[string]any{"action": map[string]any{"http": map[string]any{"url": "http://h"}, "javascript": map[string]any{"script": "x"}}, "trigger": job},
		"http without url":  map[string]any{"action": map[string]any{"http": map[string]any{"method": "POST"}}, "trigger": job},
		"url not http":      map[string]any{"action": map[string]any{"http": map[string]any{"url": "file:///etc"}}, "trigger": job},
		"empty script":      map[string]any{"action": map[string]any{"javascript": map[string]any{}}, "trigger": job},
		"kafka action":      map[string]any{"action": map[string]any{"kafka": map[string]any{"topic": "t"}}, "trigger": job},
		"sns without topic": map[string]any{"action": map[string]any{"sns": map[string]any{"secret": "x"}}, "trigger": job},
		"sqs without queue": map[string]any{"action": map[string]any{"sqs": map[string]any{"endpoint": "e"}}, "trigger": job},
		"jms without queue": map[string]any{"action": map[string]any{"jms": map[string]any{"queueFactory": "QF"}}, "trigger": job},
		"ejb without bean":  map[string]any{"action": map[string]any{"ejb": map[string]any{"method": "m"}}, "trigger": job},
		"sqs member":        map[string]any{"action": map[string]any{"sqs": map[string]any{"queue": "q", "password": "x"}}, "trigger": job},
		"sqs secret number": map[string]any{"action": map[string]any{"sqs": map[string]any{"queue": "q", "secret": 5}}, "trigger": job},
		"no timeout":        map[string]any{"action": http, "trigger": job},
		"bad timeout":       map[string]any{"action": map[string]any{"http": map[string]any{"url": "http://h/x", "timeout": "soon"}}, "trigger": job},
		"unknown member":    map[string]any{"action": map[string]any{"http": map[string]any{"url": "http://h/x", "timeout": "5", "header": "x"}}, "trigger": job},
		"retry too large":   map[string]any{"action": map[string]any{"javascript": map[string]any{"script": "x", "retry": 2147483648}}, "trigger": job},
		"step too large":    withFilter(map[string]any{"step": "99999999999"}),
		"step not a number": withFilter(map[string]any{"step": 1.5}),
		"key and key-regex": withFilter(map[string]any{"jobdata": map[string]any{"key": "a", "key-regex": "a.*"}}),
		"value and regex":   withFilter(map[string]any{"jobdata": map[string]any{"key": "a", "value": "b", "value-regex": "b.*"}}),
		"jobdata no key":    withFilter(map[string]any{"jobdata": map[string]any{"value": "b"}}),
		"filter member":     withFilter(map[string]any{"user": "alice"}),
		"content filter":    map[string]any{"action": js, "trigger": map[string]any{"job": map[string]any{"create": "", "contentFilters": map[string]any{"contentFilter": []any{"jobId", "password"}}}}},
		"trigger member":    map[string]any{"action": js, "trigger": map[string]any{"job": map[string]any{"create": "", "when": "now"}}},
		"no trigger":        map[string]any{"action": http},
		"item trigger":      map[string]any{"action": http, "trigger": map[string]any{"item": map[string]any{"create": ""}}},
		"no event":          map[string]any{"action": http, "trigger": map[string]any{"job": map[string]any{}}},
		"two events":        map[string]any{"action": http, "trigger": map[string]any{"job": map[string]any{"create": "", "fail": ""}}},
		"unknown event":     map[string]any{"action": http, "trigger": map[string]any{"job": map[string]any{"explode": ""}}},
		"not a document":    "hello",
	} {
		r := expect(t, s, 400, "POST", "/API/job/notification", doc)
		if errorDocument(t, r)["invalidInput"] == nil {
			t.Errorf("%s: %s", name, r.body)
		}
	}
	expect(t, s, 403, "POST", "/API/job/notification", map[string]any{"action": js, "trigger": job}, basic("alice", "alice-pw")...)
}

// TestNotificationKeepsWholeDocument: members the mock does not interpret come back as sent,
// as from a server that stores the whole document.
func TestNotificationKeepsWholeDocument(t *testing.T) {
	s := startServer(t, Options{})
	doc := `{"action":{"http":{"url":"https://hook.example/x","timeout":"none","synchronous":"true","retry":"4",
	    "extradata":"ticket=42","group":"hooks"}},
	  "trigger":{"job":{"type":"JobTrigger","placeholder":"false","update":"",
	    "filter":{"step":"300","type":"TRANSCODE","jobdata":{"key-regex":"item.*","value-regex":"VX-[0-9]+"}},
	    "contentFilters":{"contentFilter":["jobId","jobState"]}}}}`
	var created struct {
		URI []string `json:"uri"`
	}
	expect(t, s, 200, "POST", "/API/job/notification", json.RawMessage(doc)).decode(t, &created)
	got := expect(t, s, 200, "GET", "/API/job/notification/"+created.URI[0], nil).body
	want := `{"action":{"http":{"extradata":"ticket=42","group":"hooks","method":"GET","retry":4,"synchronous":true,"timeout":"none","url":"https://hook.example/x"}},` +
		`"trigger":{"job":{"contentFilters":{"contentFilter":["jobId","jobState"]},"filter":{"jobdata":{"key-regex":"item.*","value-regex":"VX-[0-9]+"},"step":300,"type":"TRANSCODE"},"placeholder":false,"type":"JobTrigger","update":""}}}`
	if strings.TrimSpace(string(got)) != want {
		t.Errorf("stored\n%s\nwant\n%s", got, want)
	}
}

// TestNotificationStoresSecrets: the secrets of the sqs, sns and jms actions are stored and
// returned on GET, as a real server's admin tool shows them.
func TestNotificationStoresSecrets(t *testing.T) {
	s := startServer(t, Options{})
	for _, action := range []string{
		`{"sqs":{"queue":"https://sqs.eu-west-1.amazonaws.com/123456789012/jobs","accessKey":"AK","secret":"sqs-secret","synchronous":false}}`,
		`{"sns":{"topic":"arn:aws:sns:eu-west-1:123456789012:jobs","roleArn":"arn:aws:iam::123456789012:role/r","synchronous":false}}`,
		`{"jms":{"queueFactory":"jms/QF","queue":"jms/Q","username":"u","password":"jms-password","synchronous":false}}`,
		`{"ejb":{"bean":"java:global/hooks","method":"onJob","synchronous":false,"retry":"3"}}`,
	} {
		var created struct {
			URI []string `json:"uri"`
		}
		expect(t, s, 200, "POST", "/API/job/notification", json.RawMessage(`{"action":`+action+`,"trigger":{"job":{"stop":""}}}`)).decode(t, &created)
		got := expect(t, s, 200, "GET", "/API/job/notification/"+created.URI[0], nil).body
		var stored map[string]any
		if err := json.Unmarshal(got, &stored); err != nil {
			t.Fatal(err)
		}
		want := strings.Replace(action, `"retry":"3"`, `"retry":3`, 1)
		if g, w := mustMarshal(stored["action"]), canonicalJSON(t, want); g != w {
			t.Errorf("stored action\n%s\nwant\n%s", g, w)
		}
	}
}

func canonicalJSON(t *testing.T, doc string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	return mustMarshal(v)
}

func TestNotificationMissingHTTPTimeout(t *testing.T) {
	doc := map[string]any{"action": map[string]any{"http": map[string]any{"url": "http://h/x", "synchronous": false}},
		"trigger": map[string]any{"job": map[string]any{"fail": ""}}}
	for _, mode := range []string{"", HTTPTimeoutReject} {
		r := expect(t, startServer(t, Options{HTTPTimeoutMissing: mode}), 400, "POST", "/API/job/notification", doc)
		if !strings.Contains(string(r.body), "timeout") {
			t.Errorf("mode %q: %s", mode, r.body)
		}
	}
	s := startServer(t, Options{HTTPTimeoutMissing: HTTPTimeoutDefault})
	var created struct {
		URI []string `json:"uri"`
	}
	expect(t, s, 200, "POST", "/API/job/notification", doc).decode(t, &created)
	var got map[string]map[string]map[string]any
	expect(t, s, 200, "GET", "/API/job/notification/"+created.URI[0], nil).decode(t, &got)
	if got["action"]["http"]["timeout"] != DefaultHTTPTimeout {
		t.Errorf("default mode stored %v, want timeout %s", got["action"]["http"], DefaultHTTPTimeout)
	}
}
