package vidimock

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// Faults describe injected failures of /API requests.
type Faults struct {
	Rate       float64       // fraction (0..1) of /API requests that get a fault
	Kinds      []string      // "503", "429", "drop", "drop-after", "latency", "slow-answer"
	RetryAfter int           // seconds sent with 429 (default 1)
	Latency    time.Duration // added latency of the "latency" and "slow-answer" kinds
	Seed       int64         // deterministic choice of which requests fail
	Paths      []string      // optional: only paths containing one of these get faults; "POST /API/x" also matches the method
}

// faultKinds are the kinds Faults.Kinds may hold.
var faultKinds = []string{"503", "429", "drop", "drop-after", "latency", "slow-answer"}

// SetFaults replaces the fault configuration and restarts its random sequence from f.Seed.
func (s *Server) SetFaults(f Faults) {
	if f.RetryAfter <= 0 {
		f.RetryAfter = 1
	}
	s.controlMu.Lock()
	defer s.controlMu.Unlock()
	s.faults = f
	s.faultRNG = rand.New(rand.NewPCG(uint64(f.Seed), 0x5eed))
}

// SetDown makes every /API request lose its connection without an answer while down is true.
func (s *Server) SetDown(down bool) {
	s.controlMu.Lock()
	defer s.controlMu.Unlock()
	s.down = down
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
		s.answerFault(w, r, http.StatusServiceUnavailable, "service unavailable")
		return
	case "429":
		w.Header().Set("Retry-After", fmt.Sprint(s.currentFaults().RetryAfter))
		s.answerFault(w, r, http.StatusTooManyRequests, "too many requests")
		return
	case "latency":
		if !s.delay(r) {
			return
		}
	case "slow-answer":
		// The request takes effect at once; its answer comes Latency later, if the client still
		// waits (a server busy after the work, or a slow network back).
		rec := httptest.NewRecorder()
		status := s.handle(rec, r, rt, params, matrix, allowed)
		if !s.delay(r) {
			s.log("%s %s -> %d, client gone before the slow answer (fault)", r.Method, r.URL.Path, status)
			return
		}
		copyRecorded(w, rec)
		s.log("%s %s -> %d, answered late (fault)", r.Method, r.URL.Path, status)
		return
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

// delay waits the latency of the latency and slow-answer faults; false when the client went
// away first.
func (s *Server) delay(r *http.Request) bool {
	select {
	case <-time.After(s.currentFaults().Latency):
		return true
	case <-r.Context().Done():
		return false
	}
}

// copyRecorded writes a recorded answer to w.
func copyRecorded(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// answerFault answers an injected error status in place of the request.
func (s *Server) answerFault(w http.ResponseWriter, r *http.Request, status int, message string) {
	s.log("%s %s -> %d (fault)", r.Method, r.URL.Path, status)
	writeJSON(w, status, exceptionDocument{InternalServer: &messageDocument{nullIfEmpty(message + " (injected fault)")}})
}

// currentFaults returns the fault configuration in force.
func (s *Server) currentFaults() Faults {
	s.controlMu.Lock()
	defer s.controlMu.Unlock()
	return s.faults
}

// countAndPickFault counts one /API request and draws its fault from the seeded sequence.
func (s *Server) countAndPickFault(key, method, path string) (fault string, down bool) {
	s.controlMu.Lock()
	defer s.controlMu.Unlock()
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
