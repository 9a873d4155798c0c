package vidimock

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// route is one API endpoint; pattern segments in braces are parameters.
type route struct {
	method  string
	pattern string
	need    access
	handler func(*call)
}

var routes []route

func init() {
	routes = []route{
		{"GET", "/API/configuration/job-pool", configurationRead, (*call).getJobPools},
		{"PUT", "/API/configuration/job-pool", adminOnly, (*call).putJobPools},
		{"DELETE", "/API/configuration/job-pool", adminOnly, (*call).deleteJobPools},
		{"DELETE", "/API/configuration/job-pool/{priority}", adminOnly, (*call).deleteJobPool},
		{"GET", "/API/configuration/job-priority", configurationRead, (*call).getDefaultJobPriorities},
		{"PUT", "/API/configuration/job-priority", adminOnly, (*call).putDefaultJobPriorities},
		{"DELETE", "/API/configuration/job-priority", adminOnly, (*call).deleteDefaultJobPriorities},
		{"GET", "/API/configuration/properties/{key}", configurationRead, (*call).getConfigurationProperty},
		{"PUT", "/API/configuration/properties/{key}", adminOnly, (*call).putConfigurationProperty},
		{"DELETE", "/API/configuration/properties/{key}", adminOnly, (*call).deleteConfigurationProperty},
		{"GET", "/API/job", jobRead, (*call).listJobs},
		{"POST", "/API/job", jobWrite, (*call).createJob},
		{"DELETE", "/API/job", jobWrite, (*call).deleteJobs},
		{"GET", "/API/job/problem", jobRead, (*call).allProblems},
		{"GET", "/API/job/notification", notificationRead, (*call).listNotifications},
		{"POST", "/API/job/notification", notificationWrite, (*call).createNotification},
		{"DELETE", "/API/job/notification", notificationWrite, (*call).deleteAllNotifications},
		{"GET", "/API/job/notification/{id}", notificationRead, (*call).getNotification},
		{"PUT", "/API/job/notification/{id}", notificationWrite, (*call).putNotification},
		{"DELETE", "/API/job/notification/{id}", notificationWrite, (*call).deleteNotification},
		{"GET", "/API/job/{id}", jobRead, (*call).getJob},
		{"PUT", "/API/job/{id}", jobWrite, (*call).setPriority},
		{"DELETE", "/API/job/{id}", jobWrite, (*call).abortJob},
		{"POST", "/API/job/{id}/re-run", jobWrite, (*call).rerunJob},
		{"GET", "/API/job/{id}/problem", jobRead, (*call).jobProblems},
		{"GET", "/API/jobtype", anyUser, (*call).listJobTypes},
		{"GET", "/API/task-definition", taskDefinitionRead, (*call).listTaskDefinitions},
		{"POST", "/API/task-definition", taskDefinitionWrite, (*call).createTaskDefinitions},
		{"GET", "/API/task-definition/{id}", taskDefinitionRead, (*call).getTaskDefinition},
		{"PUT", "/API/task-definition/{id}", taskDefinitionWrite, (*call).putTaskDefinition},
		{"DELETE", "/API/task-definition/{id}", taskDefinitionWrite, (*call).deleteTaskDefinition},
		{"GET", "/API/task-definition/{id}/validate", taskDefinitionRead, (*call).validateTaskDefinition},
		{"GET", "/API/task-definition/jobtype/{type}", taskDefinitionRead, (*call).listTaskDefinitionsOfType},
		{"POST", "/API/task-definition/jobtype/{type}", adminOnly, (*call).createJobType},
		{"DELETE", "/API/task-definition/jobtype/{type}", adminOnly, (*call).deleteJobType},
		{"GET", "/API/task-definition/jobtype/{type}/step/{step}", taskDefinitionRead, (*call).getTaskDefinitionByStep},
		{"PUT", "/API/task-definition/jobtype/{type}/step/{step}", taskDefinitionWrite, (*call).putTaskDefinitionByStep},
		{"DELETE", "/API/task-definition/jobtype/{type}/step/{step}", taskDefinitionWrite, (*call).deleteTaskDefinitionByStep},
		{"GET", "/API/task-definition/jobtype/{type}/step/{step}/validate", taskDefinitionRead, (*call).validateTaskDefinitionByStep},
		{"GET", "/API/task-definition/jobtype/{type}/graph/dot", adminOnly, (*call).jobTypeGraphDOT},
		{"GET", "/API/task-group", adminOnly, (*call).listTaskGroups},
		{"GET", "/API/task-group/{name}", adminOnly, (*call).getTaskGroup},
		{"PUT", "/API/task-group/{name}", adminOnly, (*call).putTaskGroup},
		{"DELETE", "/API/task-group/{name}", adminOnly, (*call).deleteTaskGroup},
		{"GET", "/API/token", anyUser, (*call).getToken},
		{"GET", "/API/user/{name}", anyUser, (*call).getUser},
		{"GET", "/API/user/{name}/token", anyUser, (*call).getUserToken},
		{"GET", "/API/version", anyUser, (*call).getVersion},
	}
}

