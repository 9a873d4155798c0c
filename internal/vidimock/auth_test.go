package vidimock

import (
	"strings"
	"testing"
	"time"
)

func TestMissingOrWrongCredentialsAre401(t *testing.T) {
	s := startServer(t, Options{})
	for name, hdr := range map[string][]string{
		"none":            {"Authorization", ""},
		"wrong password":  basic("alice", "not-the-password"),
		"unknown user":    basic("mallory", "x"),
		"disabled user":   basic("disabled", "disabled-pw"),
		"unknown token":   {"Authorization", "token 0123456789abcdef"},
		"unknown scheme":  {"Authorization", "Digest abc"},
		"malformed basic": {"Authorization", "Basic !!!"},
	} {
		r := expect(t, s, 401, "GET", "/API/job", nil, hdr...)
		doc := errorDocument(t, r)
		if doc["notAuthorized"] == nil || doc["notAuthorized"]["message"] == nil {
			t.Errorf("%s: %s", name, r.body)
		}
		if strings.Contains(string(r.body), "not-the-password") {
			t.Errorf("%s: the password is echoed: %s", name, r.body)
		}
	}
}

func TestTokensAuthenticateUntilTheyExpire(t *testing.T) {
	clock := NewManualClock(epoch)
	s := startServer(t, Options{Clock: clock})
	r := expect(t, s, 200, "GET", "/API/token?seconds=30", nil, append(basic("alice", "alice-pw"), "Accept", "text/plain")...)
	tok := string(r.body)
	if tok == "" || strings.ContainsAny(tok, " \n{") || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("token answer %q (%s)", tok, r.header.Get("Content-Type"))
	}
	// The token acts as alice: user=true lists her jobs.
	l := listJobs(t, s, "/API/job?number=1000", "Authorization", "token "+tok)
	for _, j := range l.Job {
		if j.User != "alice" {
			t.Errorf("token of alice lists %s's job %s", j.User, j.JobID)
		}
	}
	clock.Advance(29 * time.Second)
	expect(t, s, 200, "GET", "/API/job", nil, "Authorization", "token "+tok)
	clock.Advance(time.Second)
	expect(t, s, 401, "GET", "/API/job", nil, "Authorization", "token "+tok)

	// Without seconds the token lives 60 s; autoRefresh extends it on every use.
	refresh := string(expect(t, s, 200, "GET", "/API/token?autoRefresh=true", nil).body)
	for range 5 {
		clock.Advance(50 * time.Second)
		expect(t, s, 200, "GET", "/API/jobtype", nil, "Authorization", "token "+refresh)
	}
	plain := string(expect(t, s, 200, "GET", "/API/token", nil).body)
	clock.Advance(61 * time.Second)
	expect(t, s, 401, "GET", "/API/jobtype", nil, "Authorization", "token "+plain)

	expect(t, s, 400, "GET", "/API/token?seconds=soon", nil)
	expect(t, s, 409, "GET", "/API/user/disabled/token", nil)
	expect(t, s, 403, "GET", "/API/user/alice/token", nil, basic("bob", "bob-pw")...)
	other := string(expect(t, s, 200, "GET", "/API/user/bob/token", nil).body)
	if l := listJobs(t, s, "/API/job", "Authorization", "token "+other); l.Hits == 0 || l.Job[0].User != "bob" {
		t.Errorf("a token made for bob does not act as bob: %+v", l.Job)
	}
}

func TestRunAs(t *testing.T) {
	s := startServer(t, Options{})
	// Only administrators may act as someone else; the header name is case-insensitive.
	for _, hdr := range []string{"RunAs", "runas"} {
		l := listJobs(t, s, "/API/job?number=1000", hdr, "bob")
		if l.Hits == 0 || l.Job[0].User != "bob" {
			t.Errorf("%s: bob as seen by admin: %s", hdr, ids(l))
		}
	}
	r := expect(t, s, 403, "GET", "/API/job", nil, append(basic("alice", "alice-pw"), "RunAs", "bob")...)
	if f := errorDocument(t, r)["forbidden"]; f == nil || !strings.Contains(f["explanation"].(string), "_administrator") {
		t.Errorf("non-admin RunAs: %s", r.body)
	}
	r = expect(t, s, 403, "GET", "/API/job", nil, "RunAs", "nobody")
	if f := errorDocument(t, r)["forbidden"]; f == nil || !strings.Contains(f["explanation"].(string), "does not exist") {
		t.Errorf("unknown RunAs user: %s", r.body)
	}
	// RunAs takes the roles of the user acted as: carol has none.
	expect(t, s, 403, "GET", "/API/job/VX-51", nil, "RunAs", "carol")
	expect(t, s, 403, "GET", "/API/task-definition", nil, "RunAs", "alice")
}

func TestUserDocumentListsGroupsAndRoles(t *testing.T) {
	s := startServer(t, Options{})
	var u struct {
		UserName  string `json:"userName"`
		Disabled  bool   `json:"disabled"`
		GroupList struct {
			Group []struct {
				GroupName string `json:"groupName"`
				Role      bool   `json:"role"`
			} `json:"group"`
		} `json:"groupList"`
	}
	expect(t, s, 200, "GET", "/API/user/alice", nil).decode(t, &u)
	roles, groups := []string{}, []string{}
	for _, g := range u.GroupList.Group {
		if g.Role {
			roles = append(roles, g.GroupName)
		} else {
			groups = append(groups, g.GroupName)
		}
	}
	if u.UserName != "alice" || u.Disabled || strings.Join(roles, ",") != "_job_read,_job_write" || strings.Join(groups, ",") != "editors" {
		t.Errorf("alice: %+v", u)
	}
	expect(t, s, 200, "GET", "/API/user/bob", nil, basic("bob", "bob-pw")...)
	expect(t, s, 403, "GET", "/API/user/admin", nil, basic("bob", "bob-pw")...)
	expect(t, s, 404, "GET", "/API/user/nobody", nil)
}

func TestCookieAndUnknownRoutes(t *testing.T) {
	s := startServer(t, Options{})
	r := expect(t, s, 200, "GET", "/API/jobtype", nil)
	if !strings.HasPrefix(r.header.Get("Set-Cookie"), "rememberMe=deleteMe") {
		t.Errorf("Set-Cookie: %q", r.header.Get("Set-Cookie"))
	}
	expect(t, s, 404, "GET", "/API/no-such-thing", nil)
	expect(t, s, 405, "PATCH", "/API/job/VX-51", nil)
	expect(t, s, 405, "PUT", "/API/job/problem", nil)
}
