package benchmarks

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// waitRecorder is a transport that sees every attempt of a sequential caller: it adds up the
// Retry-After the server asked for on each 429 and the time that passed between that answer
// and the next attempt, i.e. the time the client actually spent waiting.
type waitRecorder struct {
	next http.RoundTripper

	mu          sync.Mutex
	attempts    int
	throttled   int
	asked       time.Duration // sum of Retry-After of every 429
	waited      time.Duration // sum of gaps between a 429 and the following attempt
	last429At   time.Time
	pending429  bool
	maxOneWait  time.Duration
	maxOneAsked time.Duration
}

func (w *waitRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	w.mu.Lock()
	w.attempts++
	if w.pending429 {
		gap := time.Since(w.last429At)
		w.waited += gap
		w.maxOneWait = max(w.maxOneWait, gap)
		w.pending429 = false
	}
	w.mu.Unlock()

	resp, err := w.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		w.mu.Lock()
		w.throttled++
		w.asked += time.Duration(secs) * time.Second
		w.maxOneAsked = max(w.maxOneAsked, time.Duration(secs)*time.Second)
		w.last429At, w.pending429 = time.Now(), true
		w.mu.Unlock()
	}
	return resp, err
}

// BenchmarkRetryAfterStorm: the mock answers 40% of requests with 429 and Retry-After; a
// sequence of job reads through the public client measures how long the client waits
// against what the server asked for. With retry_wait_max above Retry-After the two should
// match (ratio ≈ 1, the client neither hammers nor oversleeps); with retry_wait_max below
// it, the cap wins (ratio = cap / Retry-After).
func BenchmarkRetryAfterStorm(b *testing.B) {
	calls := 15
	if smallestOnly {
		calls = 3 // still a few 429s in each scenario (the faults are seeded), in seconds
	}
	for _, sc := range []struct {
		name       string
		retryAfter int
		waitMax    time.Duration
	}{
		{"retry_after=1s/wait_max=30s", 1, 30 * time.Second},
		{"retry_after=2s/wait_max=500ms", 2, 500 * time.Millisecond},
	} {
		b.Run(sc.name, func(b *testing.B) {
			b.StopTimer()
			srv := startMock(b, vidimock.Options{})
			jobID := anyJobID(b, srv)
			rec := &waitRecorder{next: http.DefaultTransport.(*http.Transport).Clone()}
			client, err := vidispine.NewClient(vidispine.Config{
				URL: srv.URL(), Username: vidimock.AdminUser, Password: vidimock.AdminPassword,
				MaxRetries: 20, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: sc.waitMax,
				HTTPClient: &http.Client{Transport: rec},
			})
			if err != nil {
				b.Fatal(err)
			}
			srv.SetFaults(vidimock.Faults{Rate: 0.4, Kinds: []string{"429"}, RetryAfter: sc.retryAfter, Seed: 7})
			b.StartTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				for j := 0; j < calls; j++ {
					if _, err := client.GetJob(context.Background(), jobID, false); err != nil {
						b.Fatalf("call %d: %v", j, err)
					}
				}
			}
			wall := time.Since(start)
			b.StopTimer()
			srv.SetFaults(vidimock.Faults{})
			if rec.throttled == 0 {
				b.Fatal("the mock sent no 429: the storm did not happen")
			}
			runs := float64(b.N)
			report(b, float64(rec.throttled)/runs, "throttled_answers", "429s")
			report(b, float64(rec.attempts)/runs/float64(calls), "attempts", "per_call")
			report(b, seconds(rec.asked)/runs, "retry_after_asked", "s")
			report(b, seconds(rec.waited)/runs, "time_waited", "s")
			report(b, float64(rec.waited)/float64(rec.asked), "waited_vs_asked", "x")
			report(b, seconds(rec.maxOneWait), "longest_single_wait", "s")
			report(b, seconds(wall)/runs, "wall", "s")
		})
	}
}

// anyJobID returns the id of a job the admin can read.
func anyJobID(b *testing.B, srv *vidimock.Server) string {
	b.Helper()
	var doc struct {
		Job []struct {
			ID string `json:"jobId"`
		} `json:"job"`
	}
	adminJSON(b, srv, "/API/job?user=false&number=1", &doc)
	if len(doc.Job) == 0 {
		b.Fatal("the mock holds no job")
	}
	return doc.Job[0].ID
}
