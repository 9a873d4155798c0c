package vidispine

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// request describes one API call, relative to the base URL.
type request struct {
	method    string
	path      string // below /API, starting with "/"
	query     url.Values
	body      any    // sent as JSON when non-nil
	accept    string // default application/json
	sensitive bool   // the response carries a secret: never log its body
}

// call is the state of one logical call across its attempts. Its methods are the hooks
// and policies handed to go-retryablehttp, so they see this call's context and counters.
type call struct {
	c   *Client
	ctx context.Context
	r   *request

	// nonIdempotent calls are retried by go-retryablehttp only when the request certainly
	// did not reach the server (dial error) or was explicitly refused (429); postOnce
	// handles every other failure.
	nonIdempotent bool

	attempts int // attempts sent so far, across postOnce rounds
	started  time.Time
	body     []byte
	bodyRead bool
}

var errBodyTooLarge = errors.New("response too large")

func (c *Client) newCall(ctx context.Context, r *request) *call {
	return &call{c: c, ctx: c.MaskSecrets(ctx), r: r}
}

// do sends r with retries and decodes a JSON answer into out (nil: ignore the body).
func (c *Client) do(ctx context.Context, r *request, out any) error {
	cl := c.newCall(ctx, r)
	resp, err := cl.send()
	if err != nil {
		return err
	}
	return cl.decode(resp, out)
}

// getText GETs a text resource and returns its body untouched (do trims a string answer).
func (c *Client) getText(ctx context.Context, path, accept string) (string, error) {
	cl := c.newCall(ctx, &request{method: "GET", path: path, accept: accept})
	resp, err := cl.send()
	if err != nil {
		return "", err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", cl.apiError(resp)
	}
	return string(cl.body), nil
}

func (cl *call) apiPath() string {
	return cl.c.basePath() + cl.r.path
}

// send performs the request through go-retryablehttp and returns the final response with
// its body read into cl.body. Any error is returned without secrets.
func (cl *call) send() (*http.Response, error) {
	cl.body, cl.bodyRead = nil, false
	var payload any
	if cl.r.body != nil {
		b, err := json.Marshal(cl.r.body)
		if err != nil {
			return nil, fmt.Errorf("%s %s: encoding the request: %w", cl.r.method, cl.apiPath(), err)
		}
		payload = b
	}
	target := cl.c.base + cl.r.path
	if q := encodeQuery(cl.r.query); q != "" {
		target += "?" + q
	}
	req, err := retryablehttp.NewRequestWithContext(cl.ctx, cl.r.method, target, payload)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", cl.r.method, cl.apiPath(), err)
	}
	accept := cl.r.accept
	if accept == "" {
		accept = "application/json"
	}
	req.Header.Set("Accept", accept)
	if payload != nil {
		// Only with a body: Vidispine rejects a Content-Type on an empty request.
		req.Header.Set("Content-Type", "application/json")
	}
	if cl.c.userAgent != "" {
		req.Header.Set("User-Agent", cl.c.userAgent)
	}
	if cl.c.authHeader != "" {
		req.Header.Set("Authorization", cl.c.authHeader)
	}
	if cl.c.runAs != "" {
		req.Header.Set("RunAs", cl.c.runAs)
	}
	req.SetResponseHandler(cl.readBody)

	rc := &retryablehttp.Client{
		HTTPClient:      cl.c.http,
		Logger:          nil, // we log through tflog in the hooks below
		RetryWaitMin:    cl.c.waitMin,
		RetryWaitMax:    cl.c.waitMax,
		RetryMax:        cl.c.maxRetries,
		CheckRetry:      cl.checkRetry,
		Backoff:         cl.backoff,
		ErrorHandler:    retryablehttp.PassthroughErrorHandler,
		RequestLogHook:  cl.logRequest,
		ResponseLogHook: cl.logResponse,
	}
	resp, err := rc.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return nil, cl.transportError(err)
	}
	if !cl.bodyRead {
		// Retries ran out on a retryable status: the handler did not run.
		if err := cl.readBody(resp); err != nil {
			return nil, cl.transportError(err)
		}
	}
	cl.logBody(resp)
	return resp, nil
}

// readBody reads and closes the body, at most maxBody bytes.
func (cl *call) readBody(resp *http.Response) error {
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, cl.c.maxBody+1))
	if err != nil {
		return err
	}
	if int64(len(b)) > cl.c.maxBody {
		return errBodyTooLarge
	}
	cl.body, cl.bodyRead = b, true
	return nil
}

