package vidispine

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fault decides how the server answers the n-th POST after it has (or has not) stored the
// object. It returns true when it answered.
type fault func(t *testing.T, w http.ResponseWriter, n int) bool

var (
	createdThen503 = func(t *testing.T, w http.ResponseWriter, n int) bool {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	createdThenDropped = func(t *testing.T, w http.ResponseWriter, n int) bool {
		if n == 1 {
			dropConnection(t, w)
			return true
		}
		return false
	}
	createdThen504 = func(t *testing.T, w http.ResponseWriter, n int) bool {
		if n == 1 {
			w.WriteHeader(http.StatusGatewayTimeout)
			return true
		}
		return false
	}
	noFault = func(*testing.T, http.ResponseWriter, int) bool { return false }
)

// taskDefServer stores task definitions per job type and step, like VidiCore.
type taskDefServer struct {
	t        *testing.T
	mu       sync.Mutex
	byID     map[int]TaskDefinition
	nextID   int
	calls    counter
	posts    int
	stored   fault // applied after storing
	rejected fault // applied before storing
	verifyOK bool  // false: step lookups after the first answer 500
}

func newTaskDefServer(t *testing.T) *taskDefServer {
	return &taskDefServer{t: t, byID: map[int]TaskDefinition{}, nextID: 1000, stored: noFault, rejected: noFault, verifyOK: true}
}

func (s *taskDefServer) postCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts
}

func (s *taskDefServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID)
}

func (s *taskDefServer) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/task-definition/jobtype/{type}/step/{step}", func(w http.ResponseWriter, r *http.Request) {
		if n := s.calls.add(r); n > 1 && !s.verifyOK {
			exception(w, 500, KindInternalServer, map[string]any{"message": "boom"})
			return
		}
		step, _ := strconv.Atoi(r.PathValue("step"))
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, td := range s.byID {
			if td.JobType == r.PathValue("type") && td.Step == step {
				writeJSON(w, 200, td)
				return
			}
		}
		notFound(w, "task-definition", r.PathValue("type")+"/"+r.PathValue("step"))
	})
	mux.HandleFunc("GET /API/task-definition/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.calls.add(r)
		id, _ := strconv.Atoi(r.PathValue("id"))
		s.mu.Lock()
		defer s.mu.Unlock()
		td, ok := s.byID[id]
		if !ok {
			notFound(w, "task-definition", r.PathValue("id"))
			return
		}
		writeJSON(w, 200, td)
	})
	mux.HandleFunc("POST /API/task-definition", func(w http.ResponseWriter, r *http.Request) {
		s.calls.add(r)
		if r.Header.Get("Content-Type") != "application/json" {
			s.t.Errorf("POST Content-Type = %q", r.Header.Get("Content-Type"))
		}
		var doc taskDefinitionList
		if err := json.NewDecoder(r.Body).Decode(&doc); err != nil || len(doc.Task) != 1 {
			exception(w, 400, KindInvalidInput, map[string]any{"explanation": "bad document"})
			return
		}
		s.mu.Lock()
		s.posts++
		n := s.posts
		s.mu.Unlock()
		if s.rejected(s.t, w, n) {
			return
		}
		s.mu.Lock()
		s.nextID++
		td := doc.Task[0]
		td.ID = s.nextID
		s.byID[td.ID] = td
		s.mu.Unlock()
		if s.stored(s.t, w, n) {
			return
		}
		writeJSON(w, 200, map[string]any{"uri": []string{strconv.Itoa(td.ID)}})
	})
	mux.HandleFunc("PUT /API/task-definition/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.calls.add(r)
		id, _ := strconv.Atoi(r.PathValue("id"))
		var td TaskDefinition
		if err := json.NewDecoder(r.Body).Decode(&td); err != nil {
			exception(w, 400, KindInvalidInput, map[string]any{"explanation": "bad document"})
			return
		}
		s.mu.Lock()
		s.byID[id] = td
		s.mu.Unlock()
		if !s.stored(s.t, w, 1) {
			writeJSON(w, 200, td)
		}
	})
	mux.HandleFunc("DELETE /API/task-definition/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.calls.add(r)
		id, _ := strconv.Atoi(r.PathValue("id"))
		s.mu.Lock()
		delete(s.byID, id)
		s.mu.Unlock()
		if !s.stored(s.t, w, 1) {
			w.WriteHeader(http.StatusOK)
		}
	})
	return mux
}

func scriptStep(jobType string, step int) TaskDefinition {
	critical := true
	return TaskDefinition{JobType: jobType, Step: step, Script: "job.log('hi')", Description: "say hi", Critical: &critical}
}

