package vidispine

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestNewClientURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"http://vs.example.com:8080", "http://vs.example.com:8080/API"},
		{"http://vs.example.com:8080/", "http://vs.example.com:8080/API"},
		{"https://vs.example.com/API", "https://vs.example.com/API"},
		{"https://vs.example.com/API/", "https://vs.example.com/API"},
		{" https://vs.example.com/vidispine ", "https://vs.example.com/vidispine/API"},
	} {
		c, err := NewClient(Config{URL: tt.in})
		if err != nil {
			t.Errorf("NewClient(%q): %v", tt.in, err)
			continue
		}
		if c.BaseURL() != tt.want {
			t.Errorf("BaseURL(%q) = %q, want %q", tt.in, c.BaseURL(), tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"", "empty"},
		{"vs.example.com:8080", "http:// or https://"},
		{"ftp://vs.example.com", "http:// or https://"},
		{"http://", "no host"},
		{"http://vs.example.com/?a=b", "query"},
		{"http://admin:hunter2@vs.example.com", "must not contain credentials"},
		{"http://vs example.com", "not a valid URL"},
	} {
		_, err := NewClient(Config{URL: tt.in})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewClient(%q) = %v, want an error about %q", tt.in, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error %q shows the password from the URL", err)
		}
	}
}

func TestRequestsReachAPIWithOrWithoutSuffix(t *testing.T) {
	for _, suffix := range []string{"", "/", "/API", "/API/"} {
		var path string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			path = r.URL.Path
			writeJSON(w, 200, map[string]any{"jobId": "VX-1"})
		}))
		tc := newTestClientFor(t, srv, func(cfg *Config) { cfg.URL = srv.URL + suffix })
		if _, err := tc.GetJob(context.Background(), "VX-1", false); err != nil {
			t.Errorf("suffix %q: %v", suffix, err)
		}
		if path != "/API/job/VX-1" {
			t.Errorf("suffix %q: server saw path %q", suffix, path)
		}
		srv.Close()
	}
}

func TestHeaders(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []http.Header
	)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		writeJSON(w, 200, map[string]any{"task": []any{}, "uri": []any{"1"}, "id": 1, "step": 1, "jobType": "X"})
	})
	basic := newTestClient(t, h)
	ctx := context.Background()
	if _, err := basic.ListTaskDefinitions(ctx, "X"); err != nil {
		t.Fatal(err)
	}
	if _, err := basic.UpdateTaskDefinition(ctx, 1, func(td *TaskDefinition) { td.Script = "s" }); err != nil {
		t.Fatal(err)
	}
	runAs := basic.WithRunAs("carol")
	if _, err := runAs.ListTaskDefinitions(ctx, "X"); err != nil {
		t.Fatal(err)
	}
	token := newTestClient(t, h, func(cfg *Config) { cfg.Username, cfg.Password, cfg.Token = "", "", "tok-123" })
	if _, err := token.ListTaskDefinitions(ctx, "X"); err != nil {
		t.Fatal(err)
	}

	wantBasic := "Basic " + base64.StdEncoding.EncodeToString([]byte(testUser+":"+testPassword))
	get, put, asCarol, tok := seen[0], seen[2], seen[3], seen[4] // seen[1]: the GET an update starts from
	for name, check := range map[string]bool{
		"GET Accept":              get.Get("Accept") == "application/json",
		"GET has no Content-Type": get.Get("Content-Type") == "",
		"GET basic auth":          get.Get("Authorization") == wantBasic,
		"GET User-Agent":          get.Get("User-Agent") == "terraform-provider-vidispine/test",
		"GET no RunAs":            get.Get("RunAs") == "",
		"PUT Content-Type":        put.Get("Content-Type") == "application/json",
		"RunAs header":            asCarol.Get("RunAs") == "carol",
		"RunAs keeps auth":        asCarol.Get("Authorization") == wantBasic,
		"token auth":              tok.Get("Authorization") == "token tok-123",
	} {
		if !check {
			t.Errorf("%s: wrong (headers %v)", name, seen)
		}
	}
	// WithRunAs does not change the original client.
	if _, err := basic.ListTaskDefinitions(ctx, "X"); err != nil || seen[5].Get("RunAs") != "" {
		t.Errorf("original client sends RunAs %q after WithRunAs", seen[5].Get("RunAs"))
	}
}

func certPEM(srv *httptest.Server) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
}

