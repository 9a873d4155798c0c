package vidimock

import (
	"encoding/json"
	"net/http"
	"time"
)

// Requests returns the /API request counters per "METHOD /route/pattern", faulted ones included.
func (s *Server) Requests() map[string]int {
	s.controlMu.Lock()
	defer s.controlMu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetRequests sets every counter back to zero.
func (s *Server) ResetRequests() {
	s.controlMu.Lock()
	defer s.controlMu.Unlock()
	s.counts = map[string]int{}
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
	case "POST /mock/oauth2/token":
		s.serveToken(w, r)
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
		f := s.currentFaults()
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