func TestCreateTaskDefinitionNeverDuplicates(t *testing.T) {
	for _, tt := range []struct {
		name      string
		stored    fault
		rejected  fault
		wantPosts int
		// step lookups: the free-step check, plus one verification per unclear failure
		wantLookups int
	}{
		{"success", noFault, noFault, 1, 1},
		{"stored then 503", createdThen503, noFault, 1, 2},
		{"stored then connection dropped", createdThenDropped, noFault, 1, 2},
		{"503 before storing: verified, then sent again", noFault, createdThen503, 2, 2},
		{"429 before storing: sent again without verifying", noFault, func(_ *testing.T, w http.ResponseWriter, n int) bool {
			if n == 1 {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(http.StatusTooManyRequests)
				return true
			}
			return false
		}, 2, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newTaskDefServer(t)
			s.stored, s.rejected = tt.stored, tt.rejected
			tc := newTestClient(t, s.handler(), noKeepAlive)
			got, err := tc.CreateTaskDefinition(context.Background(), scriptStep("MY_JOB", 100), nil)
			if err != nil {
				t.Fatalf("CreateTaskDefinition: %v", err)
			}
			if got.ID == 0 || got.JobType != "MY_JOB" || got.Step != 100 || got.Script != "job.log('hi')" {
				t.Errorf("returned %+v", got)
			}
			if s.count() != 1 {
				t.Errorf("server holds %d task definitions, want exactly 1", s.count())
			}
			if s.postCount() != tt.wantPosts {
				t.Errorf("server saw %d POSTs, want %d", s.postCount(), tt.wantPosts)
			}
			if got := s.calls.get("GET /API/task-definition/jobtype/MY_JOB/step/100"); got != tt.wantLookups {
				t.Errorf("step looked up %d times, want %d", got, tt.wantLookups)
			}
		})
	}
}

func TestCreateTaskDefinitionStepTaken(t *testing.T) {
	s := newTaskDefServer(t)
	tc := newTestClient(t, s.handler())
	first, err := tc.CreateTaskDefinition(context.Background(), scriptStep("MY_JOB", 100), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tc.CreateTaskDefinition(context.Background(), scriptStep("MY_JOB", 100), nil)
	if !IsConflict(err) {
		t.Fatalf("IsConflict(%v) = false", err)
	}
	want := fmt.Sprintf("job type MY_JOB already has a step 100 (task definition id %d)", first.ID)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	if s.postCount() != 1 {
		t.Errorf("server saw %d POSTs, want 1", s.postCount())
	}
}

func TestCreateTaskDefinitionVerificationFails(t *testing.T) {
	s := newTaskDefServer(t)
	s.stored = func(_ *testing.T, w http.ResponseWriter, _ int) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}
	s.verifyOK = false
	tc := newTestClient(t, s.handler())
	_, err := tc.CreateTaskDefinition(context.Background(), scriptStep("MY_JOB", 100), nil)
	if err == nil {
		t.Fatal("want an error")
	}
	if !strings.Contains(err.Error(), "not sent again") {
		t.Errorf("error %q does not explain that the POST was not repeated", err)
	}
	if s.postCount() != 1 || s.count() != 1 {
		t.Errorf("posts = %d, stored = %d; want 1 and 1", s.postCount(), s.count())
	}
}

func TestCreateTaskDefinitionGivesUpWithoutDuplicates(t *testing.T) {
	s := newTaskDefServer(t)
	s.rejected = func(_ *testing.T, w http.ResponseWriter, _ int) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}
	tc := newTestClient(t, s.handler(), func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := tc.CreateTaskDefinition(context.Background(), scriptStep("MY_JOB", 100), nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("err = %v, want the 503", err)
	}
	if s.postCount() != 3 || s.count() != 0 {
		t.Errorf("posts = %d, stored = %d; want 3 attempts and nothing stored", s.postCount(), s.count())
	}
	// One free-step check, then a verification after each of the three failures.
	if got := s.calls.get("GET /API/task-definition/jobtype/MY_JOB/step/100"); got != 4 {
		t.Errorf("step looked up %d times, want 4", got)
	}
}

// dialFailTransport fails the first n requests as if the server were not reachable.
type dialFailTransport struct {
	mu   sync.Mutex
	n    int
	next http.RoundTripper
}

func (d *dialFailTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	fail := r.Method == "POST" && d.n > 0
	if fail {
		d.n--
	}
	d.mu.Unlock()
	if fail {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	}
	return d.next.RoundTrip(r)
}

func TestCreateTaskDefinitionRetriesBlindlyOnlyWhenNeverSent(t *testing.T) {
	s := newTaskDefServer(t)
	dt := &dialFailTransport{n: 2, next: http.DefaultTransport}
	tc := newTestClient(t, s.handler(), func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: dt} })
	if _, err := tc.CreateTaskDefinition(context.Background(), scriptStep("MY_JOB", 7), nil); err != nil {
		t.Fatal(err)
	}
	if s.postCount() != 1 || s.count() != 1 {
		t.Errorf("posts = %d, stored = %d; want 1 and 1", s.postCount(), s.count())
	}
	// Only the free-step check: a refused connection needs no verification.
	if got := s.calls.get("GET /API/task-definition/jobtype/MY_JOB/step/7"); got != 1 {
		t.Errorf("step looked up %d times, want 1", got)
	}
	if got := len(tc.recordedWaits()); got != 2 {
		t.Errorf("client backed off %d times, want 2", got)
	}
}

