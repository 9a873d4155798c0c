package vidimock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Seed users. Every seed user's password is listed in seed.go.
const AdminUser, AdminPassword = "admin", "admin"

// Options configure a mock server.
type Options struct {
	Seed      int64                            // deterministic seed for generated data (default 1)
	ExtraJobs int                              // generated jobs on top of the fixed seed set (0..100000)
	Clock     *Clock                           // nil = the real clock
	Faults    Faults                           // fault injection; change later with SetFaults or PUT /mock/faults
	Logf      func(format string, args ...any) // optional request log (never carries credentials)
	// HTTPTimeoutMissing is what a notification's http action without a timeout gets:
	// HTTPTimeoutReject (also "") or HTTPTimeoutDefault.
	HTTPTimeoutMissing string
}

// Faults describe injected failures of /API requests.
type Faults struct {
	Rate       float64       // fraction (0..1) of /API requests that get a fault
	Kinds      []string      // "503", "429", "drop", "drop-after", "latency"
	RetryAfter int           // seconds sent with 429 (default 1)
	Latency    time.Duration // added latency for the "latency" kind
	Seed       int64         // deterministic choice of which requests fail
	Paths      []string      // optional: only paths containing one of these get faults; "POST /API/x" also matches the method
}

// faultKinds are the kinds Faults.Kinds may hold.
var faultKinds = []string{"503", "429", "drop", "drop-after", "latency"}

// Server is an in-memory VidiREST server.
type Server struct {
	clock *Clock
	logf  func(format string, args ...any)

	mu    sync.Mutex // guards the state below: one lock keeps the model simple
	state *state

	ctl      sync.Mutex // guards counters, faults and down, so control calls never wait on the API
	counts   map[string]int
	faults   Faults
	faultRNG *rand.Rand
	down     bool

	http *http.Server
	ln   net.Listener
	url  string
}

// New builds a server holding the seed data; serve it through Handler or ServeHTTP.
func New(opts Options) *Server {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	opts.ExtraJobs = min(max(opts.ExtraJobs, 0), 100000)
	s := &Server{clock: opts.Clock, logf: opts.Logf, counts: map[string]int{}}
	if s.clock == nil {
		s.clock = newRealClock()
	}
	s.state = newState(opts.Seed, opts.ExtraJobs)
	s.state.httpTimeoutMissing = opts.HTTPTimeoutMissing
	s.SetFaults(opts.Faults)
	return s
}

// Start builds a server and serves it on 127.0.0.1 at a free port.
func Start(opts Options) (*Server, error) {
	s := New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	return s, nil
}

// Close stops a server made by Start, cutting open connections.
func (s *Server) Close() {
	if s.http != nil {
		_ = s.http.Close()
	}
}

// URL is the base URL without /API, e.g. http://127.0.0.1:40123 (empty for servers made by New).
func (s *Server) URL() string { return s.url }

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// Clock returns the server's clock.
func (s *Server) Clock() *Clock { return s.clock }

// SetFaults replaces the fault configuration and restarts its random sequence from f.Seed.
func (s *Server) SetFaults(f Faults) {
	if f.RetryAfter <= 0 {
		f.RetryAfter = 1
	}
	s.ctl.Lock()
	defer s.ctl.Unlock()
	s.faults = f
	s.faultRNG = rand.New(rand.NewPCG(uint64(f.Seed), 0x5eed))
}

// SetDown makes every /API request lose its connection without an answer while down is true.
func (s *Server) SetDown(down bool) {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	s.down = down
}

// Requests returns the /API request counters per "METHOD /route/pattern", faulted ones included.
func (s *Server) Requests() map[string]int {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetRequests sets every counter back to zero.
func (s *Server) ResetRequests() {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	s.counts = map[string]int{}
}

// ServeHTTP answers /API requests like VidiCore and /mock/... control requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/API" || strings.HasPrefix(r.URL.Path, "/API/"):
		s.serveAPI(w, r)
	case strings.HasPrefix(r.URL.Path, "/mock/"):
		s.serveControl(w, r)
	default:
		http.NotFound(w, r)
	}
}

