package vidispine

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// GetUser fetches a user with the names of its groups (roles are groups, e.g. _administrator).
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