func TestCreateJobTypeNeverDuplicates(t *testing.T) {
	for _, tt := range []struct {
		name   string
		stored fault
	}{{"success", noFault}, {"stored then 504", createdThen504}, {"stored then dropped", createdThenDropped}} {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu    sync.Mutex
				types = []string{"IMPORT", "TRANSCODE"}
				ids   = map[string]string{}
				posts int
			)
			mux := http.NewServeMux()
			mux.HandleFunc("GET /API/jobtype", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				defer mu.Unlock()
				writeJSON(w, 200, map[string]any{"uri": types})
			})
			mux.HandleFunc("POST /API/task-definition/jobtype/{name}", func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Content-Type") != "" {
					t.Errorf("bodiless POST sent Content-Type %q", r.Header.Get("Content-Type"))
				}
				mu.Lock()
				posts++
				n := posts
				types = append(types, r.PathValue("name"))
				ids[r.PathValue("name")] = r.URL.Query().Get("id")
				mu.Unlock()
				if tt.stored(t, w, n) {
					return
				}
				writeJSON(w, 200, map[string]any{})
			})
			tc := newTestClient(t, mux, noKeepAlive)
			if err := tc.CreateJobType(context.Background(), "ACME_STITCH", 20001); err != nil {
				t.Fatalf("CreateJobType: %v", err)
			}
			mu.Lock()
			if posts != 1 || ids["ACME_STITCH"] != "20001" {
				t.Errorf("posts = %d, ids = %v", posts, ids)
			}
			mu.Unlock()
			err := tc.CreateJobType(context.Background(), "ACME_STITCH", 20002)
			if !IsConflict(err) || !strings.Contains(err.Error(), "job type ACME_STITCH already exists") {
				t.Errorf("second create: %v, want a conflict", err)
			}
			mu.Lock()
			if posts != 1 {
				t.Errorf("posts = %d after the refused second create", posts)
			}
			mu.Unlock()
		})
	}
}

// notificationServer stores job notifications with VX- ids.
func notificationServer(t *testing.T, stored fault, extraOnPost *Notification) (http.Handler, func() (map[string]Notification, int)) {
	var (
		posts int
		mu    sync.Mutex
		docs  = map[string]json.RawMessage{
			"VX-1": json.RawMessage(`{"action":{"http":{"synchronous":false,"url":"http://old/","method":"GET"}},"trigger":{"job":{"create":""}}}`),
		}
		order = []string{"VX-1"}
		ids   seqID
	)
	ids.n.Store(1)
	store := func(raw json.RawMessage) string {
		id := ids.next()
		docs[id], order = raw, append(order, id)
		return id
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job/notification", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		writeJSON(w, 200, map[string]any{"uri": order})
	})
	mux.HandleFunc("GET /API/job/notification/{id}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		raw, ok := docs[r.PathValue("id")]
		if !ok {
			notFound(w, "notification", r.PathValue("id"))
			return
		}
		// The server adds defaults we did not send.
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		if h, ok := m["action"].(map[string]any)["http"].(map[string]any); ok && h["method"] == nil {
			h["method"] = "GET"
		}
		writeJSON(w, 200, m)
	})
	mux.HandleFunc("POST /API/job/notification", func(w http.ResponseWriter, r *http.Request) {
		var raw json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
			exception(w, 400, KindInvalidInput, map[string]any{"explanation": err.Error()})
			return
		}
		mu.Lock()
		posts++
		n := posts
		if extraOnPost != nil { // someone else creates a notification at the same time
			b, _ := json.Marshal(extraOnPost)
			store(b)
		}
		id := store(raw)
		mu.Unlock()
		if stored(t, w, n) {
			return
		}
		writeJSON(w, 200, map[string]any{"uri": []string{id}})
	})
	snapshot := func() (map[string]Notification, int) {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]Notification{}
		for id, raw := range docs {
			var n Notification
			if err := json.Unmarshal(raw, &n); err != nil {
				t.Errorf("stored notification %s: %v", id, err)
			}
			out[id] = n
		}
		return out, posts
	}
	return mux, snapshot
}

func TestCreateNotificationNeverDuplicates(t *testing.T) {
	retry := 3
	want := Notification{
		Action:  NotificationAction{HTTP: &HTTPAction{URL: "http://hook/job", ActionCommon: ActionCommon{Retry: &retry}, ContentType: "application/json", Timeout: "5"}},
		Trigger: NotificationTrigger{Job: &JobTrigger{Event: "finished", Filter: &JobTriggerFilter{Type: "TRANSCODE"}}},
	}
	other := Notification{
		Action:  NotificationAction{HTTP: &HTTPAction{URL: "http://someone-else/"}},
		Trigger: NotificationTrigger{Job: &JobTrigger{Event: "finished", Filter: &JobTriggerFilter{Type: "TRANSCODE"}}},
	}
	for _, tt := range []struct {
		name   string
		stored fault
	}{{"success", noFault}, {"stored then 503", createdThen503}, {"stored then dropped", createdThenDropped}} {
		t.Run(tt.name, func(t *testing.T) {
			h, snapshot := notificationServer(t, tt.stored, &other)
			tc := newTestClient(t, h, noKeepAlive)
			got, err := tc.CreateNotification(context.Background(), want)
			if err != nil {
				t.Fatalf("CreateNotification: %v", err)
			}
			stored, posts := snapshot()
			if posts != 1 {
				t.Errorf("server saw %d POSTs, want 1", posts)
			}
			// VX-1 existed, VX-2 is the other client's, VX-3 is ours.
			if got.ID != "VX-3" || got.Action.HTTP == nil || got.Action.HTTP.URL != "http://hook/job" {
				t.Errorf("returned %+v", got)
			}
			if n := len(stored); n != 3 {
				t.Errorf("server holds %d notifications, want 3", n)
			}
		})
	}
}

