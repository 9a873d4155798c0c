package vidispine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// User is the part of a UserDocument the provider needs.
type User struct {
	UserName string   `json:"userName"`
	RealName string   `json:"realName,omitempty"`
	Disabled bool     `json:"disabled,omitempty"`
	Groups   []string `json:"groups,omitempty"` // names of the user's groups (roles are groups)
}

func (u *User) UnmarshalJSON(b []byte) error {
	var aux struct {
		UserName  flexString `json:"userName"`
		RealName  flexString `json:"realName"`
		Disabled  flexBool   `json:"disabled"`
		GroupList *struct {
			Group flexList[struct {
				GroupName flexString `json:"groupName"`
			}] `json:"group"`
		} `json:"groupList"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*u = User{UserName: string(aux.UserName), RealName: string(aux.RealName), Disabled: bool(aux.Disabled)}
	if aux.GroupList != nil {
		for _, g := range aux.GroupList.Group {
			if g.GroupName != "" {
				u.Groups = append(u.Groups, string(g.GroupName))
			}
		}
	}
	return nil
}

// HasRole reports whether the user is a member of the group (role) with this name, e.g.
// "_administrator". Membership inherited through parent groups is not resolved.
func (u *User) HasRole(name string) bool {
	return slices.Contains(u.Groups, name)
}

// GetUser fetches a user with the names of its groups (roles are groups, e.g. _administrator).
//
// GET /API/user/{name}
func (c *Client) GetUser(ctx context.Context, username string) (*User, error) {
	var u User
	if err := c.do(ctx, &request{method: "GET", path: "/user/" + url.PathEscape(username)}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// GetToken obtains a short-lived token for the calling (or RunAs) user, valid for seconds
// (0: the server's default) and refreshed on use when autoRefresh is set. The token is never
// logged: the response body is left out of the debug log, and the token is masked from then
// on in every log line of this client and of contexts passed through MaskSecrets.
//
// GET /API/token
func (c *Client) GetToken(ctx context.Context, seconds int, autoRefresh bool) (string, error) {
	q := url.Values{}
	if seconds > 0 {
		q.Set("seconds", strconv.Itoa(seconds))
	}
	if autoRefresh {
		q.Set("autoRefresh", "true")
	}
	var token string
	r := &request{method: "GET", path: "/token", query: q, accept: "text/plain", sensitive: true}
	if err := c.do(ctx, r, &token); err != nil {
		return "", err
	}
	if token == "" || strings.ContainsAny(token, " \t\r\n<>{}") {
		// Not a token (empty, an HTML page, a document): say so without echoing it.
		return "", fmt.Errorf("GET %s/token: the server did not answer with a plain-text token", c.basePath())
	}
	c.secrets.add(token)
	return token, nil
}
