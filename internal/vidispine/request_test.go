package vidispine

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func jobHandler(c *counter, fail func(w http.ResponseWriter, n int) bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := c.add(r)
		if fail(w, n) {
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"jobId": "VX-1", "status": "FINISHED", "type": "IMPORT", "priority": "MEDIUM"})
	}
}

func TestRetriesOn503And502And504(t *testing.T) {
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			var c counter
			tc := newTestClient(t, jobHandler(&c, func(w http.ResponseWriter, n int) bool {
				if n <= 2 {
					w.WriteHeader(status)
					return true
				}
				return false
			}))
			job, err := tc.GetJob(context.Background(), "VX-1", false)
			if err != nil {
				t.Fatalf("GetJob: %v", err)
			}
			if job.Status != "FINISHED" {
				t.Errorf("status = %q", job.Status)
			}
			if got := c.get("GET /API/job/VX-1"); got != 3 {
				t.Errorf("server saw %d requests, want 3 (two failures, one success)", got)
			}
			if got := len(tc.recordedWaits()); got != 2 {
				t.Errorf("client backed off %d times, want 2", got)
			}
		})
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	var c counter
	tc := newTestClient(t, jobHandler(&c, func(w http.ResponseWriter, _ int) bool {
		exception(w, http.StatusServiceUnavailable, KindInternalServer, map[string]any{"message": "database is restarting"})
		return true
	}), func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := tc.GetJob(context.Background(), "VX-1", false)
	if err == nil {
		t.Fatal("want an error")
	}
	if got := c.get("GET /API/job/VX-1"); got != 3 {
		t.Errorf("server saw %d requests, want 3 (1 + MaxRetries)", got)
	}
	for _, want := range []string{"database is restarting", "HTTP 503", "after 3 attempts"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestMaxRetriesZeroMeansOneAttempt(t *testing.T) {
	var c counter
	tc := newTestClient(t, jobHandler(&c, func(w http.ResponseWriter, _ int) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}), func(cfg *Config) { cfg.MaxRetries = 0 })
	if _, err := tc.GetJob(context.Background(), "VX-1", false); err == nil {
		t.Fatal("want an error")
	}
	if got := c.get("GET /API/job/VX-1"); got != 1 {
		t.Errorf("server saw %d requests, want 1", got)
	}
}

func TestRetryAfterIsHonoredAndCapped(t *testing.T) {
	for _, tt := range []struct {
		name       string
		retryAfter string
		waitMax    time.Duration
		want       time.Duration
	}{
		// With a large cap the server's wish is followed exactly (0 s: retry at once).
		{"seconds below cap", "0", time.Hour, 0},
		// A far wish is cut to RetryWaitMax.
		{"seconds above cap", "120", 3 * time.Millisecond, 3 * time.Millisecond},
		{"http date above cap", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), 3 * time.Millisecond, 3 * time.Millisecond},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var c counter
			tc := newTestClient(t, jobHandler(&c, func(w http.ResponseWriter, n int) bool {
				if n == 1 {
					w.Header().Set("Retry-After", tt.retryAfter)
					w.WriteHeader(http.StatusTooManyRequests)
					return true
				}
				return false
			}), func(cfg *Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, tt.waitMax })
			if _, err := tc.GetJob(context.Background(), "VX-1", false); err != nil {
				t.Fatalf("GetJob: %v", err)
			}
			if got := c.get("GET /API/job/VX-1"); got != 2 {
				t.Errorf("server saw %d requests, want 2", got)
			}
			waits := tc.recordedWaits()
			if len(waits) != 1 || waits[0] != tt.want {
				t.Errorf("waits = %v, want [%v]", waits, tt.want)
			}
		})
	}
}

