package vidispine

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestValidateTaskDefinition(t *testing.T) {
	var accepts []string
	tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		accepts = append(accepts, r.Header.Get("Accept"))
		w.Header().Set("Content-Type", "text/plain")
		switch r.URL.Path {
		case "/API/task-definition/12/validate":
			_, _ = w.Write([]byte("OK\n"))
		case "/API/task-definition/jobtype/ACME_X/step/20/validate":
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte("400 An invalid parameter was entered\r\nContext: task-definition\r\nID: 13\r\n" +
				"Reason: Bean TranscodeBean has no method transcodee\r\n"))
		case "/API/task-definition/14/validate":
			// Another server may answer an ExceptionDocument: the reason still comes through.
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"invalidInput":{"explanation":"Could not resolve bean Nope","context":"task-definition"}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	ctx := context.Background()
	if text, err := tc.ValidateTaskDefinition(ctx, 12); err != nil || text != "OK\n" {
		t.Errorf("valid step: %q, %v", text, err)
	}
	_, err := tc.ValidateTaskDefinitionByStep(ctx, "ACME_X", 20)
	if !IsInvalidInput(err) || !strings.Contains(err.Error(), "Bean TranscodeBean has no method transcodee") {
		t.Errorf("unknown method: %v; want an invalid-input error with the server's reason", err)
	}
	_, err = tc.ValidateTaskDefinition(ctx, 14)
	if !IsInvalidInput(err) || !strings.Contains(err.Error(), "Could not resolve bean Nope") {
		t.Errorf("unknown bean: %v", err)
	}
	for _, a := range accepts {
		if a != "text/plain" {
			t.Errorf("Accept %q, want text/plain (the only type the endpoint produces)", a)
		}
	}
}
