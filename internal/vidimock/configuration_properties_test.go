package vidimock

import "testing"

func TestConfigurationPropertyLifeCycle(t *testing.T) {
	s := startServer(t, Options{})
	const path = "/API/configuration/properties/javascriptInterpreter"
	r := expect(t, s, 404, "GET", path, nil)
	if doc := errorDocument(t, r); doc["notFound"]["type"] != "property" {
		t.Errorf("unset property: %s, want a notFound of type property", r.body)
	}
	expect(t, s, 204, "PUT", path, []byte("rhino\n"))
	var p struct{ Key, Value, LastChange string }
	expect(t, s, 200, "GET", path, nil).decode(t, &p)
	if p.Key != "javascriptInterpreter" || p.Value != "rhino" || p.LastChange == "" {
		t.Errorf("stored property %+v, want key javascriptInterpreter, value rhino and a lastChange", p)
	}
	if r := expect(t, s, 200, "GET", path, nil, "Accept", "text/plain"); string(r.body) != "rhino" {
		t.Errorf("text/plain answer %q, want the raw value", r.body)
	}
	// Changing configuration needs an administrator.
	expect(t, s, 403, "PUT", path, []byte("graaljs"), basic("alice", "alice-pw")...)
	expect(t, s, 204, "DELETE", path, nil)
	expect(t, s, 404, "GET", path, nil)
}