func TestBackoffDelay(t *testing.T) {
	withRetryAfter := func(status int, v string) *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {v}}}
	}
	minW, maxW := time.Second, 30*time.Second
	if got := backoffDelay(minW, maxW, 0, withRetryAfter(429, "7")); got != 7*time.Second {
		t.Errorf("429 Retry-After 7: %v, want 7s", got)
	}
	if got := backoffDelay(minW, maxW, 0, withRetryAfter(503, "7")); got != 7*time.Second {
		t.Errorf("503 Retry-After 7: %v, want 7s", got)
	}
	if got := backoffDelay(minW, maxW, 0, withRetryAfter(429, "3600")); got != maxW {
		t.Errorf("429 Retry-After 3600: %v, want the cap %v", got, maxW)
	}
	// Exponential growth with at most 50% jitter, never beyond the cap.
	for attempt, base := range []time.Duration{1, 2, 4, 8, 16} {
		base *= time.Second
		got := backoffDelay(minW, maxW, attempt, withRetryAfter(502, "7"))
		if got < base || got > min(base*3/2, maxW) {
			t.Errorf("attempt %d: %v, want within [%v, %v]", attempt, got, base, min(base*3/2, maxW))
		}
	}
	if got := backoffDelay(minW, maxW, 10, nil); got != maxW {
		t.Errorf("attempt 10: %v, want the cap", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"5", 5 * time.Second, true},
		{" 0 ", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	} {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDroppedConnectionIsRetried(t *testing.T) {
	var c counter
	tc := newTestClient(t, jobHandler(&c, func(w http.ResponseWriter, n int) bool {
		if n == 1 {
			dropConnection(t, w)
			return true
		}
		return false
	}), noKeepAlive)
	if _, err := tc.GetJob(context.Background(), "VX-1", false); err != nil {
		t.Fatalf("GetJob: %v", err)
	}
	if got := c.get("GET /API/job/VX-1"); got != 2 {
		t.Errorf("server saw %d requests, want 2", got)
	}
}

func TestNoRetryOnClientErrors(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden,
		http.StatusNotFound, http.StatusConflict, http.StatusInternalServerError} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			var c counter
			tc := newTestClient(t, jobHandler(&c, func(w http.ResponseWriter, _ int) bool {
				w.WriteHeader(status)
				return true
			}))
			_, err := tc.GetJob(context.Background(), "VX-1", false)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
				t.Fatalf("err = %v, want an *APIError with status %d", err, status)
			}
			if got := c.get("GET /API/job/VX-1"); got != 1 {
				t.Errorf("server saw %d requests, want exactly 1", got)
			}
			if len(tc.recordedWaits()) != 0 {
				t.Errorf("client backed off: %v", tc.recordedWaits())
			}
		})
	}
}

