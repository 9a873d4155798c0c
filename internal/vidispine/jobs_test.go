package vidispine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestListJobsQueryEncoding(t *testing.T) {
	var raw string
	tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.RawQuery
		writeJSON(w, 200, map[string]any{"hits": 0})
	}))
	_, err := tc.ListJobs(context.Background(), ListJobsOptions{
		Types: []string{"IMPORT", "TRANSCODE"}, States: []string{"FINISHED", "FAILED_TOTAL"}, Priorities: []string{"HIGH"},
		First: 1, Number: 100, Sort: "jobId desc", AllUsers: true, IncludeSteps: true, IncludeMetadata: true,
		JobMetadata:  []KeyValue{{"itemId", "VX-1"}, {"foo", "a=b c"}},
		StartedAfter: "2024-01-01T00:00:00.000+0000", StartedBefore: "2024-02-01T00:00:00Z",
		FinishedAfter: "2024-01-02T00:00:00Z", FinishedBefore: "2024-01-03T00:00:00Z",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"type=IMPORT,TRANSCODE", "state=FINISHED,FAILED_TOTAL", "priority=HIGH", "first=1", "number=100",
		"sort=jobId%20desc", "user=false", "step=true", "metadata=true",
		"jobmetadata=itemId%3DVX-1&jobmetadata=foo%3Da%3Db%20c",
		"starttime-from=2024-01-01T00%3A00%3A00.000%2B0000", "finishtime-to=2024-01-03T00%3A00%3A00Z",
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("query %q lacks %q", raw, want)
		}
	}
	q, _ := url.ParseQuery(raw)
	if got := q.Get("starttime-to") + "|" + q.Get("finishtime-from"); got != "2024-02-01T00:00:00Z|2024-01-02T00:00:00Z" {
		t.Errorf("time window = %s", got)
	}

	// Defaults: only user=true (the server's own default, stated explicitly).
	if _, err := tc.ListJobs(context.Background(), ListJobsOptions{}); err != nil {
		t.Fatal(err)
	}
	if raw != "user=true" {
		t.Errorf("default query = %q, want user=true", raw)
	}
}

// pagedJobServer serves n jobs VX-n..VX-1 (jobId desc), 1-based first, recording the pages.
func pagedJobServer(t *testing.T, n int) (http.Handler, func() []string) {
	var (
		mu    sync.Mutex
		pages []string
	)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		first, _ := strconv.Atoi(q.Get("first"))
		number, _ := strconv.Atoi(q.Get("number"))
		if first < 1 || number < 1 {
			t.Errorf("page query %q: want first >= 1 and number >= 1", r.URL.RawQuery)
		}
		if number > 1000 {
			t.Errorf("page of %d jobs asked for", number)
		}
		mu.Lock()
		pages = append(pages, q.Get("first")+"+"+q.Get("number"))
		mu.Unlock()
		var jobs []Job
		for pos := first; pos < first+number && pos <= n; pos++ {
			jobs = append(jobs, Job{ID: fmt.Sprintf("VX-%d", n-pos+1), Status: "FINISHED", Type: "IMPORT", Priority: "MEDIUM"})
		}
		writeJSON(w, 200, JobList{Hits: n, Jobs: jobs})
	})
	return h, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), pages...)
	}
}