// jobServer serves GET /job (type filter, sort jobId desc, first/number, hits), GET
// /job/{id} and POST /job/{id}/re-run, which copies type and data to a new READY job.
type jobServer struct {
	t      *testing.T
	mu     sync.Mutex
	jobs   []Job // in id order
	ids    seqID
	posts  int
	stored fault
	// concurrent is created by "someone else" just before each re-run.
	concurrent *Job
}

func (s *jobServer) counts() (posts, jobs int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts, len(s.jobs)
}

func newJobServer(t *testing.T) *jobServer {
	s := &jobServer{t: t, stored: noFault}
	add := func(typ string, data ...KeyValue) {
		s.jobs = append(s.jobs, Job{ID: s.ids.next(), Type: typ, Status: "FAILED_TOTAL", Priority: "MEDIUM", User: "bob", Data: data})
	}
	add("TRANSCODE", KeyValue{"itemId", "VX-10"})
	add("TRANSCODE", KeyValue{"itemId", "VX-11"})
	add("IMPORT", KeyValue{"itemId", "VX-10"})
	return s
}

func (s *jobServer) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("sort") != "jobId desc" || q.Get("user") != "false" {
			s.t.Errorf("job list query %q: want sort=jobId desc and user=false", r.URL.RawQuery)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		var match []Job
		for i := len(s.jobs) - 1; i >= 0; i-- {
			if typ := q.Get("type"); (typ == "" || typ == s.jobs[i].Type) && hasJobMetadata(s.jobs[i], q["jobmetadata"]) {
				match = append(match, s.jobs[i])
			}
		}
		number, _ := strconv.Atoi(q.Get("number"))
		writeJSON(w, 200, JobList{Hits: len(match), Jobs: match[:min(number, len(match))]})
	})
	mux.HandleFunc("GET /API/job/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, j := range s.jobs {
			if j.ID == r.PathValue("id") {
				writeJSON(w, 200, j)
				return
			}
		}
		notFound(w, "Job", r.PathValue("id"))
	})
	mux.HandleFunc("POST /API/job", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		job := Job{Type: q.Get("type"), Status: "READY", Priority: cmp.Or(q.Get("priority"), "MEDIUM"), User: "bob"}
		for _, m := range q["jobmetadata"] {
			k, v, _ := strings.Cut(m, "=")
			job.Data = append(job.Data, KeyValue{k, v})
		}
		s.mu.Lock()
		s.posts++
		n := s.posts
		job.ID = s.ids.next()
		s.jobs = append(s.jobs, job)
		s.mu.Unlock()
		if s.stored(s.t, w, n) {
			return
		}
		writeJSON(w, 200, job)
	})
	mux.HandleFunc("POST /API/job/{id}/re-run", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		var orig *Job
		for i := range s.jobs {
			if s.jobs[i].ID == r.PathValue("id") {
				orig = &s.jobs[i]
			}
		}
		if orig == nil {
			s.mu.Unlock()
			notFound(w, "Job", r.PathValue("id"))
			return
		}
		s.posts++
		n := s.posts
		if s.concurrent != nil {
			other := *s.concurrent
			other.ID = s.ids.next()
			s.jobs = append(s.jobs, other)
		}
		prio := orig.Priority
		if p := r.URL.Query().Get("priority"); p != "" {
			prio = p
		}
		job := Job{ID: s.ids.next(), Type: orig.Type, Status: "READY", Priority: prio, User: "bob", Data: orig.Data}
		s.jobs = append(s.jobs, job)
		s.mu.Unlock()
		if s.stored(s.t, w, n) {
			return
		}
		writeJSON(w, 200, job)
	})
	return mux
}

func TestRerunJobNeverDuplicates(t *testing.T) {
	for _, tt := range []struct {
		name   string
		stored fault
	}{{"success", noFault}, {"stored then 503", createdThen503}, {"stored then dropped", createdThenDropped}} {
		t.Run(tt.name, func(t *testing.T) {
			s := newJobServer(t)
			s.stored = tt.stored
			// Started by someone else meanwhile: newer, same type, other data. Not ours.
			s.concurrent = &Job{Type: "TRANSCODE", Status: "READY", Priority: "HIGH", Data: []KeyValue{{"itemId", "VX-99"}}}
			tc := newTestClient(t, s.handler(), noKeepAlive)
			job, err := tc.RerunJob(context.Background(), "VX-1", "HIGH")
			if err != nil {
				t.Fatalf("RerunJob: %v", err)
			}
			if posts, jobs := s.counts(); posts != 1 || jobs != 5 {
				t.Errorf("posts = %d, jobs = %d; want one re-run (and the other client's job)", posts, jobs)
			}
			if job.ID != "VX-5" || job.Type != "TRANSCODE" || job.Metadata()["itemId"] != "VX-10" || job.Priority != "HIGH" {
				t.Errorf("returned %+v", job)
			}
		})
	}
}

