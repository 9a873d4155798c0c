package vidimock

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkListJobs measures the handler (no network) on 100,060 jobs.
func BenchmarkListJobs(b *testing.B) {
	s := New(Options{Clock: NewManualClock(epoch), ExtraJobs: 100000})
	for _, bc := range []struct{ name, path string }{
		{"page1000_idDesc", "/API/job?user=false&number=1000&first=50000&sort=jobId%20desc"},
		{"page1000_startTime", "/API/job?user=false&number=1000&sort=startTime%20desc,priority%20asc&step=true"},
		{"filtered_metadata", "/API/job?user=false&type=TRANSCODE&state=FINISHED&jobmetadata=itemId%3DVX-7&metadata=true"},
		{"count_only", "/API/job?user=false&number=1&state=FAILED_TOTAL"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, _ := http.NewRequest("GET", bc.path, nil)
			req.SetBasicAuth(AdminUser, AdminPassword)
			for b.Loop() {
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