// serveAPI counts the request, applies the down switch and faults, then handles it.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	rt, params, matrix, allowed := matchRoute(r)
	key := r.Method + " (unknown route)"
	if rt != nil {
		key = r.Method + " " + rt.pattern
	} else if allowed {
		key = r.Method + " (method not allowed)"
	}
	fault, down := s.countAndPickFault(key, r.Method, r.URL.Path)
	if down || fault == "drop" {
		s.log("%s %s -> connection dropped (%s)", r.Method, r.URL.Path, map[bool]string{true: "down", false: "fault"}[down])
		dropConnection(w)
		return
	}
	switch fault {
	case "503":
		s.log("%s %s -> 503 (fault)", r.Method, r.URL.Path)
		writeJSON(w, http.StatusServiceUnavailable, exceptionDoc{InternalServer: &messageDoc{str("service unavailable (injected fault)")}})
		return
	case "429":
		s.ctl.Lock()
		after := s.faults.RetryAfter
		s.ctl.Unlock()
		s.log("%s %s -> 429 (fault)", r.Method, r.URL.Path)
		w.Header().Set("Retry-After", fmt.Sprint(after))
		writeJSON(w, http.StatusTooManyRequests, exceptionDoc{InternalServer: &messageDoc{str("too many requests (injected fault)")}})
		return
	case "latency":
		s.ctl.Lock()
		d := s.faults.Latency
		s.ctl.Unlock()
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	case "drop-after":
		// The request takes effect, but its answer is lost on the way back.
		rec := httptest.NewRecorder()
		status := s.handle(rec, r, rt, params, matrix, allowed)
		s.log("%s %s -> %d, then connection dropped (fault)", r.Method, r.URL.Path, status)
		dropConnection(w)
		return
	}
	status := s.handle(w, r, rt, params, matrix, allowed)
	s.log("%s %s -> %d", r.Method, r.URL.Path, status)
}

func (s *Server) log(format string, args ...any) {
	if s.logf != nil {
		s.logf(format, args...)
	}
}

// countAndPickFault counts one /API request and draws its fault from the seeded sequence.
func (s *Server) countAndPickFault(key, method, path string) (fault string, down bool) {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	s.counts[key]++
	if s.down {
		return "", true
	}
	f := s.faults
	if f.Rate <= 0 || len(f.Kinds) == 0 {
		return "", false
	}
	if len(f.Paths) > 0 {
		hit := false
		for _, p := range f.Paths {
			hit = hit || faultPathMatches(p, method, path)
		}
		if !hit {
			return "", false
		}
	}
	if s.faultRNG.Float64() >= f.Rate {
		return "", false
	}
	return f.Kinds[s.faultRNG.IntN(len(f.Kinds))], false
}

// faultPathMatches reports whether a Faults.Paths entry selects a request: "/API/x" matches
// every path containing it, "POST /API/x" only such paths requested with that method.
func faultPathMatches(entry, method, path string) bool {
	if m, p, ok := strings.Cut(entry, " "); ok {
		return strings.EqualFold(m, method) && strings.Contains(path, p)
	}
	return strings.Contains(path, entry)
}

// dropConnection closes the connection without writing a response.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // net/http aborts the response silently
}

// call is one authenticated API request being handled.
type call struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	now    time.Time
	caller *user // who authenticated
	user   *user // who the request acts as (caller, or the RunAs user)
	params map[string]string
	matrix url.Values
	status int
}

