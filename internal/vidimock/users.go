package vidimock

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
)

// user is an account; groups whose name starts with "_" are roles (e.g. _administrator).
type user struct {
	name     string
	realName string
	password string
	disabled bool
	groups   []string
}

func (u *user) hasRole(role string) bool { return slices.Contains(u.groups, role) }
func (u *user) isAdmin() bool            { return u.hasRole("_administrator") }

// token is a short-lived credential from GET /API/token.
type token struct {
	user        string
	expires     time.Time
	seconds     int
	autoRefresh bool
}

// defaultTokenSeconds is VidiCore's userTokenDefaultInterval.
const defaultTokenSeconds = 60

// access names what a route needs. Holders of _administrator pass every check.
type access int

const (
	anyUser access = iota
	jobRead
	jobWrite
	taskDefinitionRead
	taskDefinitionWrite
	notificationRead
	notificationWrite
	configurationRead
	adminOnly
)

// rolesFor lists the roles that grant an access level.
var rolesFor = map[access][]string{
	jobRead:             {"_job_read", "_job_write"},
	jobWrite:            {"_job_write"},
	taskDefinitionRead:  {"_taskdefinition_read", "_taskdefinition_write"},
	taskDefinitionWrite: {"_taskdefinition_write"},
	notificationRead:    {"_job_notification_read", "_job_notification_write"},
	notificationWrite:   {"_job_notification_write"},
	configurationRead:   {"_configuration_read"},
	adminOnly:           {},
}

// authenticate reads Basic, token or bearer (bearer.go) credentials and the RunAs header.
func (c *call) authenticate() *apiError {
	st := c.s.state
	auth := c.r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(auth, " ")
	switch strings.ToLower(scheme) {
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
		if err != nil {
			return errNotAuthorized("malformed Basic credentials")
		}
		name, pw, _ := strings.Cut(string(raw), ":")
		u := st.users[name]
		if u == nil || u.password != pw {
			return errNotAuthorized("invalid username or password for user " + strconv.Quote(name))
		}
		if u.disabled {
			return errNotAuthorized("user " + strconv.Quote(name) + " is disabled")
		}
		c.caller = u
	case "token":
		t := st.tokens[strings.TrimSpace(cred)]
		if t == nil || !c.now.Before(t.expires) {
			return errNotAuthorized("the token is unknown or has expired")
		}
		u := st.users[t.user]
		if u == nil || u.disabled {
			return errNotAuthorized("the token's user no longer exists or is disabled")
		}
		if t.autoRefresh {
			t.expires = c.now.Add(time.Duration(t.seconds) * time.Second)
		}
		c.caller = u
	case "bearer":
		u, err := c.bearerUser(strings.TrimSpace(cred))
		if err != nil {
			return err
		}
		c.caller = u
	case "":
		return errNotAuthorized("authentication required (HTTP Basic or Authorization: token <token>)")
	default:
		return errNotAuthorized("unsupported authorization scheme " + strconv.Quote(scheme))
	}
	c.user = c.caller
	// Header names are case-insensitive, so this reads both RunAs and runas.
	if runAs := c.r.Header.Get("RunAs"); runAs != "" && runAs != c.caller.name {
		if !c.caller.isAdmin() {
			return errForbidden("user", c.caller.name, "user "+strconv.Quote(c.caller.name)+" may not use RunAs: that needs the _administrator role")
		}
		u := st.users[runAs]
		if u == nil {
			return errForbidden("user", runAs, "RunAs user "+strconv.Quote(runAs)+" does not exist")
		}
		if u.disabled {
			return errForbidden("user", runAs, "RunAs user "+strconv.Quote(runAs)+" is disabled")
		}
		c.user = u
	}
	return nil
}

// authorize checks the acting user's roles against what a route needs.
func (c *call) authorize(need access) *apiError {
	if need == anyUser || c.user.isAdmin() {
		return nil
	}
	roles := rolesFor[need]
	for _, r := range roles {
		if c.user.hasRole(r) {
			return nil
		}
	}
	needed := "_administrator"
	if len(roles) > 0 {
		needed = strings.Join(roles, " or ") + " (or _administrator)"
	}
	return errForbidden("user", c.user.name, "user "+strconv.Quote(c.user.name)+" lacks the role this request needs: "+needed)
}

type groupDocument struct {
	GroupName string `json:"groupName"`
	Role      bool   `json:"role"`
}

type userDocument struct {
	UserName  string `json:"userName"`
	RealName  string `json:"realName"`
	Disabled  bool   `json:"disabled"`
	GroupList struct {
		Group []groupDocument `json:"group,omitempty"`
	} `json:"groupList"`
}

// getUser: GET /API/user/{name}, for the user itself or an administrator.
func (c *call) getUser() {
	u, err := c.userFromPath("read user")
	if err != nil {
		c.fail(err)
		return
	}
	doc := userDocument{UserName: u.name, RealName: u.realName, Disabled: u.disabled}
	for _, g := range u.groups {
		doc.GroupList.Group = append(doc.GroupList.Group, groupDocument{g, strings.HasPrefix(g, "_")})
	}
	c.ok(doc)
}

// getToken: GET /API/token, a token for the acting user.
func (c *call) getToken() { c.issueToken(c.user) }

// getUserToken: GET /API/user/{name}/token, for the user itself or an administrator.
func (c *call) getUserToken() {
	u, err := c.userFromPath("get a token for")
	if err != nil {
		c.fail(err)
		return
	}
	c.issueToken(u)
}

// userFromPath resolves the {name} of a request that only that user or an administrator may
// make (doing, for the refusal: "read user"): 403 for anyone else, 404 for an unknown user.
func (c *call) userFromPath(doing string) (*user, *apiError) {
	name := c.params["name"]
	if name != c.user.name && !c.user.isAdmin() {
		return nil, errForbidden("user", name, "only the user itself or an administrator may "+doing+" "+strconv.Quote(name))
	}
	u := c.s.state.users[name]
	if u == nil {
		return nil, errNotFound("user", name, "")
	}
	return u, nil
}

// issueToken answers the token as text/plain (JSON documents for tokens are not modeled).
func (c *call) issueToken(u *user) {
	if u.disabled {
		c.fail(errConflict("user", u.name, "", "user "+strconv.Quote(u.name)+" is disabled"))
		return
	}
	seconds := defaultTokenSeconds
	if v := c.query("seconds"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || !fitsInt32(&n) {
			c.fail(errInvalid("token", "", v, "seconds must be an integer between 1 and 2147483647"))
			return
		}
		seconds = n
	}
	autoRefresh := false
	if v := c.query("autoRefresh"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			c.fail(errInvalid("token", "", v, "autoRefresh must be true or false"))
			return
		}
		autoRefresh = b
	}
	buf := make([]byte, 16)
	_, _ = rand.Read(buf)
	tok := hex.EncodeToString(buf)
	c.s.state.tokens[tok] = &token{user: u.name, expires: c.now.Add(time.Duration(seconds) * time.Second), seconds: seconds, autoRefresh: autoRefresh}
	c.text(tok)
}