func TestTLS(t *testing.T) {
	var c counter
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.add(r)
		writeJSON(w, 200, map[string]any{"hits": 3})
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	ctx := context.Background()

	trusted := newTestClientFor(t, srv, func(cfg *Config) { cfg.CACertPEM = certPEM(srv) })
	if n, err := trusted.CountJobs(ctx, ListJobsOptions{}); err != nil || n != 3 {
		t.Errorf("with the CA: %d, %v", n, err)
	}

	unknown := newTestClientFor(t, srv)
	_, err := unknown.CountJobs(ctx, ListJobsOptions{})
	if err == nil || !strings.Contains(err.Error(), "TLS certificate is not trusted") || !strings.Contains(err.Error(), "ca_cert_pem") {
		t.Errorf("unknown CA: %v", err)
	}
	if len(unknown.recordedWaits()) != 0 {
		t.Errorf("a certificate error was retried: %v", unknown.recordedWaits())
	}

	insecure := newTestClientFor(t, srv, func(cfg *Config) { cfg.Insecure = true })
	if _, err := insecure.CountJobs(ctx, ListJobsOptions{}); err != nil {
		t.Errorf("insecure: %v", err)
	}
	if got := c.get("GET /API/job"); got != 2 {
		t.Errorf("server answered %d requests, want 2 (the untrusted one never got through)", got)
	}

	_, err = NewClient(Config{URL: srv.URL, CACertPEM: "not a certificate"})
	if err == nil || !strings.Contains(err.Error(), "no PEM-encoded certificate") {
		t.Errorf("bad PEM: %v", err)
	}
}

// logLines runs fn with a tflog root logger and returns every line it wrote, decoded.
func logLines(t *testing.T, fn func(ctx context.Context)) (string, []map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	fn(tflogtest.RootLogger(context.Background(), &buf))
	raw := buf.String()
	lines, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatalf("decoding log: %v", err)
	}
	return raw, lines
}

func TestDebugLogsAreUsefulAndRedacted(t *testing.T) {
	const token = "tok-0BTAINED-secret"
	var calls counter
	mux := http.NewServeMux()
	// A careless server (or proxy) that echoes what it got, secrets included; the token
	// only once it has been issued (no client can mask a secret it does not know yet).
	var issued atomic.Bool
	echo := func(r *http.Request) string {
		s := "auth=" + r.Header.Get("Authorization") + " password=" + testPassword
		if issued.Load() {
			s += " token=" + token
		}
		return s
	}
	mux.HandleFunc("GET /API/job/{id}", func(w http.ResponseWriter, r *http.Request) {
		if calls.add(r) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		writeJSON(w, 200, map[string]any{"jobId": "VX-1", "status": "READY", "type": "IMPORT", "priority": "LOW",
			"data": []any{map[string]any{"key": "echo", "value": echo(r)}}})
	})
	mux.HandleFunc("GET /API/token", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "text/plain" {
			t.Errorf("token Accept = %q", r.Header.Get("Accept"))
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(token + "\n"))
		issued.Store(true)
	})
	mux.HandleFunc("PUT /API/job/{id}", func(w http.ResponseWriter, r *http.Request) {
		exception(w, 400, KindInvalidInput, map[string]any{"explanation": echo(r), "value": testPassword})
	})
	tc := newTestClient(t, mux)

	var putErr error
	raw, lines := logLines(t, func(ctx context.Context) {
		if _, err := tc.GetJob(ctx, "VX-1", true); err != nil {
			t.Fatal(err)
		}
		got, err := tc.GetToken(ctx, 120, true)
		if err != nil || got != token {
			t.Fatalf("GetToken = %q, %v", got, err)
		}
		if _, err := tc.GetJob(ctx, "VX-1", true); err != nil {
			t.Fatal(err)
		}
		_, putErr = tc.SetJobPriority(ctx, "VX-1", "HIGH")
	})

	basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))
	for _, secret := range []string{testPassword, basic, token} {
		if strings.Contains(raw, secret) {
			t.Errorf("log contains secret %q", secret)
		}
		if putErr == nil || strings.Contains(putErr.Error(), secret) {
			t.Errorf("error %v contains secret %q (or is nil)", putErr, secret)
		}
	}

	var requests, responses, retries int
	var sawHeaders bool
	for _, l := range lines {
		switch l["@message"] {
		case "Vidispine request":
			requests++
			if l["path"] == "/API/job/VX-1?metadata=true" && l["attempt"] == float64(1) {
				h, _ := l["headers"].(string)
				sawHeaders = strings.Contains(h, "Authorization: Basic ***") && strings.Contains(h, "User-Agent: terraform-provider-vidispine/test")
			}
		case "Vidispine response":
			responses++
			for _, k := range []string{"method", "path", "status", "attempt", "duration_ms"} {
				if _, ok := l[k]; !ok {
					t.Errorf("response log lacks %q: %v", k, l)
				}
			}
		case "retrying Vidispine request":
			retries++
		}
		if l["@level"] != "debug" {
			t.Errorf("logged at %v: %v", l["@level"], l["@message"])
		}
	}
	if requests != 5 || responses != 5 || retries != 1 {
		t.Errorf("logged %d requests, %d responses, %d retries; want 5, 5, 1", requests, responses, retries)
	}
	if !sawHeaders {
		t.Error("the first request's headers were not logged with the Authorization value masked")
	}
	if !strings.Contains(raw, `"status":503`) || !strings.Contains(raw, `"attempt":2`) {
		t.Error("the failed first attempt and the second attempt are not both in the log")
	}
	if !strings.Contains(raw, "token=***") || !strings.Contains(raw, "password=***") {
		t.Error("the echoed secrets are not in the log in masked form; the test does not test what it should")
	}
}