// matchRoute finds the route of r. Matrix parameters (";k=v") are cut off every segment; those
// of the job segment are returned, since GET /API/job reads its filters from there too. The
// most literal pattern wins, so /API/job/problem is never taken for the job "problem".
// allowed reports a path that exists with another method (405).
func matchRoute(r *http.Request) (rt *route, params map[string]string, matrix url.Values, allowed bool) {
	raw := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	segs := make([]string, len(raw))
	for i, seg := range raw {
		name, m, hasMatrix := strings.Cut(seg, ";")
		if un, err := url.PathUnescape(name); err == nil {
			name = un
		}
		segs[i] = name
		if hasMatrix && i == 1 && name == "job" {
			matrix = parseMatrix(m)
		}
	}
	best := -1
	for i := range routes {
		p, literals, ok := matchPattern(routes[i].pattern, segs)
		if !ok || literals < best {
			continue
		}
		if literals > best {
			best, rt, params, allowed = literals, nil, nil, false
		}
		if routes[i].method == r.Method && rt == nil {
			rt, params = &routes[i], p
		} else {
			allowed = true
		}
	}
	if rt != nil {
		allowed = false
	}
	return rt, params, matrix, allowed
}

func matchPattern(pattern string, segs []string) (map[string]string, int, bool) {
	pat := strings.Split(strings.Trim(pattern, "/"), "/")
	if len(pat) != len(segs) {
		return nil, 0, false
	}
	params := map[string]string{}
	literals := 0
	for i, p := range pat {
		if strings.HasPrefix(p, "{") {
			params[strings.Trim(p, "{}")] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, 0, false
		}
		literals++
	}
	return params, literals, true
}

// parseMatrix reads "type=A,B;state=X" (the part of a segment after its first ';').
func parseMatrix(s string) url.Values {
	v := url.Values{}
	for _, part := range strings.Split(s, ";") {
		if part == "" {
			continue
		}
		k, val, _ := strings.Cut(part, "=")
		if un, err := url.PathUnescape(k); err == nil {
			k = un
		}
		if un, err := url.PathUnescape(val); err == nil {
			val = un
		}
		v.Add(k, val)
	}
	return v
}

// call is one authenticated API request being handled.
type call struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	now    time.Time
	caller *user // who authenticated
	user   *user // who the request acts as (caller, or the RunAs user)
	params map[string]string
	matrix url.Values
	status int
}

// handle authenticates and dispatches one request under the state lock; it returns the status written.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, rt *route, params map[string]string, matrix url.Values, allowed bool) int {
	w.Header().Set("Set-Cookie", "rememberMe=deleteMe; Path=/API; Max-Age=0")
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &call{s: s, w: w, r: r, now: s.clock.Now(), params: params, matrix: matrix}
	s.state.advanceRuns(c.now)
	if err := c.authenticate(); err != nil {
		if err.status == http.StatusUnauthorized && err.plain == "" {
			w.Header().Set("WWW-Authenticate", `Basic realm="Vidispine"`)
		} else if err.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		}
		c.fail(err)
		return c.status
	}
	switch {
	case rt == nil && allowed:
		c.status = http.StatusMethodNotAllowed
		w.WriteHeader(c.status)
	case rt == nil:
		c.fail(errNotFound("resource", r.URL.Path, "no such API resource"))
	default:
		if err := c.authorize(rt.need); err != nil {
			c.fail(err)
		} else {
			rt.handler(c)
		}
	}
	return c.status
}

// ok writes v as JSON with status 200.
func (c *call) ok(v any) {
	c.status = http.StatusOK
	writeJSON(c.w, http.StatusOK, v)
}

// empty answers 200 without a body.
func (c *call) empty() {
	c.status = http.StatusOK
	c.w.WriteHeader(http.StatusOK)
}

// noContent answers 204.
func (c *call) noContent() {
	c.status = http.StatusNoContent
	c.w.WriteHeader(http.StatusNoContent)
}

// text answers 200 with a text/plain body.
func (c *call) text(s string) {
	c.status = http.StatusOK
	c.w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	c.w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(c.w, s)
}

func (c *call) fail(err *apiError) {
	c.status = err.status
	if err.plain != "" {
		c.w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
		c.w.WriteHeader(err.status)
		_, _ = io.WriteString(c.w, err.plain)
		return
	}
	writeJSON(c.w, err.status, err.doc)
}

// wantsText reports whether the client asked for text/plain rather than JSON.
func (c *call) wantsText() bool {
	accept := c.r.Header.Get("Accept")
	return strings.Contains(accept, "text/plain") && !strings.Contains(accept, "json")
}

// query returns a query parameter, "" when absent.
func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }

// decode reads a required JSON request body into v.
func (c *call) decode(v any) *apiError {
	present, err := c.decodeOptional(v)
	if err == nil && !present {
		err = errInvalid("document", "", "", "a JSON request body is required")
	}
	return err
}

// decodeOptional reads a JSON request body into v when there is one.
func (c *call) decodeOptional(v any) (present bool, _ *apiError) {
	if c.r.Body == nil {
		return false, nil
	}
	body, err := io.ReadAll(io.LimitReader(c.r.Body, 1<<20))
	if err != nil {
		return false, errInvalid("document", "", "", "could not read the request body")
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return false, nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return true, errInvalid("document", "", "", "malformed JSON document: "+err.Error())
	}
	return true, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// sortedKeys returns the keys of m in order (stable output for lists built from maps).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
