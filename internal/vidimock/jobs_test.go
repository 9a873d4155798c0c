package vidimock

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// seedRows are the seed jobs as the table documents them, with their ids.
type seedRow struct {
	id                           string
	typ, state, prio, user, item string
}

func seedTable(t *testing.T) []seedRow {
	var rows []seedRow
	for i, r := range tableRows(seedJobs) {
		rows = append(rows, seedRow{"VX-" + strconv.Itoa(firstSeedJob+i), r[0], r[1], r[2], r[3], r[4]})
	}
	if len(rows) < 50 {
		t.Fatalf("the seed has %d jobs, want about 60", len(rows))
	}
	return rows
}

func wantIDs(rows []seedRow, keep func(seedRow) bool) string {
	var out []string
	for _, r := range rows {
		if keep(r) {
			out = append(out, r.id)
		}
	}
	return strings.Join(out, ",")
}

func TestSeedCoversEveryStatePriorityAndUser(t *testing.T) {
	s := startServer(t, Options{})
	l := listJobs(t, s, "/API/job?user=false&number=1000")
	seen := map[string]bool{}
	for _, j := range l.Job {
		seen[j.Status], seen[j.Priority], seen[j.User] = true, true, true
	}
	for _, want := range slices.Concat(jobStates, priorities, []string{"admin", "alice", "bob"}) {
		if !seen[want] {
			t.Errorf("no seeded job has %s", want)
		}
	}
	if l.Hits != len(seedTable(t)) {
		t.Errorf("hits %d, want the %d seeded jobs", l.Hits, len(seedTable(t)))
	}
}

func TestSeedJobsHaveTheStateTheTableSays(t *testing.T) {
	s := startServer(t, Options{})
	for _, r := range seedTable(t) {
		j := getJob(t, s, r.id)
		if j.Status != r.state || j.Type != r.typ || j.Priority != r.prio || j.User != r.user {
			t.Errorf("%s: got %s %s %s %s, want %s %s %s %s", r.id, j.Status, j.Type, j.Priority, j.User, r.state, r.typ, r.prio, r.user)
		}
		if isTerminal(j.Status) != (j.Finished != "") {
			t.Errorf("%s: status %s with finished %q", r.id, j.Status, j.Finished)
		}
	}
}

func TestFiltersInQueryAndMatrixFormAgree(t *testing.T) {
	s := startServer(t, Options{})
	rows := seedTable(t)
	cases := []struct {
		matrix, query string
		keep          func(seedRow) bool
	}{
		{";type=TRANSCODE", "type=TRANSCODE", func(r seedRow) bool { return r.typ == "TRANSCODE" }},
		{";type=IMPORT,RAW_IMPORT;state=FAILED_TOTAL", "type=IMPORT,RAW_IMPORT&state=FAILED_TOTAL",
			func(r seedRow) bool { return (r.typ == "IMPORT" || r.typ == "RAW_IMPORT") && r.state == "FAILED_TOTAL" }},
		{";state=all;type=all", "state=all&type=all", func(seedRow) bool { return true }},
		{";state=STARTED,WAITING", "state=STARTED,WAITING", func(r seedRow) bool { return r.state == "STARTED" || r.state == "WAITING" }},
	}
	for _, tc := range cases {
		want := wantIDs(rows, tc.keep)
		byMatrix := listJobs(t, s, "/API/job"+tc.matrix+"?user=false&number=1000")
		byQuery := listJobs(t, s, "/API/job?user=false&number=1000&"+tc.query)
		if ids(byMatrix) != want || ids(byQuery) != want {
			t.Errorf("%s: matrix gave %s, query gave %s, want %s", tc.query, ids(byMatrix), ids(byQuery), want)
		}
		if byMatrix.Hits != byQuery.Hits {
			t.Errorf("%s: hits %d vs %d", tc.query, byMatrix.Hits, byQuery.Hits)
		}
	}
	// All of the list parameters work as matrix parameters, and the query wins on conflict.
	m := listJobs(t, s, "/API/job;type=THUMBNAIL;user=false;first=2;number=1;sort=jobId%20desc")
	thumbs := wantIDs(rows, func(r seedRow) bool { return r.typ == "THUMBNAIL" })
	list := strings.Split(thumbs, ",")
	if m.Hits != len(list) || ids(m) != list[len(list)-2] {
		t.Errorf("matrix paging gave %d hits %s, want %d hits %s", m.Hits, ids(m), len(list), list[len(list)-2])
	}
	q := listJobs(t, s, "/API/job;type=THUMBNAIL;user=false?type=EXPORT&number=1000")
	if want := wantIDs(rows, func(r seedRow) bool { return r.typ == "EXPORT" }); ids(q) != want {
		t.Errorf("query type should win over matrix type: got %s, want %s", ids(q), want)
	}
}