// handle authenticates and dispatches one request under the state lock; it returns the status written.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, rt *route, params map[string]string, matrix url.Values, allowed bool) int {
	w.Header().Set("Set-Cookie", "rememberMe=deleteMe; Path=/API; Max-Age=0")
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &call{s: s, w: w, r: r, now: s.clock.Now(), params: params, matrix: matrix}
	if err := c.authenticate(); err != nil {
		if err.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Basic realm="Vidispine"`)
		}
		c.fail(err)
		return c.status
	}
	switch {
	case rt == nil && allowed:
		c.status = http.StatusMethodNotAllowed
		w.WriteHeader(c.status)
	case rt == nil:
		c.fail(errNotFound("resource", r.URL.Path, "no such API resource"))
	default:
		if err := c.authorize(rt.need); err != nil {
			c.fail(err)
		} else {
			rt.handler(c)
		}
	}
	return c.status
}

// ok writes v as JSON with status 200.
func (c *call) ok(v any) {
	c.status = http.StatusOK
	writeJSON(c.w, http.StatusOK, v)
}

// empty answers 200 without a body.
func (c *call) empty() {
	c.status = http.StatusOK
	c.w.WriteHeader(http.StatusOK)
}

// text answers 200 with a text/plain body.
func (c *call) text(s string) {
	c.status = http.StatusOK
	c.w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	c.w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(c.w, s)
}

func (c *call) fail(err *apiError) {
	c.status = err.status
	writeJSON(c.w, err.status, err.doc)
}

// wantsText reports whether the client asked for text/plain rather than JSON.
func (c *call) wantsText() bool {
	accept := c.r.Header.Get("Accept")
	return strings.Contains(accept, "text/plain") && !strings.Contains(accept, "json")
}

// query returns a query parameter, "" when absent.
func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }

// decode reads a required JSON request body into v.
func (c *call) decode(v any) *apiError {
	present, err := c.decodeOptional(v)
	if err == nil && !present {
		err = errInvalid("document", "", "", "a JSON request body is required")
	}
	return err
}

// decodeOptional reads a JSON request body into v when there is one.
func (c *call) decodeOptional(v any) (present bool, _ *apiError) {
	if c.r.Body == nil {
		return false, nil
	}
	body, err := io.ReadAll(io.LimitReader(c.r.Body, 1<<20))
	if err != nil {
		return false, errInvalid("document", "", "", "could not read the request body")
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return false, nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return true, errInvalid("document", "", "", "malformed JSON document: "+err.Error())
	}
	return true, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// route is one API endpoint; pattern segments in braces are parameters.
type route struct {
	method  string
	pattern string
	need    access
	handler func(*call)
}

var routes []route

func init() {
	routes = []route{
		{"GET", "/API/job", jobRead, (*call).listJobs},
		{"POST", "/API/job", jobWrite, (*call).createJob},
		{"DELETE", "/API/job", jobWrite, (*call).deleteJobs},
		{"GET", "/API/job/problem", jobRead, (*call).allProblems},
		{"GET", "/API/job/notification", notifRead, (*call).listNotifications},
		{"POST", "/API/job/notification", notifWrite, (*call).createNotification},
		{"DELETE", "/API/job/notification", notifWrite, (*call).deleteAllNotifications},
		{"GET", "/API/job/notification/{id}", notifRead, (*call).getNotification},
		{"PUT", "/API/job/notification/{id}", notifWrite, (*call).putNotification},
		{"DELETE", "/API/job/notification/{id}", notifWrite, (*call).deleteNotification},
		{"GET", "/API/job/{id}", jobRead, (*call).getJob},
		{"PUT", "/API/job/{id}", jobWrite, (*call).setPriority},
		{"DELETE", "/API/job/{id}", jobWrite, (*call).abortJob},
		{"POST", "/API/job/{id}/re-run", jobWrite, (*call).rerunJob},
		{"GET", "/API/job/{id}/problem", jobRead, (*call).jobProblems},
		{"GET", "/API/jobtype", anyUser, (*call).listJobTypes},
		{"GET", "/API/task-definition", taskRead, (*call).listTaskDefs},
		{"POST", "/API/task-definition", taskWrite, (*call).createTaskDefs},
		{"GET", "/API/task-definition/{id}", taskRead, (*call).getTaskDef},
		{"PUT", "/API/task-definition/{id}", taskWrite, (*call).putTaskDef},
		{"DELETE", "/API/task-definition/{id}", taskWrite, (*call).deleteTaskDef},
		{"GET", "/API/task-definition/jobtype/{type}", taskRead, (*call).listTaskDefsOfType},
		{"POST", "/API/task-definition/jobtype/{type}", adminOnly, (*call).createJobType},
		{"DELETE", "/API/task-definition/jobtype/{type}", adminOnly, (*call).deleteJobType},
		{"GET", "/API/task-definition/jobtype/{type}/step/{step}", taskRead, (*call).getTaskDefByStep},
		{"PUT", "/API/task-definition/jobtype/{type}/step/{step}", taskWrite, (*call).putTaskDefByStep},
		{"DELETE", "/API/task-definition/jobtype/{type}/step/{step}", taskWrite, (*call).deleteTaskDefByStep},
		{"GET", "/API/token", anyUser, (*call).getToken},
		{"GET", "/API/user/{name}", anyUser, (*call).getUser},
		{"GET", "/API/user/{name}/token", anyUser, (*call).getUserToken},
	}
}

// matchRoute finds the route of r. Matrix parameters (";k=v") are cut off every segment; those
// of the job segment are returned, since GET /API/job reads its filters from there too. The
// most literal pattern wins, so /API/job/problem is never taken for the job "problem".
// allowed reports a path that exists with another method (405).
func matchRoute(r *http.Request) (rt *route, params map[string]string, matrix url.Values, allowed bool) {
	raw := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	segs := make([]string, len(raw))
	for i, seg := range raw {
		name, m, hasMatrix := strings.Cut(seg, ";")
		if un, err := url.PathUnescape(name); err == nil {
			name = un
		}
		segs[i] = name
		if hasMatrix && i == 1 && name == "job" {
			matrix = parseMatrix(m)
		}
	}
	best := -1
	for i := range routes {
		p, literals, ok := matchPattern(routes[i].pattern, segs)
		if !ok || literals < best {
			continue
		}
		if literals > best {
			best, rt, params, allowed = literals, nil, nil, false
		}
		if routes[i].method == r.Method && rt == nil {
			rt, params = &routes[i], p
		} else {
			allowed = true
		}
	}
	if rt != nil {
		allowed = false
	}
	return rt, params, matrix, allowed
}

func matchPattern(pattern string, segs []string) (map[string]string, int, bool) {
	pat := strings.Split(strings.Trim(pattern, "/"), "/")
	if len(pat) != len(segs) {
		return nil, 0, false
	}
	params := map[string]string{}
	literals := 0
	for i, p := range pat {
		if strings.HasPrefix(p, "{") {
			params[strings.Trim(p, "{}")] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, 0, false
		}
		literals++
	}
	return params, literals, true
}

// parseMatrix reads "type=A,B;state=X" (the part of a segment after its first ';').
func parseMatrix(s string) url.Values {
	v := url.Values{}
	for _, part := range strings.Split(s, ";") {
		if part == "" {
			continue
		}
		k, val, _ := strings.Cut(part, "=")
		if un, err := url.PathUnescape(k); err == nil {
			k = un
		}
		if un, err := url.PathUnescape(val); err == nil {
			val = un
		}
		v.Add(k, val)
	}
	return v
}

// faultsJSON is the wire form of Faults on /mock/faults.
type faultsJSON struct {
	Rate       float64  `json:"rate"`
	Kinds      []string `json:"kinds"`
	RetryAfter int      `json:"retry_after"`
	LatencyMS  int64    `json:"latency_ms"`
	Seed       int64    `json:"seed"`
	Paths      []string `json:"paths"`
}

// serveControl answers the /mock/... endpoints (no auth, not counted, never faulted).
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	bad := func(msg string) { writeJSON(w, http.StatusBadRequest, map[string]string{"error": msg}) }
	switch r.Method + " " + r.URL.Path {
	case "GET /mock/requests":
		counts := s.Requests()
		total := 0
		for _, n := range counts {
			total += n
		}
		writeJSON(w, http.StatusOK, map[string]any{"requests": counts, "total": total})
	case "DELETE /mock/requests":
		s.ResetRequests()
		w.WriteHeader(http.StatusOK)
	case "GET /mock/faults":
		s.ctl.Lock()
		f := s.faults
		s.ctl.Unlock()
		writeJSON(w, http.StatusOK, faultsJSON{f.Rate, f.Kinds, f.RetryAfter, f.Latency.Milliseconds(), f.Seed, f.Paths})
	case "PUT /mock/faults":
		var in faultsJSON
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			bad("malformed faults document: " + err.Error())
			return
		}
		f := Faults{Rate: in.Rate, Kinds: in.Kinds, RetryAfter: in.RetryAfter,
			Latency: time.Duration(in.LatencyMS) * time.Millisecond, Seed: in.Seed, Paths: in.Paths}
		if err := f.Validate(); err != nil {
			bad(err.Error())
			return
		}
		s.SetFaults(f)
		writeJSON(w, http.StatusOK, in)
	case "PUT /mock/down":
		var in struct {
			Down bool `json:"down"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			bad("malformed down document: " + err.Error())
			return
		}
		s.SetDown(in.Down)
		writeJSON(w, http.StatusOK, in)
	case "POST /mock/clock/advance":
		d, err := time.ParseDuration(r.URL.Query().Get("by"))
		if err != nil || d < 0 {
			bad("by must be a non-negative duration such as 30s")
			return
		}
		s.clock.Advance(d)
		fallthrough
	case "GET /mock/clock":
		writeJSON(w, http.StatusOK, map[string]any{"now": formatTime(s.clock.Now()), "manual": s.clock.manual})
	default:
		http.NotFound(w, r)
	}
}

// Validate checks a fault configuration: a rate within 0..1 and known kinds.
func (f Faults) Validate() error {
	if f.Rate < 0 || f.Rate > 1 {
		return errors.New("rate must be between 0 and 1")
	}
	for _, k := range f.Kinds {
		known := false
		for _, fk := range faultKinds {
			known = known || k == fk
		}
		if !known {
			return fmt.Errorf("unknown fault kind %q (allowed: %s)", k, strings.Join(faultKinds, ", "))
		}
	}
	return nil
}

// ListenAndServe serves the mock on addr until ctx ends, then shuts down gracefully.
// ready is called with the base URL once the listener is open.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.url = "http://" + ln.Addr().String()
	if ready != nil {
		ready(s.url)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// sortedKeys returns the keys of m in order (stable output for lists built from maps).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
