package vidimock

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestEveryFaultKindIsObservable(t *testing.T) {
	s := startServer(t, Options{})
	s.SetFaults(Faults{Rate: 1, Kinds: []string{"503"}})
	if errorDocument(t, expect(t, s, 503, "GET", "/API/jobtype", nil))["internalServer"] == nil {
		t.Error("503 without an error document")
	}
	s.SetFaults(Faults{Rate: 1, Kinds: []string{"429"}, RetryAfter: 7})
	if r := expect(t, s, 429, "GET", "/API/jobtype", nil); r.header.Get("Retry-After") != "7" {
		t.Errorf("Retry-After %q, want 7", r.header.Get("Retry-After"))
	}
	s.SetFaults(Faults{Rate: 1, Kinds: []string{"drop"}})
	if _, err := send(t, s, "PUT", "/API/job/VX-105?priority=LOW", nil); err == nil {
		t.Error("a dropped connection answered")
	}
	s.SetFaults(Faults{Rate: 1, Kinds: []string{"latency"}, Latency: time.Millisecond})
	expect(t, s, 200, "GET", "/API/jobtype", nil)
	s.SetFaults(Faults{})
	if j := getJob(t, s, "VX-105"); j.Priority != "MEDIUM" {
		t.Errorf("a request dropped before handling changed the priority to %s", j.Priority)
	}
}

func TestDropAfterChangesStateButLosesTheAnswer(t *testing.T) {
	s := startServer(t, Options{})
	before := listJobs(t, s, "/API/job?user=false&number=1")
	s.SetFaults(Faults{Rate: 1, Kinds: []string{"drop-after"}})
	if _, err := send(t, s, "PUT", "/API/job/VX-105?priority=IMMEDIATE", nil); err == nil {
		t.Fatal("drop-after answered")
	}
	if _, err := send(t, s, "POST", "/API/job/VX-51/re-run", nil); err == nil {
		t.Fatal("drop-after answered")
	}
	s.SetFaults(Faults{})
	if j := getJob(t, s, "VX-105"); j.Priority != "IMMEDIATE" {
		t.Errorf("priority %s: the request should have taken effect", j.Priority)
	}
	if after := listJobs(t, s, "/API/job?user=false&number=1"); after.Hits != before.Hits+1 {
		t.Errorf("jobs %d → %d: the re-run should have created one job", before.Hits, after.Hits)
	}
}

func TestSlowAnswerChangesStateBeforeAnswering(t *testing.T) {
	s := startServer(t, Options{})
	s.SetFaults(Faults{Rate: 1, Kinds: []string{"slow-answer"}, Latency: 300 * time.Millisecond})
	start := time.Now()
	expect(t, s, 200, "PUT", "/API/job/VX-105?priority=IMMEDIATE", nil)
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("answered after %s, want at least the 300ms latency", d)
	}
	// A client that leaves before the answer has still changed the server.
	s.SetFaults(Faults{Rate: 1, Kinds: []string{"slow-answer"}, Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "PUT", s.URL()+"/API/job/VX-105?priority=LOW", nil)
	req.SetBasicAuth(AdminUser, AdminPassword)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("answered before the latency")
	}
	s.SetFaults(Faults{})
	if j := getJob(t, s, "VX-105"); j.Priority != "LOW" {
		t.Errorf("priority %s: the request should have taken effect before its slow answer", j.Priority)
	}
}

// statuses makes n requests and lists what each got ("drop" for a lost answer).
func statuses(t *testing.T, s *Server, n int) string {
	var out []string
	for range n {
		r, err := send(t, s, "GET", "/API/jobtype", nil)
		if err != nil {
			out = append(out, "drop")
		} else {
			out = append(out, itoa(r.status))
		}
	}
	return strings.Join(out, " ")
}

func TestFaultsAreDeterministicBySeed(t *testing.T) {
	f := Faults{Rate: 0.5, Kinds: []string{"503", "429", "drop"}, Seed: 42}
	a, b := startServer(t, Options{Faults: f}), startServer(t, Options{Faults: f})
	seqA, seqB := statuses(t, a, 30), statuses(t, b, 30)
	if seqA != seqB {
		t.Errorf("same seed, different faults:\n%s\n%s", seqA, seqB)
	}
	for _, want := range []string{"200", "503", "429", "drop"} {
		if !strings.Contains(seqA, want) {
			t.Errorf("30 requests at rate 0.5 never got %s: %s", want, seqA)
		}
	}
	// SetFaults restarts the sequence.
	a.SetFaults(f)
	if again := statuses(t, a, 30); again != seqA {
		t.Errorf("after SetFaults with the same seed:\n%s\nwant\n%s", again, seqA)
	}
	f.Seed = 43
	a.SetFaults(f)
	if other := statuses(t, a, 30); other == seqA {
		t.Errorf("seeds 42 and 43 give the same faults: %s", other)
	}
}

func TestFaultsOnlyHitTheChosenPaths(t *testing.T) {
	s := startServer(t, Options{Faults: Faults{Rate: 1, Kinds: []string{"503"}, Paths: []string{"/task-definition"}}})
	expect(t, s, 200, "GET", "/API/job/VX-51", nil)
	expect(t, s, 503, "GET", "/API/task-definition/1", nil)
	// Control endpoints never get faults.
	r, err := http.Get(s.URL() + "/mock/requests")
	if err != nil || r.StatusCode != 200 {
		t.Errorf("control endpoint under faults: %v %v", r, err)
	}
}