func TestUnauthorizedNamesUserNotPassword(t *testing.T) {
	var c counter
	h := jobHandler(&c, func(w http.ResponseWriter, _ int) bool {
		w.Header().Set("WWW-Authenticate", `Basic realm="Vidispine"`)
		w.WriteHeader(http.StatusUnauthorized)
		return true
	})
	tc := newTestClient(t, h)
	_, err := tc.GetJob(context.Background(), "VX-1", false)
	if !IsUnauthorized(err) {
		t.Fatalf("IsUnauthorized(%v) = false", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, `authentication failed for user "bob"`) {
		t.Errorf("message %q does not name the user", msg)
	}
	if strings.Contains(msg, testPassword) {
		t.Errorf("message %q contains the password", msg)
	}
	if got := c.get("GET /API/job/VX-1"); got != 1 {
		t.Errorf("server saw %d requests, want 1", got)
	}

	token := newTestClient(t, h, func(cfg *Config) { cfg.Username, cfg.Password, cfg.Token = "", "", "tok-S3CRET" })
	_, err = token.GetJob(context.Background(), "VX-1", false)
	if msg := err.Error(); !strings.Contains(msg, "authentication failed for the configured token") || strings.Contains(msg, "tok-S3CRET") {
		t.Errorf("token 401 message = %q", msg)
	}
}

func TestContextCancelStopsWaiting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var c counter
	tc := newTestClient(t, jobHandler(&c, func(w http.ResponseWriter, _ int) bool {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}), func(cfg *Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour })
	// Cancel as soon as the client decides to wait an hour; the call must return at once
	// (if it did not, the test would hang until its timeout).
	tc.onWait = func(time.Duration) { cancel() }
	_, err := tc.GetJob(ctx, "VX-1", false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if got := c.get("GET /API/job/VX-1"); got != 1 {
		t.Errorf("server saw %d requests, want 1", got)
	}
}

func TestContextAlreadyCanceled(t *testing.T) {
	var c counter
	tc := newTestClient(t, jobHandler(&c, func(http.ResponseWriter, int) bool { return false }))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tc.GetJob(ctx, "VX-1", false); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if got := c.get("GET /API/job/VX-1"); got != 0 {
		t.Errorf("server saw %d requests, want none", got)
	}
}

func TestConnectionRefusedIsRetriedThenReported(t *testing.T) {
	tc := newTestClient(t, http.NotFoundHandler(), func(cfg *Config) { cfg.MaxRetries = 2 })
	tc.srv.Close() // nothing listens any more
	_, err := tc.GetJob(context.Background(), "VX-1", false)
	if err == nil {
		t.Fatal("want an error")
	}
	if !strings.Contains(err.Error(), "after 3 attempts") || !strings.Contains(err.Error(), "GET /API/job/VX-1") {
		t.Errorf("error = %q", err)
	}
	if got := len(tc.recordedWaits()); got != 2 {
		t.Errorf("client backed off %d times, want 2", got)
	}
}

func TestServerAnswersNotJSON(t *testing.T) {
	for _, tt := range []struct {
		name, contentType, body, want string
	}{
		{"login page", "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Sign in</title></head><body>" + strings.Repeat("x", 10000) + "</body></html>", "Sign in"},
		{"garbage", "application/octet-stream", "\x00\x01\x02garbage", "garbage"},
		{"XML", "application/xml", `<JobDocument xmlns="http://xml.vidispine.com/schema/vidispine"><jobId>VX-1</jobId></JobDocument>`, "JobDocument"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				_, _ = w.Write([]byte(tt.body))
			}))
			_, err := tc.GetJob(context.Background(), "VX-1", false)
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, "the server did not answer JSON") || !strings.Contains(msg, tt.want) {
				t.Errorf("error = %q", msg)
			}
			if len(msg) > 400 || !utf8.ValidString(msg) && tt.name != "garbage" {
				t.Errorf("error is %d bytes: %q", len(msg), msg)
			}
		})
	}
}

func TestResponseSizeCap(t *testing.T) {
	var c counter
	tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.add(r)
		writeJSON(w, 200, map[string]any{"hits": 1, "job": []map[string]string{{"jobId": strings.Repeat("9", 4096)}}})
	}))
	tc.maxBody = 1024
	_, err := tc.ListJobs(context.Background(), ListJobsOptions{})
	if err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Fatalf("err = %v", err)
	}
	if got := c.get("GET /API/job"); got != 1 {
		t.Errorf("an oversized answer was fetched %d times, want 1", got)
	}
	tc.maxBody = 1 << 20
	if _, err := tc.ListJobs(context.Background(), ListJobsOptions{}); err != nil {
		t.Errorf("under the cap: %v", err)
	}
}

func TestEmptyResultsAndStatus204(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job/problem", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{}) })
	mux.HandleFunc("GET /API/job", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"hits": 0}) })
	mux.HandleFunc("DELETE /API/task-definition/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("PUT /API/job/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.HandleFunc("GET /API/job/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"jobId": r.PathValue("id"), "priority": "HIGH"})
	})
	tc := newTestClient(t, mux)
	ctx := context.Background()
	if p, err := tc.JobProblems(ctx, ""); err != nil || len(p) != 0 {
		t.Errorf("JobProblems = %v, %v", p, err)
	}
	if jobs, hits, err := tc.ListAllJobs(ctx, ListJobsOptions{}, 0); err != nil || hits != 0 || len(jobs) != 0 {
		t.Errorf("ListAllJobs = %v, %d, %v", jobs, hits, err)
	}
	if err := tc.DeleteTaskDefinition(ctx, 5); err != nil {
		t.Errorf("DELETE answered 204: %v", err)
	}
	if job, err := tc.SetJobPriority(ctx, "VX-1", "HIGH"); err != nil || job.Priority != "HIGH" {
		t.Errorf("PUT answered an empty 200: %+v, %v", job, err)
	}
}
