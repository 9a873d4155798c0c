package vidimock

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// jobQuery holds the parameters of GET /API/job.
type jobQuery struct {
	types, states, priorities map[string]bool // nil: no filter ("all")
	first, number             int             // first is 1-based
	sort                      []sortKey
	user                      bool // only the acting user's jobs
	step, metadata, idOnly    bool
	jobMeta                   []keyValue // all must match; "*" in a value matches any text
	startFrom, startTo        time.Time
	finishFrom, finishTo      time.Time
}

type sortKey struct {
	field string
	desc  bool
}

// sortFields are the fields GET /API/job sorts on.
var sortFields = []string{"jobId", "type", "state", "user", "startTime", "priority"}

// parseJobQuery reads the GET /API/job parameters from the matrix parameters of the job
// segment and from the query string; a name present in the query wins over the matrix.
// knownType says whether a job type exists. Bad values give a 400 invalidInput naming the
// value, except unknown states, which are accepted and match nothing.
func parseJobQuery(matrix, query url.Values, knownType func(string) bool) (*jobQuery, *apiError) {
	values := func(name string) []string {
		if v, ok := query[name]; ok {
			return v
		}
		return matrix[name]
	}
	get := func(name string) string {
		if v := values(name); len(v) > 0 {
			return v[len(v)-1]
		}
		return ""
	}
	bad := func(name, value, why string) *apiError {
		return errInvalid("job", "", value, "invalid value "+strconv.Quote(value)+" for parameter "+name+": "+why)
	}
	q := &jobQuery{first: 1, number: 100, user: true}

	set := func(name string, check func(string) (string, bool), why string) (map[string]bool, *apiError) {
		items := splitList(get(name))
		if len(items) == 0 || slices.Contains(items, "all") {
			return nil, nil
		}
		out := map[string]bool{}
		for _, it := range items {
			norm, ok := check(it)
			if !ok {
				return nil, bad(name, it, why)
			}
			out[norm] = true
		}
		return out, nil
	}
	var err *apiError
	if q.types, err = set("type", func(s string) (string, bool) { return s, knownType(s) }, "not a job type of this server (see GET /API/jobtype)"); err != nil {
		return nil, err
	}
	if q.states, err = set("state", func(s string) (string, bool) {
		if s == "ABORT_PENDING" { // the docs' spelling of ABORTED_PENDING
			s = "ABORTED_PENDING"
		}
		return s, true
	}, ""); err != nil {
		return nil, err
	}
	if q.priorities, err = set("priority", func(s string) (string, bool) { return s, slices.Contains(priorities, s) },
		"allowed values are "+strings.Join(priorities, ", ")); err != nil {
		return nil, err
	}

	for _, p := range []struct {
		name string
		dst  *int
	}{{"first", &q.first}, {"number", &q.number}} {
		v := get(p.name)
		if v == "" {
			continue
		}
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 0 || !fitsInt32(&n) {
			return nil, bad(p.name, v, "must be an integer between 0 and 2147483647")
		}
		*p.dst = n
	}
	q.first = max(q.first, 1) // first=0 and first=1 both mean "from the first job"

	for _, p := range []struct {
		name string
		dst  *bool
	}{{"user", &q.user}, {"step", &q.step}, {"metadata", &q.metadata}, {"idonly", &q.idOnly}} {
		v := get(p.name)
		if v == "" {
			continue
		}
		b, perr := strconv.ParseBool(v)
		if perr != nil {
			return nil, bad(p.name, v, "must be true or false")
		}
		*p.dst = b
	}

	if v := get("sort"); v != "" {
		for _, part := range strings.Split(v, ",") {
			words := strings.Fields(part)
			if len(words) == 0 || len(words) > 2 {
				return nil, bad("sort", part, "expected \"field [asc|desc]\" with field one of "+strings.Join(sortFields, ", "))
			}
			i := slices.IndexFunc(sortFields, func(f string) bool { return strings.EqualFold(f, words[0]) })
			if i < 0 {
				return nil, bad("sort", words[0], "unknown sort field; allowed fields are "+strings.Join(sortFields, ", "))
			}
			k := sortKey{field: sortFields[i]}
			if len(words) == 2 {
				switch strings.ToLower(words[1]) {
				case "asc":
				case "desc":
					k.desc = true
				default:
					return nil, bad("sort", words[1], "sort order must be asc or desc")
				}
			}
			q.sort = append(q.sort, k)
		}
	}

	for _, m := range values("jobmetadata") {
		k, val, ok := strings.Cut(m, "=")
		if !ok || k == "" {
			return nil, bad("jobmetadata", m, "expected key=value, with = encoded as %3D")
		}
		q.jobMeta = append(q.jobMeta, keyValue{k, val})
	}

	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"starttime-from", &q.startFrom}, {"starttime-to", &q.startTo}, {"finishtime-from", &q.finishFrom}, {"finishtime-to", &q.finishTo}} {
		v := get(p.name)
		if v == "" {
			continue
		}
		t, ok := parseTime(v)
		if !ok {
			return nil, bad(p.name, v, "expected an ISO-8601 time such as 2026-03-02T08:00:00.000+0000")
		}
		*p.dst = t
	}
	return q, nil
}