func TestListAllJobsPaging(t *testing.T) {
	for _, tt := range []struct {
		name      string
		total     int
		opts      ListJobsOptions
		limit     int
		wantJobs  int
		wantPages []string
		wantFirst string
	}{
		{"all, default pages of 1000", 2500, ListJobsOptions{}, 0, 2500, []string{"1+1000", "1001+1000", "2001+1000"}, "VX-2500"},
		{"limit smaller than hits", 2500, ListJobsOptions{}, 1500, 1500, []string{"1+1000", "1001+500"}, "VX-2500"},
		{"limit larger than hits", 2500, ListJobsOptions{}, 5000, 2500, []string{"1+1000", "1001+1000", "2001+1000"}, "VX-2500"},
		{"exact page boundary", 2000, ListJobsOptions{}, 0, 2000, []string{"1+1000", "1001+1000"}, "VX-2000"},
		{"own page size and limit", 1000, ListJobsOptions{Number: 300}, 700, 700, []string{"1+300", "301+300", "601+100"}, "VX-1000"},
		{"page size above 1000 is capped", 1500, ListJobsOptions{Number: 5000}, 0, 1500, []string{"1+1000", "1001+1000"}, "VX-1500"},
		{"starting later", 2500, ListJobsOptions{First: 2401}, 0, 100, []string{"2401+1000"}, "VX-100"},
		{"empty", 0, ListJobsOptions{}, 10, 0, []string{"1+10"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, pages := pagedJobServer(t, tt.total)
			tc := newTestClient(t, h)
			jobs, hits, err := tc.ListAllJobs(context.Background(), tt.opts, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if hits != tt.total || len(jobs) != tt.wantJobs {
				t.Errorf("hits = %d, jobs = %d; want %d and %d", hits, len(jobs), tt.total, tt.wantJobs)
			}
			if got := pages(); !reflect.DeepEqual(got, tt.wantPages) {
				t.Errorf("pages = %v, want %v", got, tt.wantPages)
			}
			seen := map[string]bool{}
			for i, j := range jobs {
				if seen[j.ID] {
					t.Fatalf("job %s returned twice", j.ID)
				}
				seen[j.ID] = true
				if i == 0 && j.ID != tt.wantFirst {
					t.Errorf("first job = %s, want %s", j.ID, tt.wantFirst)
				}
			}
		})
	}
}

func TestCountJobs(t *testing.T) {
	var raw string
	tc := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.RawQuery
		writeJSON(w, 200, map[string]any{"hits": "4711", "job": []map[string]string{{"jobId": "VX-1"}}})
	}))
	n, err := tc.CountJobs(context.Background(), ListJobsOptions{States: []string{"FAILED_TOTAL"}, Number: 500, IncludeMetadata: true})
	if err != nil || n != 4711 {
		t.Fatalf("CountJobs = %d, %v", n, err)
	}
	q, _ := url.ParseQuery(raw)
	if q.Get("number") != "1" || q.Get("state") != "FAILED_TOTAL" || q.Has("metadata") {
		t.Errorf("count query = %q", raw)
	}
}

func TestJobCalls(t *testing.T) {
	var log requestLog
	mux := http.NewServeMux()
	record := func(r *http.Request) { log.add(r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery) }
	mux.HandleFunc("GET /API/job/{id}", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		if r.PathValue("id") == "VX-404" {
			notFound(w, "Job", "VX-404")
			return
		}
		writeJSON(w, 200, map[string]any{"jobId": r.PathValue("id"), "status": "READY", "type": "IMPORT", "priority": "LOW", "log": map[string]any{"task": []any{}}})
	})
	mux.HandleFunc("PUT /API/job/{id}", func(w http.ResponseWriter, r *http.Request) { record(r) })
	mux.HandleFunc("DELETE /API/job/{id}", func(w http.ResponseWriter, r *http.Request) { record(r) })
	mux.HandleFunc("GET /API/job/{id}/problem", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		writeJSON(w, 200, map[string]any{"problem": []any{map[string]any{"id": "12", "type": "STORAGE_OFFLINE",
			"data": []any{map[string]any{"key": "storage", "value": "VX-2"}}, "job": []any{"VX-7", "VX-8"}}}})
	})
	mux.HandleFunc("GET /API/jobtype", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		writeJSON(w, 200, map[string]any{"uri": []string{"IMPORT", "TRANSCODE", "ACME_STITCH"}})
	})
	mux.HandleFunc("GET /API/task-definition/jobtype/{type}", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		writeJSON(w, 200, map[string]any{"task": []any{map[string]any{"id": 1, "step": 100, "jobType": r.PathValue("type"), "bean": "B", "method": "m"}}})
	})
	mux.HandleFunc("GET /API/user/{name}", func(w http.ResponseWriter, r *http.Request) {
		record(r)
		writeJSON(w, 200, map[string]any{"userName": r.PathValue("name"), "groupList": map[string]any{"group": []any{map[string]any{"groupName": "_administrator", "role": true}}}})
	})
	tc := newTestClient(t, mux)
	ctx := context.Background()

	job, err := tc.GetJob(ctx, "VX-7", true)
	if err != nil || job.ID != "VX-7" || job.Log == nil {
		t.Errorf("GetJob = %+v, %v", job, err)
	}
	if _, err := tc.GetJob(ctx, "VX-404", false); !IsNotFound(err) || !strings.Contains(err.Error(), "Job VX-404 does not exist") {
		t.Errorf("GetJob(unknown) = %v", err)
	}
	if _, err := tc.SetJobPriority(ctx, "VX-7", "HIGHEST"); err != nil {
		t.Error(err)
	}
	if err := tc.AbortJob(ctx, "VX-7", "no longer needed", false); err != nil {
		t.Error(err)
	}
	problems, err := tc.JobProblems(ctx, "VX-7")
	want := []JobProblem{{ID: 12, Type: "STORAGE_OFFLINE", Data: []KeyValue{{"storage", "VX-2"}}, Jobs: []string{"VX-7", "VX-8"}}}
	if err != nil || !reflect.DeepEqual(problems, want) {
		t.Errorf("JobProblems = %+v, %v", problems, err)
	}
	types, err := tc.ListJobTypes(ctx)
	if err != nil || !reflect.DeepEqual(types, []string{"IMPORT", "TRANSCODE", "ACME_STITCH"}) {
		t.Errorf("ListJobTypes = %v, %v", types, err)
	}
	tds, err := tc.ListTaskDefinitions(ctx, "ACME_STITCH")
	if err != nil || len(tds) != 1 || tds[0].Bean != "B" || tds[0].JobType != "ACME_STITCH" {
		t.Errorf("ListTaskDefinitions = %+v, %v", tds, err)
	}
	u, err := tc.GetUser(ctx, "alice")
	if err != nil || !u.HasRole("_administrator") {
		t.Errorf("GetUser = %+v, %v", u, err)
	}

	wantSeen := []string{
		"GET /API/job/VX-7?metadata=true",
		"GET /API/job/VX-404?",
		"PUT /API/job/VX-7?priority=HIGHEST",
		"GET /API/job/VX-7?", // the read-back
		"DELETE /API/job/VX-7?cleanup=false&reason=no%20longer%20needed",
		"GET /API/job/VX-7/problem?",
		"GET /API/jobtype?",
		"GET /API/task-definition/jobtype/ACME_STITCH?",
		"GET /API/user/alice?",
	}
	if seen := log.list(); !reflect.DeepEqual(seen, wantSeen) {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(wantSeen, "\n"))
	}
}