func TestDownServerDropsEveryAPIRequest(t *testing.T) {
	s := startServer(t, Options{})
	s.SetDown(true)
	if _, err := send(t, s, "GET", "/API/jobtype", nil); err == nil {
		t.Error("a down server answered")
	}
	putJSON(t, s.URL()+"/mock/down", `{"down":false}`, 200)
	expect(t, s, 200, "GET", "/API/jobtype", nil)
	putJSON(t, s.URL()+"/mock/down", `{"down":true}`, 200)
	if _, err := send(t, s, "GET", "/API/jobtype", nil); err == nil {
		t.Error("down over HTTP did not take")
	}
	if n := s.Requests()["GET /API/jobtype"]; n != 3 {
		t.Errorf("counted %d requests, want 3 (dropped ones count)", n)
	}
}

func putJSON(t *testing.T, url, body string, want int) []byte {
	t.Helper()
	req, _ := http.NewRequest("PUT", url, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("PUT %s: %d, want %d: %s", url, resp.StatusCode, want, buf.Bytes())
	}
	return buf.Bytes()
}

func TestRequestCountersPerRoute(t *testing.T) {
	s := startServer(t, Options{})
	expect(t, s, 200, "GET", "/API/job/VX-51", nil)
	expect(t, s, 200, "GET", "/API/job/VX-52", nil)
	expect(t, s, 404, "GET", "/API/job/VX-999999", nil)
	expect(t, s, 200, "GET", "/API/job;type=TRANSCODE?user=false", nil)
	expect(t, s, 401, "GET", "/API/task-definition/1", nil, "Authorization", "")
	s.SetFaults(Faults{Rate: 1, Kinds: []string{"503"}})
	expect(t, s, 503, "GET", "/API/task-definition/2", nil)
	s.SetFaults(Faults{})
	got := s.Requests()
	want := map[string]int{"GET /API/job/{id}": 3, "GET /API/job": 1, "GET /API/task-definition/{id}": 2}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s counted %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	resp, err := http.Get(s.URL() + "/mock/requests")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Requests map[string]int `json:"requests"`
		Total    int            `json:"total"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if doc.Total != 6 || doc.Requests["GET /API/job/{id}"] != 3 {
		t.Errorf("/mock/requests: %+v", doc)
	}
	req, _ := http.NewRequest("DELETE", s.URL()+"/mock/requests", nil)
	if _, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	if len(s.Requests()) != 0 {
		t.Errorf("after reset: %v", s.Requests())
	}
}

func TestFaultsAndClockOverHTTP(t *testing.T) {
	clock := NewManualClock(epoch)
	s := startServer(t, Options{Clock: clock})
	body := `{"rate":1,"kinds":["429"],"retry_after":3,"latency_ms":0,"seed":9,"paths":["/jobtype"]}`
	putJSON(t, s.URL()+"/mock/faults", body, 200)
	if r := expect(t, s, 429, "GET", "/API/jobtype", nil); r.header.Get("Retry-After") != "3" {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	resp, _ := http.Get(s.URL() + "/mock/faults")
	var f faultsJSON
	_ = json.NewDecoder(resp.Body).Decode(&f)
	resp.Body.Close()
	if f.Rate != 1 || f.RetryAfter != 3 || f.Seed != 9 || strings.Join(f.Kinds, ",") != "429" || strings.Join(f.Paths, ",") != "/jobtype" {
		t.Errorf("GET /mock/faults: %+v", f)
	}
	putJSON(t, s.URL()+"/mock/faults", `{"rate":1,"kinds":["teapot"]}`, 400)
	putJSON(t, s.URL()+"/mock/faults", `{"rate":2,"kinds":["503"]}`, 400)

	resp, err := http.Post(s.URL()+"/mock/clock/advance?by=90s", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := clock.Now(); !got.Equal(epoch.Add(90 * time.Second)) {
		t.Errorf("clock at %v after advancing 90s", got)
	}
	resp, _ = http.Post(s.URL()+"/mock/clock/advance?by=soon", "", nil)
	if resp.StatusCode != 400 {
		t.Errorf("bad duration: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestGeneratedJobsAreDeterministic(t *testing.T) {
	page := func(s *Server) string {
		r := expect(t, s, 200, "GET", "/API/job?user=false&number=50&first=500&metadata=true&sort=jobId%20asc", nil)
		return string(r.body)
	}
	a := startServer(t, Options{Seed: 3, ExtraJobs: 1000})
	b := startServer(t, Options{Seed: 3, ExtraJobs: 1000})
	c := startServer(t, Options{Seed: 4, ExtraJobs: 1000})
	if page(a) != page(b) {
		t.Error("the same seed generated different jobs")
	}
	if page(a) == page(c) {
		t.Error("seeds 3 and 4 generated the same jobs")
	}
	if l := listJobs(t, a, "/API/job?user=false&number=1"); l.Hits != 1000+len(seedTable(t)) {
		t.Errorf("hits %d, want 1000 generated plus the seed", l.Hits)
	}
	// Generated jobs stay before the test epoch, like the seed.
	l := listJobs(t, a, "/API/job?user=false&number=1&sort=startTime%20desc")
	if last, _ := parseTime(l.Job[0].Started); !last.Before(epoch) {
		t.Errorf("latest job starts %s", l.Job[0].Started)
	}
}

func TestListenAndServeStopsWithItsContext(t *testing.T) {
	s := New(Options{Clock: NewManualClock(epoch)})
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx, "127.0.0.1:0", func(u string) { ready <- u }) }()
	u := <-ready
	if s.URL() != u || !strings.HasPrefix(u, "http://127.0.0.1:") {
		t.Errorf("URL %q, ready with %q", s.URL(), u)
	}
	expect(t, s, 200, "GET", "/API/jobtype", nil)
	cancel()
	if err := <-done; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}