func TestPriorityAndTimeWindowFilters(t *testing.T) {
	s := startServer(t, Options{})
	rows := seedTable(t)
	l := listJobs(t, s, "/API/job?user=false&number=1000&priority=IMMEDIATE,HIGHEST")
	if want := wantIDs(rows, func(r seedRow) bool { return r.prio == "IMMEDIATE" || r.prio == "HIGHEST" }); ids(l) != want {
		t.Errorf("priority filter: got %s, want %s", ids(l), want)
	}
	// Inclusive start window: the job started exactly at 2026-03-04T08:00 is in, so is the one at 09:00.
	l = listJobs(t, s, "/API/job?user=false&number=1000&starttime-from="+url.QueryEscape("2026-03-04T08:00:00.000+0000")+"&starttime-to="+url.QueryEscape("2026-03-04T09:00:00Z"))
	for _, j := range l.Job {
		st, _ := parseTime(j.Started)
		if st.Before(time.Date(2026, 3, 4, 8, 0, 0, 0, time.UTC)) || st.After(time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)) {
			t.Errorf("%s started %s, outside the window", j.JobID, j.Started)
		}
	}
	if !strings.HasPrefix(ids(l), "VX-72,") || !strings.HasSuffix(ids(l), ",VX-75") {
		t.Errorf("start window gave %s, want VX-72 … VX-75 (both edges included)", ids(l))
	}
	// A finish window holds only jobs that finished; running jobs have no finish time.
	l = listJobs(t, s, "/API/job?user=false&number=1000&finishtime-from=2026-03-01&finishtime-to=2026-12-31")
	for _, j := range l.Job {
		if j.Finished == "" || !isTerminal(j.Status) {
			t.Errorf("%s (%s) in a finish window without having finished", j.JobID, j.Status)
		}
	}
	if want := wantIDs(rows, func(r seedRow) bool { return isTerminal(r.state) }); ids(l) != want {
		t.Errorf("finish window gave %s, want every terminal job %s", ids(l), want)
	}
}

func TestHitsCountEveryMatchWhilePagesSplitThem(t *testing.T) {
	s := startServer(t, Options{})
	all := listJobs(t, s, "/API/job?user=false&number=1000&sort=jobId%20asc")
	var paged []string
	for first := 1; first <= all.Hits; first += 7 {
		page := listJobs(t, s, fmt.Sprintf("/API/job?user=false&number=7&first=%d&sort=jobId%%20asc", first))
		if page.Hits != all.Hits {
			t.Fatalf("page at %d: hits %d, want %d", first, page.Hits, all.Hits)
		}
		paged = append(paged, ids(page))
	}
	if strings.Join(paged, ",") != ids(all) {
		t.Errorf("pages joined give %s, want %s", strings.Join(paged, ","), ids(all))
	}
	if a, b := listJobs(t, s, "/API/job?user=false&first=0&number=3"), listJobs(t, s, "/API/job?user=false&first=1&number=3"); ids(a) != ids(b) {
		t.Errorf("first=0 gave %s, first=1 gave %s; both mean from the first job", ids(a), ids(b))
	}
	if l := listJobs(t, s, "/API/job?user=false"); len(l.Job) != min(100, l.Hits) {
		t.Errorf("default page holds %d jobs, want %d", len(l.Job), min(100, l.Hits))
	}
	past := expect(t, s, 200, "GET", "/API/job?user=false&first=1000", nil)
	var l testJobList
	past.decode(t, &l)
	if l.Hits != all.Hits || len(l.Job) != 0 {
		t.Errorf("a page past the end: %s", past.body)
	}
	empty := expect(t, s, 200, "GET", "/API/job?type=ARCHIVE&state=READY&user=false", nil)
	if strings.TrimSpace(string(empty.body)) != `{"hits":0}` {
		t.Errorf("an empty result is %s, want {\"hits\":0}", empty.body)
	}
}

