package vidispine

import (
	"context"
	"net/http"
	"testing"
)

func TestGetConfigurationProperty(t *testing.T) {
	tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/API/configuration/properties/javascriptInterpreter":
			writeJSON(w, http.StatusOK, map[string]any{"key": "javascriptInterpreter", "value": "rhino", "lastChange": "2026-11-30T10:00:00Z"})
		case "/API/configuration/properties/forbidden":
			exception(w, http.StatusForbidden, "forbidden", map[string]any{"explanation": "needs _configuration_read"})
		default:
			notFound(w, "property", r.URL.Path)
		}
	}))
	ctx := context.Background()
	if v, found, err := tc.GetConfigurationProperty(ctx, PropertyJavaScriptInterpreter); v != "rhino" || !found || err != nil {
		t.Errorf("set property: %q, %v, %v; want rhino, true, nil", v, found, err)
	}
	if v, found, err := tc.GetConfigurationProperty(ctx, "unset"); v != "" || found || err != nil {
		t.Errorf("unset property: %q, %v, %v; want not found without an error", v, found, err)
	}
	if _, _, err := tc.GetConfigurationProperty(ctx, "forbidden"); !IsForbidden(err) {
		t.Errorf("forbidden property: %v, want the server's forbidden error", err)
	}
}
