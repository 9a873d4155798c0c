package vidimock

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
)

// FuzzParseJobQuery feeds matrix and query strings to the GET /API/job parameter parser: it
// must never panic, and either accept with sane values or refuse with a 400 invalidInput.
func FuzzParseJobQuery(f *testing.F) {
	for _, seed := range [][2]string{
		{"type=TRANSCODE;state=FINISHED", "first=1&number=10"},
		{"type=all;first=0;number=100;sort=jobId%20desc", "metadata=true&step=true"},
		{"", "jobmetadata=itemId%3DVX-1&jobmetadata=tag%3D*mp4*&user=false"},
		{"state=ABORT_PENDING", "priority=HIGH,LOW&sort=priority+desc,startTime+asc"},
		{"user=false", "starttime-from=2026-03-02T08:00:00.000%2B0000&finishtime-to=2026-03-05"},
		{"sort=size", "type=NOPE&first=-1"},
		{";;=;a=%zz", "jobmetadata=&sort=,,&number=99999999999999999999"},
	} {
		f.Add(seed[0], seed[1])
	}
	st := newState(1, 0)
	f.Fuzz(func(t *testing.T, matrix, query string) {
		qv, _ := url.ParseQuery(query)
		q, err := parseJobQuery(parseMatrix(matrix), qv, st.jobTypeExists)
		if err != nil {
			if err.status != 400 || err.doc.InvalidInput == nil {
				t.Fatalf("refused with %d %+v", err.status, err.doc)
			}
			return
		}
		if q.first < 1 || q.number < 0 {
			t.Fatalf("first %d, number %d", q.first, q.number)
		}
		for _, k := range q.sort {
			if !slices.Contains(sortFields, k.field) {
				t.Fatalf("sort field %q", k.field)
			}
		}
		q.run(st.jobs, epoch, "admin")
	})
}

// FuzzJobListRequest sends whole GET /API/job requests with fuzzed matrix and query parts
// through the handler: the answer is 200 or 400, never a panic or a 5xx.
func FuzzJobListRequest(f *testing.F) {
	f.Add("type=IMPORT;state=FAILED_TOTAL", "user=false&number=5&sort=jobId%20desc")
	f.Add("number=2;first=3", "jobmetadata=itemId%3DVX-2&metadata=true")
	f.Add("sort=state%20desc", "idonly=true&user=false")
	s := New(Options{Clock: NewManualClock(epoch)})
	f.Fuzz(func(t *testing.T, matrix, query string) {
		req, err := http.NewRequest("GET", "http://mock/API/job;"+matrix+"?"+query, nil)
		if err != nil {
			return
		}
		req.SetBasicAuth(AdminUser, AdminPassword)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 400 && rec.Code != 404 {
			t.Fatalf("status %d for ;%s?%s: %s", rec.Code, matrix, query, rec.Body)
		}
	})
}