func TestSortUsesTheNumberInTheJobID(t *testing.T) {
	s := startServer(t, Options{})
	asc := listJobs(t, s, "/API/job?user=false&number=1000&sort=jobId%20asc")
	desc := listJobs(t, s, "/API/job?user=false&number=1000&sort=jobId+desc")
	a := strings.Split(ids(asc), ",")
	if i := slices.Index(a, "VX-99"); i < 0 || a[i+1] != "VX-100" {
		t.Errorf("VX-100 should follow VX-99 in ascending order: %s", ids(asc))
	}
	slices.Reverse(a)
	if strings.Join(a, ",") != ids(desc) {
		t.Errorf("descending order is not the reverse of ascending")
	}
	// Several keys: priority from highest down, then newest start first.
	l := listJobs(t, s, "/API/job?user=false&number=1000&sort="+url.QueryEscape("priority desc,startTime desc"))
	for i := 1; i < len(l.Job); i++ {
		p, q := l.Job[i-1], l.Job[i]
		pi, qi := slices.Index(priorities, p.Priority), slices.Index(priorities, q.Priority)
		if pi < qi || pi == qi && p.Started < q.Started {
			t.Fatalf("%s (%s %s) sorted before %s (%s %s)", p.JobID, p.Priority, p.Started, q.JobID, q.Priority, q.Started)
		}
	}
	for _, bad := range []string{"size asc", "jobId sideways"} {
		r := expect(t, s, 400, "GET", "/API/job?sort="+url.QueryEscape(bad), nil)
		doc := errorDocument(t, r)
		if doc["invalidInput"] == nil || !strings.Contains(string(r.body), strings.Fields(bad)[len(strings.Fields(bad))-1]) && !strings.Contains(string(r.body), strings.Fields(bad)[0]) {
			t.Errorf("sort=%q: %s", bad, r.body)
		}
	}
}

func TestUserParameterShowsOnlyTheActingUsersJobs(t *testing.T) {
	s := startServer(t, Options{})
	rows := seedTable(t)
	for _, u := range []string{"admin", "alice", "bob"} {
		l := listJobs(t, s, "/API/job?number=1000", "RunAs", u)
		if want := wantIDs(rows, func(r seedRow) bool { return r.user == u }); ids(l) != want {
			t.Errorf("jobs of %s (user defaults to true): got %s, want %s", u, ids(l), want)
		}
	}
	own := listJobs(t, s, "/API/job?user=true&number=1000", basic("bob", "bob-pw")...)
	if want := wantIDs(rows, func(r seedRow) bool { return r.user == "bob" }); ids(own) != want {
		t.Errorf("bob's own jobs: got %s, want %s", ids(own), want)
	}
	if all := listJobs(t, s, "/API/job?user=false&number=1000", basic("bob", "bob-pw")...); all.Hits != len(rows) {
		t.Errorf("user=false shows %d jobs, want all %d", all.Hits, len(rows))
	}
	expect(t, s, 400, "GET", "/API/job?user=alice", nil)
}

func TestJobMetadataFiltersAllMatchAndAllowWildcards(t *testing.T) {
	s := startServer(t, Options{})
	l := listJobs(t, s, "/API/job?user=false&number=1000&jobmetadata=itemId%3DVX-1&jobmetadata=tag%3D__mp4")
	if ids(l) != "VX-51" {
		t.Errorf("itemId=VX-1 AND tag=__mp4 gave %s, want VX-51", ids(l))
	}
	item := listJobs(t, s, "/API/job?user=false&number=1000&jobmetadata=itemId%3DVX-1")
	for _, j := range item.Job {
		if j.Data != nil {
			t.Errorf("%s carries data without metadata=true", j.JobID)
		}
	}
	withData := listJobs(t, s, "/API/job?user=false&number=1000&metadata=true&jobmetadata=itemId%3DVX-1")
	if withData.Hits != item.Hits || item.Hits < 3 {
		t.Errorf("item VX-1 has %d jobs (%d with metadata=true), want several", item.Hits, withData.Hits)
	}
	for _, j := range withData.Job {
		if j.data("itemId") != "VX-1" {
			t.Errorf("%s has itemId %q", j.JobID, j.data("itemId"))
		}
	}
	wild := listJobs(t, s, "/API/job?user=false&number=1000&metadata=true&jobmetadata=originalFilename%3D*promo_05*")
	if ids(wild) != "VX-64,VX-66,VX-96" {
		t.Errorf("originalFilename=*promo_05* gave %s, want the promo_05 jobs VX-64,VX-66,VX-96", ids(wild))
	}
	for _, j := range wild.Job {
		if !strings.Contains(j.data("originalFilename"), "promo_05") {
			t.Errorf("%s does not match the wildcard: %q", j.JobID, j.data("originalFilename"))
		}
	}
	expect(t, s, 400, "GET", "/API/job?jobmetadata=itemId", nil)
}