func TestMaskSecretsForCallers(t *testing.T) {
	tc := newTestClient(t, http.NotFoundHandler(), func(cfg *Config) { cfg.Username, cfg.Password, cfg.Token = "", "", "tok-CALLER" })
	raw, _ := logLines(t, func(ctx context.Context) {
		ctx = tc.MaskSecrets(ctx)
		tflog.Debug(ctx, "provider says tok-CALLER", map[string]any{"token": "tok-CALLER"})
	})
	if strings.Contains(raw, "tok-CALLER") || !strings.Contains(raw, "provider says") {
		t.Errorf("log = %s", raw)
	}
}

func TestUpdatesAndDeletes(t *testing.T) {
	var log requestLog
	mux := http.NewServeMux()
	record := func(r *http.Request) { log.add(r.Method + " " + r.URL.Path) }
	// PUTs answered with an empty body: the client reads the stored document back.
	mux.HandleFunc("PUT /API/job/notification/{id}", func(w http.ResponseWriter, r *http.Request) { record(r) })
	mux.HandleFunc("GET /API/job/notification/{id}", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		writeJSON(w, 200, map[string]any{"action": map[string]any{"javascript": map[string]any{"synchronous": true, "script": "s"}},
			"trigger": map[string]any{"job": map[string]any{"update": ""}}})
	})
	mux.HandleFunc("PUT /API/task-definition/{id}", func(w http.ResponseWriter, r *http.Request) { record(r) })
	mux.HandleFunc("GET /API/task-definition/{id}", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		writeJSON(w, 200, map[string]any{"id": 7, "step": 100, "jobType": "ACME", "script": "new"})
	})
	mux.HandleFunc("DELETE /", func(w http.ResponseWriter, r *http.Request) { record(r) })
	tc := newTestClient(t, mux)
	ctx := context.Background()

	n, err := tc.UpdateNotification(ctx, "VX-5", Notification{Trigger: NotificationTrigger{Job: &JobTrigger{Event: "update"}},
		Action: NotificationAction{JavaScript: &JavaScriptAction{ActionCommon: ActionCommon{Synchronous: true}, Script: "s"}}})
	if err != nil || n.ID != "VX-5" || n.Trigger.Job.Event != "update" || n.Action.JavaScript.Script != "s" {
		t.Errorf("UpdateNotification = %+v, %v", n, err)
	}
	td, err := tc.UpdateTaskDefinition(ctx, 7, func(td *TaskDefinition) { td.Script = "new" })
	if err != nil || td.ID != 7 || td.Script != "new" {
		t.Errorf("UpdateTaskDefinition = %+v, %v", td, err)
	}
	for _, err := range []error{tc.DeleteNotification(ctx, "VX-5"), tc.DeleteJobType(ctx, "ACME"), tc.DeleteTaskDefinition(ctx, 7)} {
		if err != nil {
			t.Error(err)
		}
	}
	want := []string{
		"PUT /API/job/notification/VX-5", "GET /API/job/notification/VX-5",
		"GET /API/task-definition/7", "PUT /API/task-definition/7", "GET /API/task-definition/7",
		"DELETE /API/job/notification/VX-5", "DELETE /API/task-definition/jobtype/ACME", "DELETE /API/task-definition/7",
	}
	if seen := log.list(); !reflect.DeepEqual(seen, want) {
		t.Errorf("requests = %v, want %v", seen, want)
	}
}