// hasJobMetadata: every key=value of the jobmetadata filter is in the job's data.
func hasJobMetadata(j Job, filter []string) bool {
	for _, f := range filter {
		k, v, _ := strings.Cut(f, "=")
		if j.Metadata()[k] != v {
			return false
		}
	}
	return true
}

func TestStartJobNeverDuplicates(t *testing.T) {
	for _, tt := range []struct {
		name   string
		stored fault
	}{{"success", noFault}, {"stored then 503", createdThen503}, {"stored then dropped", createdThenDropped}, {"stored then 504", createdThen504}} {
		t.Run(tt.name, func(t *testing.T) {
			s := newJobServer(t)
			s.stored = tt.stored
			tc := newTestClient(t, s.handler(), noKeepAlive)
			job, err := tc.StartJob(context.Background(), StartJobOptions{
				Type: "TRANSCODE", Priority: "HIGH", Data: map[string]string{"itemId": "VX-10", "note": "a=b"},
			})
			if err != nil {
				t.Fatalf("StartJob: %v", err)
			}
			if posts, jobs := s.counts(); posts != 1 || jobs != 4 {
				t.Errorf("posts = %d, jobs = %d; want exactly one new job", posts, jobs)
			}
			m := job.Metadata()
			if job.ID != "VX-4" || job.Type != "TRANSCODE" || job.Priority != "HIGH" || m["itemId"] != "VX-10" || m["note"] != "a=b" {
				t.Errorf("returned %+v", job)
			}
			if len(m[StartMarkerKey]) != 32 {
				t.Errorf("start marker %q: want 32 hex digits", m[StartMarkerKey])
			}
		})
	}
}

// TestStartJobGivesUpWithoutDuplicates: every answer to POST /API/job is lost (the mock's
// drop-after fault); the job is found by its marker after the first and never posted again.
func TestStartJobGivesUpWithoutDuplicates(t *testing.T) {
	s := newJobServer(t)
	s.stored = func(t *testing.T, w http.ResponseWriter, n int) bool { dropConnection(t, w); return true }
	tc := newTestClient(t, s.handler(), noKeepAlive)
	job, err := tc.StartJob(context.Background(), StartJobOptions{Type: "IMPORT"})
	if err != nil || job == nil || job.Type != "IMPORT" {
		t.Fatalf("StartJob = %+v, %v; want the job found by its marker", job, err)
	}
	if posts, jobs := s.counts(); posts != 1 || jobs != 4 {
		t.Errorf("posts = %d, jobs = %d; want one POST, found again after its answer was lost", posts, jobs)
	}
}

func TestStartJobReservedKey(t *testing.T) {
	s := newJobServer(t)
	tc := newTestClient(t, s.handler())
	_, err := tc.StartJob(context.Background(), StartJobOptions{Type: "IMPORT", Data: map[string]string{StartMarkerKey: "x"}})
	if err == nil || !strings.Contains(err.Error(), "reserved") {
		t.Errorf("StartJob with the marker key in its data = %v; want refused", err)
	}
	if posts, _ := s.counts(); posts != 0 {
		t.Errorf("%d POSTs sent", posts)
	}
}

func TestNewerJobID(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"VX-10", "VX-9", true},
		{"VX-9", "VX-10", false},
		{"VX-9", "VX-9", false},
		{"VX-1", "", true},
		{"AB-VX-12", "AB-VX-3", true},
	} {
		if got := newerJobID(tt.a, tt.b); got != tt.want {
			t.Errorf("newerJobID(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

// TestCreateTaskDefinitionUsesTheGivenLookup: with a StepLookup (the provider's list of the
// run) a create costs the POST and the read-back, and after an unclear failure the lookup is
// asked afresh instead of sending the POST again.
func TestCreateTaskDefinitionUsesTheGivenLookup(t *testing.T) {
	for _, tt := range []struct {
		name      string
		stored    fault
		wantFresh []bool
		wantCalls map[string]int
	}{
		{"success", noFault, []bool{false}, map[string]int{"POST /API/task-definition": 1, "GET /API/task-definition/1001": 1}},
		{"stored then 503", createdThen503, []bool{false, true}, map[string]int{"POST /API/task-definition": 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newTaskDefServer(t)
			s.stored = tt.stored
			tc := newTestClient(t, s.handler(), noKeepAlive)
			var fresh []bool
			lookup := func(_ context.Context, jobType string, step int, f bool) (*TaskDefinition, error) {
				fresh = append(fresh, f)
				s.mu.Lock()
				defer s.mu.Unlock()
				for _, td := range s.byID {
					if td.JobType == jobType && td.Step == step {
						return &td, nil
					}
				}
				return nil, nil
			}
			got, err := tc.CreateTaskDefinition(context.Background(), scriptStep("MY_JOB", 100), lookup)
			if err != nil || got.ID != 1001 {
				t.Fatalf("CreateTaskDefinition = %+v, %v; want id 1001", got, err)
			}
			if s.count() != 1 {
				t.Errorf("server holds %d task definitions, want exactly 1", s.count())
			}
			if fmt.Sprint(fresh) != fmt.Sprint(tt.wantFresh) {
				t.Errorf("lookup called with fresh = %v, want %v", fresh, tt.wantFresh)
			}
			for _, route := range []string{"POST /API/task-definition", "GET /API/task-definition/1001",
				"GET /API/task-definition/jobtype/MY_JOB/step/100"} {
				if got := s.calls.get(route); got != tt.wantCalls[route] {
					t.Errorf("server saw %d × %s, want %d", got, route, tt.wantCalls[route])
				}
			}
		})
	}
}

// TestCreateTaskDefinitionReadBackFails: the POST stored the step but reading it back fails;
// the create still succeeds with the id, so the step is not left on the server unmanaged.
func TestCreateTaskDefinitionReadBackFails(t *testing.T) {
	s := newTaskDefServer(t)
	inner := s.handler()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/API/task-definition/1001" {
			exception(w, 500, KindInternalServer, map[string]any{"message": "boom"})
			return
		}
		inner.ServeHTTP(w, r)
	})
	tc := newTestClient(t, h)
	got, err := tc.CreateTaskDefinition(context.Background(), scriptStep("MY_JOB", 100), nil)
	if err != nil || got.ID != 1001 || got.Script != "job.log('hi')" {
		t.Fatalf("CreateTaskDefinition = %+v, %v; want the document as sent with id 1001", got, err)
	}
	if s.count() != 1 || s.postCount() != 1 {
		t.Errorf("server holds %d task definitions after %d POSTs, want 1 and 1", s.count(), s.postCount())
	}
}