func TestStepParameterAddsCurrentStepAndTotal(t *testing.T) {
	s := startServer(t, Options{})
	plain := listJobs(t, s, "/API/job?user=false&state=STARTED")
	steps := listJobs(t, s, "/API/job?user=false&state=STARTED&step=true")
	if plain.Job[0].CurrentStep != nil || plain.Job[0].TotalSteps != 0 {
		t.Errorf("step info without step=true: %+v", plain.Job[0])
	}
	for _, j := range steps.Job {
		if j.CurrentStep == nil || j.TotalSteps == 0 || j.CurrentStep.Number > j.TotalSteps {
			t.Errorf("%s: currentStep %+v of %d", j.JobID, j.CurrentStep, j.TotalSteps)
		}
	}
}

func TestBadFilterValuesAreRefusedNamingTheValue(t *testing.T) {
	s := startServer(t, Options{})
	for _, q := range []string{"type=NOPE", "type=TRANSCODE,transcode", "priority=URGENT", "first=-1", "number=many",
		"step=perhaps", "starttime-from=yesterday", "sort=color"} {
		r := expect(t, s, 400, "GET", "/API/job?"+q, nil)
		doc := errorDocument(t, r)
		_, value, _ := strings.Cut(q, "=")
		if strings.Contains(value, ",") {
			value = strings.Split(value, ",")[1]
		}
		if doc["invalidInput"] == nil || doc["invalidInput"]["value"] != value {
			t.Errorf("%s: %s", q, r.body)
		}
	}
	// Unknown states are accepted and match nothing; the docs' ABORT_PENDING means ABORTED_PENDING.
	if l := listJobs(t, s, "/API/job?user=false&state=FAILED_FATAL"); l.Hits != 0 {
		t.Errorf("state=FAILED_FATAL matched %d jobs", l.Hits)
	}
	a, b := listJobs(t, s, "/API/job?user=false&state=ABORT_PENDING"), listJobs(t, s, "/API/job?user=false&state=ABORTED_PENDING")
	if a.Hits == 0 || ids(a) != ids(b) {
		t.Errorf("ABORT_PENDING gave %s, ABORTED_PENDING %s", ids(a), ids(b))
	}
}

func TestSingleJobAlwaysHasLogAndData(t *testing.T) {
	s := startServer(t, Options{})
	ready := getJob(t, s, "VX-105")
	if ready.Log == nil || ready.Log.Task == nil || len(ready.Log.Task) != 0 {
		t.Errorf("a READY job's log should be {\"task\":[]}: %+v", ready.Log)
	}
	if ready.data("itemId") != "VX-2" {
		t.Errorf("data missing without metadata=true: %+v", ready.Data)
	}
	r := expect(t, s, 200, "GET", "/API/job/VX-105", nil, "Accept", "text/plain")
	if string(r.body) != "READY" {
		t.Errorf("text/plain status is %q", r.body)
	}
	running := getJob(t, s, "VX-90")
	last := running.Log.Task[len(running.Log.Task)-1]
	if running.CurrentStep == nil || last.Status != "STARTED" || last.Progress == nil || last.Progress.Value <= 0 || last.Progress.Value >= 100 {
		t.Errorf("a running job shows its step progress: %+v %+v", running.CurrentStep, last)
	}
}

func TestUnknownAndMalformedJobIDs(t *testing.T) {
	s := startServer(t, Options{})
	r := expect(t, s, 404, "GET", "/API/job/VX-999999", nil)
	nf := errorDocument(t, r)["notFound"]
	if nf["type"] != "Job" || nf["id"] != "VX-999999" {
		t.Errorf("404 document: %s", r.body)
	}
	for _, bad := range []string{"not%20a%20job", "VX-", "123", "VX-12x"} {
		r := expect(t, s, 400, "GET", "/API/job/"+bad, nil)
		if errorDocument(t, r)["invalidInput"] == nil {
			t.Errorf("%s: %s", bad, r.body)
		}
	}
	expect(t, s, 404, "PUT", "/API/job/VX-999999?priority=HIGH", nil)
	expect(t, s, 404, "DELETE", "/API/job/VX-999999", nil)
	expect(t, s, 404, "POST", "/API/job/VX-999999/re-run", nil)
	expect(t, s, 404, "GET", "/API/job/VX-999999/problem", nil)
}

