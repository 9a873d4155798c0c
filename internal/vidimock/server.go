package vidimock

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
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
	// ServerVersion is the VidiCore version GET /API/version reports (default DefaultServerVersion).
	// Below 5.1 the server ignores the priority filter of GET /API/job, as an older server would.
	ServerVersion string
	// Beans are the beans and their methods task-definition validate resolves and bean steps
	// run; nil = DefaultBeans().
	Beans map[string][]string
	// StepDuration is how long each try of a step of a job started through the API takes; such a
	// job is READY for as long first. 0 keeps the in-process default: READY for 1 s, 2 s a step;
	// time.Nanosecond makes a job run to its end by the next request.
	StepDuration time.Duration
	// Bearer configures OAuth2 / OIDC bearer tokens (bearer.go); nil refuses them.
	Bearer *BearerOptions
}

// Server is an in-memory VidiREST server.
type Server struct {
	clock   *Clock
	logf    func(format string, args ...any)
	version string
	beans   map[string][]string
	bearer  *BearerOptions

	mu    sync.Mutex // guards the state below: one lock keeps the model simple
	state *state

	controlMu sync.Mutex // guards counters, faults and down, so control calls never wait on the API
	counts    map[string]int
	faults    Faults
	faultRNG  *rand.Rand
	down      bool

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
	s := &Server{clock: opts.Clock, logf: opts.Logf, version: opts.ServerVersion, beans: opts.Beans, bearer: opts.Bearer, counts: map[string]int{}}
	if s.version == "" {
		s.version = DefaultServerVersion
	}
	if s.beans == nil {
		s.beans = DefaultBeans()
	}
	if s.clock == nil {
		s.clock = newRealClock()
	}
	s.state = newState(opts.Seed, opts.ExtraJobs)
	s.state.httpTimeoutMissing = opts.HTTPTimeoutMissing
	s.state.readyFor, s.state.stepFor, s.state.beans = apiReadyFor, apiStepFor, s.beans
	if opts.StepDuration > 0 {
		s.state.readyFor, s.state.stepFor = opts.StepDuration, opts.StepDuration
	}
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

func (s *Server) log(format string, args ...any) {
	if s.logf != nil {
		s.logf(format, args...)
	}
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