// wildcardMatch matches s against pattern, where "*" stands for any text (possibly empty).
func wildcardMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return len(s) >= len(last) && strings.HasSuffix(s, last)
}

// matchesJob applies the filters that need no clock: user, type, priority, start time, job data.
func (q *jobQuery) matchesJob(j *job, userName string) bool {
	if q.user && j.user != userName {
		return false
	}
	if q.types != nil && !q.types[j.typ] {
		return false
	}
	if q.priorities != nil && !q.priorities[j.priority] {
		return false
	}
	if !q.startFrom.IsZero() && j.created.Before(q.startFrom) || !q.startTo.IsZero() && j.created.After(q.startTo) {
		return false
	}
	for _, m := range q.jobMeta {
		found := false
		for _, d := range j.data {
			if d.Key == m.Key && wildcardMatch(m.Value, d.Value) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// needsView reports whether filtering or sorting needs each job's state at the request time.
func (q *jobQuery) needsView() bool {
	return q.states != nil || !q.finishFrom.IsZero() || !q.finishTo.IsZero() ||
		slices.ContainsFunc(q.sort, func(k sortKey) bool { return k.field == "state" })
}

// matchesView applies the filters on the job's state at the request time.
func (q *jobQuery) matchesView(v view) bool {
	if q.states != nil && !q.states[v.status] {
		return false
	}
	if !q.finishFrom.IsZero() || !q.finishTo.IsZero() {
		if v.finished.IsZero() || !q.finishFrom.IsZero() && v.finished.Before(q.finishFrom) || !q.finishTo.IsZero() && v.finished.After(q.finishTo) {
			return false
		}
	}
	return true
}

// run filters and sorts the jobs (held in id order). Without a sort, or sorted by jobId only,
// the order comes from the slice itself and nothing is sorted. States are computed only when
// a filter or the sort needs them, so a plain page out of 100,000 jobs stays cheap.
func (q *jobQuery) run(jobs []*job, now time.Time, userName string) []*job {
	needView := q.needsView()
	var out []*job
	var views map[*job]view
	if needView && slices.ContainsFunc(q.sort, func(k sortKey) bool { return k.field == "state" }) {
		views = map[*job]view{}
	}
	for _, j := range jobs {
		if !q.matchesJob(j, userName) {
			continue
		}
		if needView {
			v := j.view(now)
			if !q.matchesView(v) {
				continue
			}
			if views != nil {
				views[j] = v
			}
		}
		out = append(out, j)
	}
	switch {
	case len(q.sort) == 0 || len(q.sort) == 1 && q.sort[0] == sortKey{"jobId", false}:
	case len(q.sort) == 1 && q.sort[0] == sortKey{"jobId", true}:
		slices.Reverse(out)
	default:
		slices.SortFunc(out, func(a, b *job) int {
			for _, k := range q.sort {
				c := compareBy(k.field, a, b, views)
				if k.desc {
					c = -c
				}
				if c != 0 {
					return c
				}
			}
			return a.num - b.num // ties keep id order
		})
	}
	return out
}

// compareBy orders two jobs by one field: job ids by their number (VX-100 after VX-99),
// priorities from LOWEST to IMMEDIATE, the other fields as text or time.
func compareBy(field string, a, b *job, views map[*job]view) int {
	switch field {
	case "jobId":
		return a.num - b.num
	case "type":
		return strings.Compare(a.typ, b.typ)
	case "state":
		return strings.Compare(views[a].status, views[b].status)
	case "user":
		return strings.Compare(a.user, b.user)
	case "startTime":
		return a.created.Compare(b.created)
	case "priority":
		return priorityRank[a.priority] - priorityRank[b.priority]
	}
	return 0
}

// priorityRank orders priorities from LOWEST (0) to IMMEDIATE.
var priorityRank = func() map[string]int {
	m := map[string]int{}
	for i, p := range priorities {
		m[p] = i
	}
	return m
}()

type jobList struct {
	Hits int           `json:"hits"`
	Job  []jobDocument `json:"job,omitempty"`
}

// listJobs: GET /API/job. hits is the number of all matches; first/number pick the page.
// number=0 answers the count alone. idonly=true answers {"hits":n,"uri":[ids]} (the real
// shape is undocumented). text/plain answers the page's ids, one a line.
func (c *call) listJobs() {
	st := c.s.state
	query := c.r.URL.Query()
	if !c.s.versionAtLeast(5, 1) {
		// The priority filter arrived with 5.1: an older server ignores the parameter.
		query.Del("priority")
		c.matrix.Del("priority")
	}
	q, err := parseJobQuery(c.matrix, query, st.jobTypeExists)
	if err != nil {
		c.fail(err)
		return
	}
	all := q.run(st.jobs, c.now, c.user.name)
	page := all[min(q.first-1, len(all)):]
	page = page[:min(q.number, len(page))]
	if c.wantsText() || q.idOnly {
		ids := make([]string, len(page))
		for i, j := range page {
			ids[i] = j.id()
		}
		if c.wantsText() {
			c.text(strings.Join(ids, "\r\n"))
			return
		}
		hits := len(all)
		c.ok(uriList{Hits: &hits, URI: ids})
		return
	}
	out := jobList{Hits: len(all)}
	for _, j := range page {
		out.Job = append(out.Job, j.document(c.now, q.step, q.metadata, false))
	}
	c.ok(out)
}