// A notification that was created but could not be read back (the server went down right
// after the POST) is handed back as sent, with its new id: an error would leave it on the
// server unmanaged, and the next apply would create it a second time.
func TestCreateNotificationReadBackFails(t *testing.T) {
	inner, snapshot := notificationServer(t, noFault, nil)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/API/job/notification/VX-2" {
			exception(w, 500, KindInternalServer, map[string]any{"message": "boom"})
			return
		}
		inner.ServeHTTP(w, r)
	})
	tc := newTestClient(t, h)
	want := Notification{
		Action:  NotificationAction{HTTP: &HTTPAction{URL: "http://hook/job", Timeout: "5"}},
		Trigger: NotificationTrigger{Job: &JobTrigger{Event: "finished"}},
	}
	got, err := tc.CreateNotification(context.Background(), want)
	if err != nil || got.ID != "VX-2" || got.Action.HTTP == nil || got.Action.HTTP.URL != "http://hook/job" {
		t.Fatalf("CreateNotification = %+v, %v; want the document as sent with id VX-2", got, err)
	}
	if stored, posts := snapshot(); len(stored) != 2 || posts != 1 {
		t.Errorf("server holds %d notifications after %d POSTs, want 2 and 1", len(stored), posts)
	}
}

// stopOnArrival is a fault that makes the request take effect, then cancels the client's
// context (Terraform's graceful stop) and answers only after the client has gone.
func stopOnArrival(cancel context.CancelFunc) fault {
	return func(_ *testing.T, w http.ResponseWriter, _ int) bool {
		cancel()
		time.Sleep(200 * time.Millisecond)
		w.WriteHeader(http.StatusOK)
		return true
	}
}

func TestWritesCutOffByStopRecordWhatTheyMade(t *testing.T) {
	s := newTaskDefServer(t)
	tc := newTestClient(t, s.handler())

	ctx, cancel := context.WithCancel(context.Background())
	s.stored = stopOnArrival(cancel)
	created, err := tc.CreateTaskDefinition(ctx, scriptStep("MY_JOB", 5), nil)
	if err != nil || created == nil || created.Step != 5 || created.ID == 0 {
		t.Fatalf("create cut off by the stop = %+v, %v; want the stored step", created, err)
	}
	if s.postCount() != 1 || s.count() != 1 {
		t.Errorf("posts = %d, stored = %d; want 1 and 1", s.postCount(), s.count())
	}

	ctx, cancel = context.WithCancel(context.Background())
	s.stored = stopOnArrival(cancel)
	updated, err := tc.UpdateTaskDefinition(ctx, created.ID, func(td *TaskDefinition) { td.Description = "changed" })
	if err != nil || updated.Description != "changed" {
		t.Fatalf("update cut off by the stop = %+v, %v; want the changed step", updated, err)
	}

	ctx, cancel = context.WithCancel(context.Background())
	s.stored = stopOnArrival(cancel)
	if err := tc.DeleteTaskDefinition(ctx, created.ID); err != nil {
		t.Fatalf("delete cut off by the stop: %v", err)
	}
	if s.count() != 0 {
		t.Errorf("server holds %d task definitions after the delete", s.count())
	}
}

