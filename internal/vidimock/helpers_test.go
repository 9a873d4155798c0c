package vidimock

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// epoch is after every seeded job, like the provider tests' clock.
var epoch = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func startServer(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = NewManualClock(epoch)
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// response is what a test reads back from the server.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// send makes one request. Headers come as name/value pairs; without an Authorization pair the
// request uses the admin's Basic credentials, and Authorization "" sends none.
func send(t testing.TB, s *Server, method, path string, body any, headers ...string) (response, error) {
	t.Helper()
	var rd io.Reader
	contentType := "application/json"
	if text, ok := body.([]byte); ok { // a text/plain body, sent as it is
		rd, contentType = bytes.NewReader(text), "text/plain"
	} else if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(AdminUser, AdminPassword)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Authorization" && headers[i+1] == "" {
			req.Header.Del("Authorization")
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	// A fresh transport per request: dropped connections must not leak into the next request.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	return response{resp.StatusCode, resp.Header, raw}, nil
}

// expect makes a request that must reach the server and answer with status want.
func expect(t testing.TB, s *Server, want int, method, path string, body any, headers ...string) response {
	t.Helper()
	r, err := send(t, s, method, path, body, headers...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if r.status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, want, r.body)
	}
	return r
}

func basic(user, password string) []string {
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth(user, password)
	return []string{"Authorization", req.Header.Get("Authorization")}
}

type testJob struct {
	JobID       string `json:"jobId"`
	User        string `json:"user"`
	Started     string `json:"started"`
	Finished    string `json:"finished"`
	Status      string `json:"status"`
	Type        string `json:"type"`
	Priority    string `json:"priority"`
	CurrentStep *struct {
		Description string `json:"description"`
		Number      int    `json:"number"`
		Status      string `json:"status"`
	} `json:"currentStep"`
	TotalSteps int        `json:"totalSteps"`
	Data       []keyValue `json:"data"`
	Log        *struct {
		Task []struct {
			Step         int    `json:"step"`
			Status       string `json:"status"`
			ErrorMessage string `json:"errorMessage"`
			Progress     *struct {
				Value float64 `json:"value"`
			} `json:"progress"`
		} `json:"task"`
	} `json:"log"`
}

func (j testJob) data(key string) string {
	for _, d := range j.Data {
		if d.Key == key {
			return d.Value
		}
	}
	return ""
}

type testJobList struct {
	Hits int       `json:"hits"`
	Job  []testJob `json:"job"`
}

func listJobs(t testing.TB, s *Server, path string, headers ...string) testJobList {
	t.Helper()
	var l testJobList
	expect(t, s, 200, "GET", path, nil, headers...).decode(t, &l)
	return l
}

func ids(l testJobList) string {
	var out []string
	for _, j := range l.Job {
		out = append(out, j.JobID)
	}
	return strings.Join(out, ",")
}

func getJob(t testing.TB, s *Server, id string) testJob {
	t.Helper()
	var j testJob
	expect(t, s, 200, "GET", "/API/job/"+id, nil).decode(t, &j)
	return j
}

// errorDocument decodes an ExceptionDocument and checks it has all nine members.
func errorDocument(t testing.TB, r response) map[string]map[string]any {
	t.Helper()
	var doc map[string]map[string]any
	r.decode(t, &doc)
	for _, k := range []string{"notFound", "internalServer", "forbidden", "notYetImplemented", "conflict", "invalidInput", "licenseFault", "fileAlreadyExists", "notAuthorized"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("error document lacks %q: %s", k, r.body)
		}
	}
	return doc
}
