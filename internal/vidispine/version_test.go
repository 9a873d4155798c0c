package vidispine

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
)

func TestServerVersionDecoding(t *testing.T) {
	for _, tt := range []struct{ name, body, want string }{
		{"list", `{"component":[{"name":"Transcoder","version":"3.2"},{"name":"VidiCore","version":"5.1.2"}],"systemInfo":{},"licenseInfo":null}`, "5.1.2"},
		{"list of one as object", `{"component":{"name":"VidiCore","version":"21.4"}}`, "21.4"},
		{"older server name", `{"component":[{"name":"Transcoder","version":"3"},{"name":"Vidispine Server","version":"4.17"}]}`, "4.17"},
		{"unknown names: first with a version", `{"component":[{"name":"a","version":""},{"name":"b","version":"5.0.4"}]}`, "5.0.4"},
		{"no components", `{}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var v ServerVersion
			if err := json.Unmarshal([]byte(tt.body), &v); err != nil {
				t.Fatal(err)
			}
			if got := v.Core(); got != tt.want {
				t.Errorf("Core() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFeatureSupportedBy(t *testing.T) {
	for version, want := range map[string][2]bool{
		"5.0": {false, true}, "5.0.4": {false, true}, "4.17.2": {false, true}, "5.1": {true, true},
		"5.1.0.3": {true, true}, "5.10": {true, true}, "21.4": {true, true}, "5.1-SNAPSHOT": {true, true},
		"": {false, false}, "five": {false, false}, "5": {false, false},
	} {
		supported, ok := FeaturePriorityFilter.SupportedBy(version)
		if supported != want[0] || ok != want[1] {
			t.Errorf("SupportedBy(%q) = %v, %v; want %v, %v", version, supported, ok, want[0], want[1])
		}
	}
}

func TestGetServerVersion(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/version", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"component": []any{map[string]any{"name": "VidiCore", "version": "5.0.4"}}})
	})
	v, err := newTestClient(t, mux).GetServerVersion(context.Background())
	if err != nil || v.Core() != "5.0.4" {
		t.Errorf("GetServerVersion = %+v, %v", v, err)
	}
}
