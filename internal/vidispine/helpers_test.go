package vidispine

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testUser     = "bob"
	testPassword = "pw-S3CRET-do-not-log"
)

// testClient is a client against an httptest server with tiny backoffs, recording the
// backoffs it chooses instead of measuring time.
type testClient struct {
	*Client
	srv *httptest.Server

	mu    sync.Mutex
	waits []time.Duration
}

func (tc *testClient) recordedWaits() []time.Duration {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return append([]time.Duration(nil), tc.waits...)
}

func newTestClient(t *testing.T, h http.Handler, mods ...func(*Config)) *testClient {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return newTestClientFor(t, srv, mods...)
}

func newTestClientFor(t *testing.T, srv *httptest.Server, mods ...func(*Config)) *testClient {
	t.Helper()
	cfg := Config{
		URL:          srv.URL,
		Username:     testUser,
		Password:     testPassword,
		MaxRetries:   4,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 4 * time.Millisecond,
		UserAgent:    "terraform-provider-vidispine/test",
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	tc := &testClient{Client: c, srv: srv}
	c.onWait = func(d time.Duration) {
		tc.mu.Lock()
		tc.waits = append(tc.waits, d)
		tc.mu.Unlock()
	}
	return tc
}

// counter counts requests per "METHOD path".
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(r *http.Request) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	k := r.Method + " " + r.URL.Path
	c.n[k]++
	return c.n[k]
}

func (c *counter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

// requestLog records the requests a server sees, in order, as text.
type requestLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *requestLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, s)
}

func (l *requestLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.seen...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// exception writes an ExceptionDocument the way VidiCore 4.17 does: all nine members, the
// unused ones null.
func exception(w http.ResponseWriter, status int, kind string, member map[string]any) {
	doc := map[string]any{}
	for _, k := range exceptionKinds {
		doc[k] = nil
	}
	doc[kind] = member
	writeJSON(w, status, doc)
}

func notFound(w http.ResponseWriter, typ, id string) {
	exception(w, http.StatusNotFound, KindNotFound, map[string]any{"type": typ, "id": id, "context": nil})
}

// dropConnection closes the connection without answering: the client cannot know whether
// the request took effect.
func dropConnection(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("response writer cannot hijack")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	conn.Close()
}

// noKeepAlive makes every attempt a new connection, so Go's transport never retries a
// request on its own and attempt counts are the client's.
func noKeepAlive(cfg *Config) {
	cfg.HTTPClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
}

// seqID hands out ids like VX-1, VX-2.
type seqID struct{ n atomic.Int64 }

func (s *seqID) next() string { return fmt.Sprintf("VX-%d", s.n.Add(1)) }