func TestIsTerminalState(t *testing.T) {
	terminal := map[string]bool{"FINISHED": true, "FINISHED_WARNING": true, "FAILED_TOTAL": true, "ABORTED": true}
	for _, s := range JobStates {
		if IsTerminalState(s) != terminal[s] {
			t.Errorf("IsTerminalState(%s) = %v", s, !terminal[s])
		}
	}
	if IsTerminalState("finished") || IsTerminalState("") {
		t.Error("unknown spellings count as terminal")
	}
}

func TestDecodeJobListTolerance(t *testing.T) {
	for _, tt := range []struct {
		name string
		body string
		want JobList
	}{
		{"empty object", `{}`, JobList{}},
		{"no hits", `{"hits":0}`, JobList{}},
		{"hits as string, unknown fields", `{"hits":"2","job":[{"jobId":"VX-1","status":"READY","type":"IMPORT","priority":"LOW","subJob":[],"x":{"y":1}},{"jobId":"VX-2"}],"extra":null}`,
			JobList{Hits: 2, Jobs: []Job{{ID: "VX-1", Status: "READY", Type: "IMPORT", Priority: "LOW"}, {ID: "VX-2"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got JobList
			if err := json.Unmarshal([]byte(tt.body), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeJobNumbersAsStrings(t *testing.T) {
	body := `{"jobId":"VX-120","user":"admin","started":"2020-10-02T15:36:54.047+0000","status":"STARTED",
	  "type":"TRANSCODE","priority":"MEDIUM","totalSteps":"5",
	  "currentStep":{"description":"Transcoding","number":"300","status":"STARTED"},
	  "data":[{"key":"itemId","value":"VX-93"},{"key":"transcodeProgress","value":42},{"key":"flag","value":true}],
	  "waiting":null,
	  "log":{"task":[{"id":"411","step":300,"attempts":"1","status":"STARTED","timestamp":"t",
	     "description":"Transcoding","progress":{"value":"42.5","total":"100","unit":"percent"},"subStep":[{"x":1}]},
	     {"id":412,"step":400,"attempts":1,"status":"READY","timestamp":"t","progress":17}]}}`
	var j Job
	if err := json.Unmarshal([]byte(body), &j); err != nil {
		t.Fatal(err)
	}
	want := Job{
		ID: "VX-120", User: "admin", Started: "2020-10-02T15:36:54.047+0000", Status: "STARTED", Type: "TRANSCODE",
		Priority: "MEDIUM", TotalSteps: 5,
		CurrentStep: &JobCurrentStep{Description: "Transcoding", Number: 300, Status: "STARTED"},
		Data:        []KeyValue{{"itemId", "VX-93"}, {"transcodeProgress", "42"}, {"flag", "true"}},
		Log: &JobLog{Task: []JobTask{
			{ID: 411, Step: 300, Attempts: 1, Status: "STARTED", Timestamp: "t", Description: "Transcoding",
				Progress: &JobProgress{Value: 42.5, Total: 100, Unit: "percent"}},
			{ID: 412, Step: 400, Attempts: 1, Status: "READY", Timestamp: "t", Progress: &JobProgress{Value: 17}},
		}},
	}
	if !reflect.DeepEqual(j, want) {
		t.Errorf("got  %+v\nwant %+v", j, want)
	}
	if m := j.Metadata(); m["itemId"] != "VX-93" || len(m) != 3 {
		t.Errorf("Metadata() = %v", m)
	}
}

func TestDecodeRejectsGarbageNumbers(t *testing.T) {
	for _, body := range []string{`{"hits":"many"}`, `{"hits":1.5}`, `{"hits":{}}`} {
		var l JobList
		if err := json.Unmarshal([]byte(body), &l); err == nil {
			t.Errorf("%s decoded without error: %+v", body, l)
		}
	}
}

// FuzzDecodeJobList: decoding never panics, and what decodes survives a round trip unchanged.
func FuzzDecodeJobList(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"hits":0}`, `{"hits":"3"}`, `null`, `[]`, `{"hits":1e3}`,
		`{"hits":1,"job":[{"jobId":"VX-1","totalSteps":"2","currentStep":{"number":"1"},"data":[{"key":"a","value":1}],` +
			`"log":{"task":[{"id":"1","step":"100","attempts":1,"progress":"12.5"},{"progress":{"value":1,"total":"2","unit":"bytes"}}]}}]}`,
		`{"job":[{"jobId":7,"log":null,"waiting":{"resourceId":"x"}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var first JobList
		if json.Unmarshal(data, &first) != nil {
			return
		}
		b1, err := json.Marshal(first)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var second JobList
		if err := json.Unmarshal(b1, &second); err != nil {
			t.Fatalf("our own encoding %s does not decode: %v", b1, err)
		}
		b2, _ := json.Marshal(second)
		if string(b1) != string(b2) {
			t.Fatalf("round trip changed the document:\n%s\n%s", b1, b2)
		}
	})
}

// TestFollowJob: FollowJob polls until the job ends, reports each change once, and waits longer
// and longer between polls while nothing changes.
func TestFollowJob(t *testing.T) {
	step := func(n int, status string) map[string]any {
		return map[string]any{"jobId": "VX-9", "status": "STARTED", "totalSteps": 2,
			"currentStep": map[string]any{"number": n, "description": fmt.Sprintf("step %d", n), "status": status}}
	}
	ready := map[string]any{"jobId": "VX-9", "status": "READY"}
	answers := []map[string]any{ready, ready, ready, ready, ready, step(1, "STARTED"), step(2, "STARTED"), step(2, "STARTED"),
		{"jobId": "VX-9", "status": "FINISHED", "totalSteps": 2}}
	var (
		mu    sync.Mutex
		polls []time.Time
	)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("metadata") == "true" {
			t.Errorf("FollowJob asked for the job's data: %s", r.URL.RawQuery)
		}
		mu.Lock()
		defer mu.Unlock()
		polls = append(polls, time.Now())
		writeJSON(w, 200, answers[min(len(polls), len(answers))-1])
	})
	tc := newTestClient(t, mux)
	var seen []string
	const interval = 10 * time.Millisecond
	job, err := tc.FollowJob(context.Background(), "VX-9", FollowOptions{
		Interval: interval, MaxInterval: 40 * time.Millisecond, OnChange: func(j *Job) { seen = append(seen, JobPosition(j)) },
	})
	if err != nil || job.Status != "FINISHED" {
		t.Fatalf("FollowJob = %+v, %v", job, err)
	}
	want := []string{"READY", "STARTED: step 1 of 2 (step 1) STARTED", "STARTED: step 2 of 2 (step 2) STARTED", "FINISHED"}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("changes reported:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
	if len(polls) != len(answers) {
		t.Fatalf("%d polls, want %d", len(polls), len(answers))
	}
	// Four unchanged READY answers: waits of 10, 15, 22 and 33 ms at least (timers never fire
	// early), where a fixed interval would have waited 40 ms in all.
	if d := polls[4].Sub(polls[0]); d < 80*time.Millisecond {
		t.Errorf("the four waits while READY took %s; want a backoff of at least 80ms", d)
	}
}

func TestFollowJobStopsWithContext(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /API/job/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"jobId": "VX-9", "status": "STARTED"})
	})
	tc := newTestClient(t, mux)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	job, err := tc.FollowJob(ctx, "VX-9", FollowOptions{Interval: 5 * time.Millisecond})
	if !errors.Is(err, context.DeadlineExceeded) || job == nil || job.Status != "STARTED" {
		t.Errorf("FollowJob = %+v, %v; want the job as last seen and the deadline", job, err)
	}
}