func TestPriorityChange(t *testing.T) {
	s := startServer(t, Options{})
	r := expect(t, s, 200, "PUT", "/API/job/VX-105?priority=HIGHEST", nil)
	if len(r.body) != 0 {
		t.Errorf("PUT answered a body: %s", r.body)
	}
	if j := getJob(t, s, "VX-105"); j.Priority != "HIGHEST" {
		t.Errorf("priority is %s after the change", j.Priority)
	}
	for _, bad := range []string{"?priority=URGENT", "?priority=high", ""} {
		if errorDocument(t, expect(t, s, 400, "PUT", "/API/job/VX-105"+bad, nil))["invalidInput"] == nil {
			t.Errorf("PUT %s: no invalidInput", bad)
		}
	}
}

func TestRerunStartsANewJobThatRunsOnTheClock(t *testing.T) {
	clock := NewManualClock(epoch)
	s := startServer(t, Options{Clock: clock})
	orig := getJob(t, s, "VX-51")
	var nj testJob
	expect(t, s, 200, "POST", "/API/job/VX-51/re-run", nil, "RunAs", "alice").decode(t, &nj)
	if nj.JobID == orig.JobID || nj.Type != orig.Type || nj.Priority != orig.Priority || nj.User != "alice" || nj.Status != "READY" {
		t.Fatalf("re-run gave %+v from %+v", nj, orig)
	}
	if fmt.Sprint(nj.Data) != fmt.Sprint(orig.Data) {
		t.Errorf("re-run data %v, want %v", nj.Data, orig.Data)
	}
	if n, _ := strconv.Atoi(strings.TrimPrefix(nj.JobID, "VX-")); n <= 109 {
		t.Errorf("new id %s is not after the seeded ids", nj.JobID)
	}
	var high testJob
	expect(t, s, 200, "POST", "/API/job/VX-51/re-run?priority=HIGH", nil).decode(t, &high)
	if high.Priority != "HIGH" || high.JobID == nj.JobID {
		t.Errorf("re-run with priority: %+v", high)
	}
	expect(t, s, 400, "POST", "/API/job/VX-51/re-run?priority=SOON", nil)

	var seen []string
	for range 10 {
		j := getJob(t, s, nj.JobID)
		if len(seen) == 0 || seen[len(seen)-1] != j.Status {
			seen = append(seen, j.Status)
		}
		if j.Status == "STARTED" && (j.CurrentStep == nil || j.CurrentStep.Number < 1) {
			t.Errorf("a started job without its current step: %+v", j)
		}
		clock.Advance(time.Second)
	}
	if strings.Join(seen, ",") != "READY,STARTED,FINISHED" {
		t.Errorf("states over time: %v, want READY, STARTED, FINISHED", seen)
	}
	done := getJob(t, s, nj.JobID)
	if done.Finished == "" || len(done.Log.Task) != done.TotalSteps || done.TotalSteps != 3 {
		t.Errorf("finished job: %+v", done)
	}
	expect(t, s, 200, "GET", "/API/job/"+nj.JobID+"/problem", nil)
}

func TestMockOutcomeMakesARerunFail(t *testing.T) {
	clock := NewManualClock(epoch)
	s := startServer(t, Options{Clock: clock})
	var nj testJob
	expect(t, s, 200, "POST", "/API/job/VX-85/re-run", nil).decode(t, &nj)
	if r := expect(t, s, 200, "GET", "/API/job/"+nj.JobID+"/problem", nil); strings.TrimSpace(string(r.body)) != "{}" {
		t.Errorf("a job that has not failed yet has problems: %s", r.body)
	}
	clock.Advance(time.Hour)
	// The last non-cleanup step (300) fails with the job's errorMessage; the cleanup step 900
	// runs after it.
	j := getJob(t, s, nj.JobID)
	if j.Status != "FAILED_TOTAL" || len(j.Log.Task) != 4 || j.Log.Task[2].Step != 300 ||
		j.Log.Task[2].ErrorMessage != "Transcoder crashed (exit code 139)" || j.Log.Task[3].Step != 900 {
		t.Errorf("status %s, log %+v", j.Status, j.Log.Task)
	}
	var probs struct {
		Problem []struct {
			Job []string `json:"job"`
		} `json:"problem"`
	}
	expect(t, s, 200, "GET", "/API/job/"+nj.JobID+"/problem", nil).decode(t, &probs)
	if len(probs.Problem) != 1 || probs.Problem[0].Job[0] != nj.JobID {
		t.Errorf("problems of the failed job: %+v", probs)
	}
	expect(t, s, 200, "GET", "/API/job/problem", nil).decode(t, &probs)
	found := false
	for _, p := range probs.Problem {
		found = found || slices.Contains(p.Job, nj.JobID)
	}
	if !found {
		t.Errorf("the global problem list lacks %s", nj.JobID)
	}
}