func TestWritesCutOffByStopReportWhatDidNotHappen(t *testing.T) {
	s := newTaskDefServer(t)
	tc := newTestClient(t, s.handler())
	ctx, cancel := context.WithCancel(context.Background())
	s.rejected = func(_ *testing.T, w http.ResponseWriter, _ int) bool {
		cancel()
		time.Sleep(200 * time.Millisecond)
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}
	_, err := tc.CreateTaskDefinition(ctx, scriptStep("MY_JOB", 5), nil)
	if err == nil || !strings.Contains(err.Error(), "does not show its effect, so it was not made") {
		t.Fatalf("err = %v, want the stop explained", err)
	}
	if s.postCount() != 1 || s.count() != 0 {
		t.Errorf("posts = %d, stored = %d; want 1 and 0", s.postCount(), s.count())
	}
	// After the stop nothing new is sent.
	_, err = tc.CreateTaskDefinition(ctx, scriptStep("MY_JOB", 6), nil)
	if err == nil || s.postCount() != 1 {
		t.Errorf("create after the stop: err = %v, posts = %d; want an error and no POST", err, s.postCount())
	}
}

// configServer holds documents by path, as VidiCore holds the scheduling configuration and a
// job: GET answers one, PUT stores the body (a job's ?priority sets its priority), DELETE
// removes one (the job-pool and job-priority documents are emptied instead, a job is being
// aborted). before runs ahead of a write taking effect, after once it has; either may answer
// in its place.
type configServer struct {
	t             *testing.T
	mu            sync.Mutex
	docs          map[string]map[string]any // by path below /API
	writes        int
	before, after fault
}

func newConfigServer(t *testing.T) *configServer {
	return &configServer{t: t, before: noFault, after: noFault, docs: map[string]map[string]any{
		"/configuration/job-pool":     {"concurrentJobs": 4.0, "unmodelled": "kept"},
		"/configuration/job-priority": {},
		"/job/VX-1":                   {"jobId": "VX-1", "status": "STARTED", "type": "TRANSCODE", "priority": "MEDIUM"},
	}}
}

// doc returns a copy of the document at path, nil when there is none.
func (s *configServer) doc(path string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[path]
	if !ok {
		return nil
	}
	b, _ := json.Marshal(d)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

func (s *configServer) writeCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

func (s *configServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/API")
	if r.Method == http.MethodGet {
		if d := s.doc(path); d != nil {
			writeJSON(w, 200, d)
		} else {
			notFound(w, "document", path)
		}
		return
	}
	var body map[string]any
	if r.Method == http.MethodPut && r.URL.Query().Get("priority") == "" {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			exception(w, 400, KindInvalidInput, map[string]any{"explanation": err.Error()})
			return
		}
	}
	s.mu.Lock()
	s.writes++
	n := s.writes
	s.mu.Unlock()
	if s.before(s.t, w, n) {
		return
	}
	s.mu.Lock()
	pools, _ := s.docs["/configuration/job-pool"]["pool"].([]any)
	switch {
	case r.Method == http.MethodPut && body == nil:
		s.docs[path]["priority"] = r.URL.Query().Get("priority")
	case r.Method == http.MethodPut:
		s.docs[path] = body
	case path == "/configuration/job-pool":
		delete(s.docs[path], "pool")
	case strings.HasPrefix(path, "/configuration/job-pool/"):
		s.docs["/configuration/job-pool"]["pool"] = slices.DeleteFunc(pools, func(p any) bool {
			return p.(map[string]any)["priorityThreshold"] == strings.TrimPrefix(path, "/configuration/job-pool/")
		})
	case path == "/configuration/job-priority":
		s.docs[path] = map[string]any{}
	case strings.HasPrefix(path, "/job/"):
		s.docs[path]["status"] = "ABORTED_PENDING"
	default:
		delete(s.docs, path)
	}
	s.mu.Unlock()
	if !s.after(s.t, w, n) {
		w.WriteHeader(http.StatusOK)
	}
}

// configWrite is one write of the scheduling configuration or a job, cut off by the stop, with
// what the caller must get back (check) and what the server must hold afterwards when it took
// effect (made).
type configWrite struct {
	name  string
	run   func(context.Context, *Client) (any, error)
	check func(got any) bool
	made  func(*configServer) bool
}