// checkRetry is the retry policy: connection errors, 429, 502, 503 and 504 are retried,
// nothing else; a canceled context stops at once.
func (cl *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		cl.logError(err)
	}
	if cl.attempts > cl.c.maxRetries {
		return false, nil
	}
	if err != nil {
		if !retryableError(err) {
			return false, nil
		}
		return !cl.nonIdempotent || isDialError(err) || isTokenError(err), nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true, nil
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return !cl.nonIdempotent, nil
	}
	return false, nil
}

// retryableError: errors that a later attempt may not meet. TLS trust problems, an oversized
// answer and malformed requests stay the same however often we try.
func retryableError(err error) bool {
	if errors.Is(err, errBodyTooLarge) || isCertError(err) || isTLSRefusal(err) {
		return false
	}
	if te := (*tokenError)(nil); errors.As(err, &te) {
		return te.retryable()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		msg := ue.Err.Error()
		if strings.Contains(msg, "stopped after") || strings.Contains(msg, "unsupported protocol scheme") ||
			strings.Contains(msg, "invalid header") {
			return false
		}
	}
	return true
}

// isTokenError: no token could be had, so the request was never sent.
func isTokenError(err error) bool {
	var te *tokenError
	return errors.As(err, &te)
}

// isDialError: the connection was never established, so the request never reached the server.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func isCertError(err error) bool {
	var (
		unknown  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
		hostname x509.HostnameError
		verify   *tls.CertificateVerificationError
	)
	return errors.As(err, &unknown) || errors.As(err, &invalid) || errors.As(err, &hostname) ||
		errors.As(err, &verify)
}

// backoff: exponential from waitMin, capped by waitMax, with up to 50% jitter. A Retry-After
// header on 429 or 503 is honored, but never beyond waitMax.
func (cl *call) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	d := backoffDelay(minWait, maxWait, attempt, resp)
	if cl.c.onWait != nil {
		cl.c.onWait(d)
	}
	fields := map[string]any{"method": cl.r.method, "path": cl.apiPath(), "attempt": cl.attempts, "wait": d.String()}
	if resp != nil {
		fields["status"] = resp.StatusCode
	}
	tflog.Debug(cl.ctx, "retrying Vidispine request", fields)
	return d
}

func backoffDelay(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(max(ra, 0), maxWait)
		}
	}
	d := minWait
	for i := 0; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	if d > 1 {
		d += time.Duration(rand.Int64N(int64(d / 2)))
	}
	return min(d, maxWait)
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		if s > int64(24*time.Hour/time.Second) {
			s = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// wait sleeps for d unless ctx ends first.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (cl *call) transportError(err error) error {
	if ctxErr := cl.ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s %s: %w", cl.r.method, cl.apiPath(), ctxErr)
	}
	if errors.Is(err, errBodyTooLarge) {
		return fmt.Errorf("%s %s: the response is larger than %s; refusing to read it",
			cl.r.method, cl.apiPath(), formatSize(cl.c.maxBody))
	}
	if isCertError(err) {
		return fmt.Errorf("%s %s: the server's TLS certificate is not trusted (%s); provide its CA certificate "+
			"(ca_cert_pem) or, only for testing, disable verification (insecure)",
			cl.r.method, cl.apiPath(), cl.c.secrets.redact(unwrapURLError(err).Error()))
	}
	if te := (*tokenError)(nil); errors.As(err, &te) {
		return fmt.Errorf("%s %s: %s", cl.r.method, cl.apiPath(), cl.c.secrets.redact(te.Error()))
	}
	if isTLSRefusal(err) {
		return fmt.Errorf("%s %s: the server refused the TLS connection (%s); if it asks for a client certificate, "+
			"configure client_cert_pem and client_key_pem with one it trusts", cl.r.method, cl.apiPath(),
			cl.c.secrets.redact(unwrapURLError(err).Error()))
	}
	attempts := ""
	if cl.attempts > 1 {
		attempts = fmt.Sprintf(" after %d attempts", cl.attempts)
	}
	return fmt.Errorf("%s %s: request failed%s: %w", cl.r.method, cl.apiPath(), attempts,
		redactedError{msg: cl.c.secrets.redact(unwrapURLError(err).Error()), err: err})
}

// unwrapURLError drops the URL text of a *url.Error ("Get \"url\": ..."): a request error's
// message already names method and path, and the URL of a parse error might hold credentials.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redactedError shows a cleaned message but keeps the cause for errors.Is/As.
type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }

// decode turns the response into out, or into an *APIError when the status says failure.
func (cl *call) decode(resp *http.Response, out any) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return cl.apiError(resp)
	}
	if out == nil {
		return nil
	}
	body := bytes.TrimSpace(cl.body)
	if s, ok := out.(*string); ok {
		*s = string(body)
		return nil
	}
	if len(body) == 0 {
		return nil // 204 or an empty 200: an empty document
	}
	if body[0] != '{' && body[0] != '[' {
		return fmt.Errorf("%s %s: the server did not answer JSON (HTTP %d, content type %q): %s",
			cl.r.method, cl.apiPath(), resp.StatusCode, resp.Header.Get("Content-Type"),
			cl.c.secrets.redact(summarizeBody(resp.Header.Get("Content-Type"), cl.body)))
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s %s: could not decode the server's answer: %v", cl.r.method, cl.apiPath(), err)
	}
	return nil
}

func (cl *call) apiError(resp *http.Response) *APIError {
	e := decodeAPIError(resp.StatusCode, resp.Header.Get("Content-Type"), cl.body)
	e.Method, e.Path = cl.r.method, cl.apiPath()
	e.principal, e.attempts = cl.c.principal, cl.attempts
	if cl.c.runAs != "" && resp.StatusCode == http.StatusUnauthorized {
		e.principal += fmt.Sprintf(" (running as %q)", cl.c.runAs)
	}
	// The server may echo what we sent; never let a secret through.
	for _, f := range []*string{&e.Explanation, &e.Value, &e.ID, &e.Context, &e.Type} {
		*f = cl.c.secrets.redact(*f)
	}
	return e
}

// encodeQuery encodes like url.Values.Encode, but spaces as %20 ("sort=jobId%20desc") and
// commas literally ("type=IMPORT,TRANSCODE"), forms every server decodes the same way. "="
// in values stays %3D, as jobmetadata=key%3Dvalue requires.
func encodeQuery(q url.Values) string {
	return strings.NewReplacer("+", "%20", "%2C", ",").Replace(q.Encode())
}

func formatSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Logging. Everything goes through tflog at debug level on the call's context, which masks
// the client's secrets; the Authorization header is never logged at all.

const maxLoggedBody = 4 << 10

func (cl *call) logRequest(_ retryablehttp.Logger, req *http.Request, _ int) {
	cl.attempts++
	cl.started = time.Now()
	fields := map[string]any{
		"method":  req.Method,
		"path":    req.URL.RequestURI(),
		"attempt": cl.attempts,
		"headers": loggableHeaders(cl.c.sentHeaders(req.Header)),
	}
	if cl.r.body != nil {
		if raw, err := json.Marshal(cl.r.body); err == nil {
			fields["body"] = cl.c.secrets.redact(truncate(string(raw), maxLoggedBody))
		}
	}
	tflog.Debug(cl.ctx, "Vidispine request", fields)
}

func (cl *call) logResponse(_ retryablehttp.Logger, resp *http.Response) {
	tflog.Debug(cl.ctx, "Vidispine response", map[string]any{
		"method":       resp.Request.Method,
		"path":         resp.Request.URL.RequestURI(),
		"status":       resp.StatusCode,
		"attempt":      cl.attempts,
		"duration_ms":  time.Since(cl.started).Milliseconds(),
		"content_type": resp.Header.Get("Content-Type"),
	})
}

func (cl *call) logError(err error) {
	tflog.Debug(cl.ctx, "Vidispine request failed", map[string]any{
		"method":      cl.r.method,
		"path":        cl.apiPath(),
		"attempt":     cl.attempts,
		"duration_ms": time.Since(cl.started).Milliseconds(),
		"error":       cl.c.secrets.redact(err.Error()),
	})
}

func (cl *call) logBody(resp *http.Response) {
	if !tflog.IsDebug(cl.ctx) {
		return
	}
	body := "(not logged: contains a secret)"
	if !cl.r.sensitive {
		body = cl.c.secrets.redact(truncate(string(cl.body), maxLoggedBody))
	}
	tflog.Debug(cl.ctx, "Vidispine response body", map[string]any{
		"method": cl.r.method, "path": cl.apiPath(), "status": resp.StatusCode, "body": body,
	})
}

// sentHeaders: the headers as the server gets them, as far as the log is concerned: with
// client credentials the Authorization header is set below retryablehttp (bearerTransport).
func (c *Client) sentHeaders(h http.Header) http.Header {
	if c.tokens == nil {
		return h
	}
	h = h.Clone()
	h.Set("Authorization", "Bearer")
	return h
}

func loggableHeaders(h http.Header) string {
	var parts []string
	for _, k := range []string{"Accept", "Content-Type", "User-Agent", "RunAs", "Authorization"} {
		v := h.Get(k)
		if v == "" {
			continue
		}
		if k == "Authorization" {
			scheme, _, _ := strings.Cut(v, " ")
			v = scheme + " ***"
		}
		parts = append(parts, k+": "+v)
	}
	return strings.Join(parts, "; ")
}