func TestAbort(t *testing.T) {
	clock := NewManualClock(epoch)
	s := startServer(t, Options{Clock: clock})
	running := getJob(t, s, "VX-90")
	expect(t, s, 200, "DELETE", "/API/job/VX-90?reason=test", nil)
	if j := getJob(t, s, "VX-90"); j.Status != "ABORTED_PENDING" {
		t.Errorf("right after abort: %s", j.Status)
	}
	clock.Advance(time.Second)
	j := getJob(t, s, "VX-90")
	if j.Status != "ABORTED" || j.Finished == "" || len(j.Log.Task) != len(running.Log.Task) {
		t.Errorf("after a clock tick: %+v", j)
	}
	// A READY job aborted without cleanup is ABORTED at once; with cleanup it is pending first.
	expect(t, s, 200, "DELETE", "/API/job/VX-105?cleanup=false", nil)
	if j := getJob(t, s, "VX-105"); j.Status != "ABORTED" {
		t.Errorf("READY + cleanup=false: %s", j.Status)
	}
	expect(t, s, 200, "DELETE", "/API/job/VX-106", nil)
	if j := getJob(t, s, "VX-106"); j.Status != "ABORTED_PENDING" {
		t.Errorf("READY + cleanup: %s", j.Status)
	}
	// A finished job stays finished.
	expect(t, s, 200, "DELETE", "/API/job/VX-51", nil)
	if j := getJob(t, s, "VX-51"); j.Status != "FINISHED" {
		t.Errorf("aborting a finished job changed it to %s", j.Status)
	}
	expect(t, s, 400, "DELETE", "/API/job/VX-107?cleanup=maybe", nil)
}

func TestStartJobWithMetadataAndDeleteIt(t *testing.T) {
	s := startServer(t, Options{})
	var j testJob
	path := "/API/job?type=THUMBNAIL&priority=LOW&jobmetadata=itemId%3DVX-3&jobmetadata=mode%3Dfast"
	if errorDocument(t, expect(t, s, 403, "POST", path, nil, "RunAs", "bob"))["forbidden"] == nil {
		t.Error("bob (only _job_read) started a job")
	}
	expect(t, s, 200, "POST", path, nil, "RunAs", "alice").decode(t, &j)
	if j.Type != "THUMBNAIL" || j.Priority != "LOW" || j.User != "alice" || j.data("itemId") != "VX-3" || j.data("mode") != "fast" || j.TotalSteps != 2 {
		t.Errorf("started job: %+v", j)
	}
	l := listJobs(t, s, "/API/job?jobmetadata=mode%3Dfast", "RunAs", "alice")
	if ids(l) != j.JobID {
		t.Errorf("alice's fast jobs: %s", ids(l))
	}
	expect(t, s, 400, "POST", "/API/job?type=NOPE", nil)
	expect(t, s, 200, "DELETE", "/API/job?id="+j.JobID, nil)
	expect(t, s, 404, "GET", "/API/job/"+j.JobID, nil)
}

func TestJobTypesListBuiltInAndCustomTypes(t *testing.T) {
	s := startServer(t, Options{})
	expect(t, s, 200, "POST", "/API/task-definition/jobtype/ACME_STITCH?id=20001", nil)
	var l struct {
		URI []string `json:"uri"`
	}
	expect(t, s, 200, "GET", "/API/jobtype", nil).decode(t, &l)
	for _, want := range []string{"IMPORT", "TRANSCODE", "THUMBNAIL", "EXPORT", "ACME_STITCH"} {
		if !slices.Contains(l.URI, want) {
			t.Errorf("job types lack %s: %v", want, l.URI)
		}
	}
}