var configWrites = []configWrite{
	{
		name: "job pools written",
		run: func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateJobPoolConfiguration(ctx, func(jp *JobPoolConfiguration) {
				jp.Pools = []JobPool{{PriorityThreshold: "HIGH", Size: 2}, {PriorityThreshold: "LOW", Size: 1}}
			})
		},
		check: func(got any) bool {
			jp := got.(*JobPoolConfiguration)
			return len(jp.Pools) == 2 && jp.Pools[0] == JobPool{"HIGH", 2} && *jp.ConcurrentJobs == 4
		},
		made: func(s *configServer) bool {
			d := s.doc("/configuration/job-pool")
			pools, _ := d["pool"].([]any)
			return len(pools) == 2 && d["unmodelled"] == "kept"
		},
	},
	{
		name: "one job pool deleted",
		run:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteJobPool(ctx, "LOW") },
		made: func(s *configServer) bool {
			pools, _ := s.doc("/configuration/job-pool")["pool"].([]any)
			return len(pools) == 1
		},
	},
	{
		name: "job pools deleted",
		run:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteJobPools(ctx) },
		made: func(s *configServer) bool { return s.doc("/configuration/job-pool")["pool"] == nil },
	},
	{
		name: "task group created",
		run: func(ctx context.Context, c *Client) (any, error) {
			return c.CreateTaskGroup(ctx, TaskGroup{Name: "hires", Priority: "HIGH", JobRules: []TaskGroupRule{{Types: []string{"TRANSCODE"}}}})
		},
		check: func(got any) bool {
			tg := got.(*TaskGroup)
			return tg.Name == "hires" && tg.Priority == "HIGH" && len(tg.JobRules) == 1
		},
		made: func(s *configServer) bool { return s.doc("/task-group/hires")["priority"] == "HIGH" },
	},
	{
		name: "task group updated",
		run: func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateTaskGroup(ctx, "hires", func(tg *TaskGroup) { tg.Priority = "LOW" })
		},
		check: func(got any) bool { return got.(*TaskGroup).Priority == "LOW" },
		made:  func(s *configServer) bool { return s.doc("/task-group/hires")["priority"] == "LOW" },
	},
	{
		name: "task group deleted",
		run:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteTaskGroup(ctx, "hires") },
		made: func(s *configServer) bool { return s.doc("/task-group/hires") == nil },
	},
	{
		name: "default priority set",
		run: func(ctx context.Context, c *Client) (any, error) {
			return c.UpdateDefaultJobPriorities(ctx, func(p *DefaultJobPriorities) { p.Set("TRANSCODE", "HIGH") })
		},
		check: func(got any) bool {
			p, ok := got.(*DefaultJobPriorities).Priority("TRANSCODE")
			return ok && p == "HIGH"
		},
		made: func(s *configServer) bool {
			return strings.Contains(fmt.Sprint(s.doc("/configuration/job-priority")["job"]), "value:HIGH")
		},
	},
	{
		name: "default priorities deleted",
		run:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteDefaultJobPriorities(ctx) },
		made: func(s *configServer) bool { return s.doc("/configuration/job-priority")["job"] == nil },
	},
	{
		name:  "job priority set",
		run:   func(ctx context.Context, c *Client) (any, error) { return c.SetJobPriority(ctx, "VX-1", "HIGHEST") },
		check: func(got any) bool { return got.(*Job).Priority == "HIGHEST" },
		made:  func(s *configServer) bool { return s.doc("/job/VX-1")["priority"] == "HIGHEST" },
	},
	{
		name: "job aborted",
		run:  func(ctx context.Context, c *Client) (any, error) { return nil, c.AbortJob(ctx, "VX-1", "", true) },
		made: func(s *configServer) bool { return s.doc("/job/VX-1")["status"] == "ABORTED_PENDING" },
	},
}

// The scheduling configuration and the job writes, each cut off by Terraform's stop after it
// took effect: each hands back what it made, found with a look-up of its own, and nothing is
// sent again.
func TestConfigWritesCutOffByStopRecordWhatTheyMade(t *testing.T) {
	s := newConfigServer(t)
	tc := newTestClient(t, s)
	for _, w := range configWrites { // in order: each builds on the one before
		ctx, cancel := context.WithCancel(context.Background())
		s.after = stopOnArrival(cancel)
		before := s.writeCount()
		got, err := w.run(ctx, tc.Client)
		if err != nil {
			t.Errorf("%s, cut off by the stop: %v; want what it made", w.name, err)
			continue
		}
		if w.check != nil && !w.check(got) {
			t.Errorf("%s, cut off by the stop, returned %+v", w.name, got)
		}
		if !w.made(s) {
			t.Errorf("%s: the server does not hold it", w.name)
		}
		if n := s.writeCount() - before; n != 1 {
			t.Errorf("%s: the server saw %d writes, want 1", w.name, n)
		}
	}
}

// The same writes cut off by the stop before they took effect: each says so, and none is sent
// again, nor sent at all once the stop has come.
func TestConfigWritesCutOffByStopReportWhatDidNotHappen(t *testing.T) {
	s := newConfigServer(t)
	// What is there before, and would be changed by each write.
	s.docs["/configuration/job-pool"]["pool"] = []any{map[string]any{"priorityThreshold": "HIGHEST", "size": 3.0}}
	s.docs["/task-group/hires"] = map[string]any{"name": "hires", "priority": "HIGH"}
	s.docs["/configuration/job-priority"] = map[string]any{"job": []any{map[string]any{"type": "TRANSCODE", "value": "LOW"}}}
	tc := newTestClient(t, s)
	for _, w := range configWrites {
		if w.name == "task group created" || w.name == "one job pool deleted" {
			continue // the group exists, so its create is refused before the PUT; there is no LOW pool
		}
		ctx, cancel := context.WithCancel(context.Background())
		s.before = func(_ *testing.T, w http.ResponseWriter, _ int) bool {
			cancel()
			time.Sleep(200 * time.Millisecond)
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		before := s.writeCount()
		_, err := w.run(ctx, tc.Client)
		if err == nil || !strings.Contains(err.Error(), "does not show its effect, so it was not made") {
			t.Errorf("%s, cut off by the stop: err = %v, want the stop explained", w.name, err)
		}
		if w.made(s) {
			t.Errorf("%s: the server holds it, but the write never took effect", w.name)
		}
		if _, err := w.run(ctx, tc.Client); err == nil || s.writeCount() != before+1 {
			t.Errorf("%s after the stop: err = %v, %d writes; want an error and no write", w.name, err, s.writeCount()-before)
		}
	}
}
