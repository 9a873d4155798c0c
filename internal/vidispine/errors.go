package vidispine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Kinds of APIError: the nine members of an ExceptionDocument, plus kinds derived from the
// HTTP status when the body says nothing.
const (
	KindNotFound          = "notFound"
	KindInvalidInput      = "invalidInput"
	KindConflict          = "conflict"
	KindForbidden         = "forbidden"
	KindNotAuthorized     = "notAuthorized"
	KindInternalServer    = "internalServer"
	KindNotYetImplemented = "notYetImplemented"
	KindLicenseFault      = "licenseFault"
	KindFileAlreadyExists = "fileAlreadyExists"
	KindTooManyRequests   = "tooManyRequests"
	KindUnavailable       = "unavailable"
)

var exceptionKinds = []string{
	KindNotFound, KindInvalidInput, KindConflict, KindForbidden, KindNotAuthorized,
	KindInternalServer, KindNotYetImplemented, KindLicenseFault, KindFileAlreadyExists,
}

var kindText = map[string]string{
	KindNotFound:          "not found",
	KindInvalidInput:      "invalid input",
	KindConflict:          "conflict",
	KindForbidden:         "forbidden",
	KindNotAuthorized:     "not authorized",
	KindInternalServer:    "internal server error",
	KindNotYetImplemented: "not yet implemented",
	KindLicenseFault:      "license fault",
	KindFileAlreadyExists: "file already exists",
	KindTooManyRequests:   "too many requests",
	KindUnavailable:       "service unavailable",
}

// APIError is an error answer of the server (or a refusal the client makes on the server's
// behalf, such as a duplicate task-definition step; then StatusCode is 0).
type APIError struct {
	StatusCode  int
	Kind        string // notFound, invalidInput, conflict, forbidden, notAuthorized, internalServer, ...
	Type        string // notFound: the kind of object, e.g. "Job"
	ID          string
	Context     string
	Explanation string // the server's own explanation (or message)
	Value       string
	Method      string
	Path        string

	principal string // who we authenticated as, for 401 messages; never a secret
	attempts  int
}

const maxErrorText = 300

func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" || e.Path != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, e.Path)
	}
	if e.StatusCode == http.StatusUnauthorized {
		b.WriteString("authentication failed " + e.principal)
	} else {
		b.WriteString(kindOr(e.Kind, http.StatusText(e.StatusCode), "error"))
	}
	detail := e.detail()
	if detail != "" {
		b.WriteString(": " + detail)
	}
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (HTTP %d", e.StatusCode)
		if e.attempts > 1 {
			fmt.Fprintf(&b, ", after %d attempts", e.attempts)
		}
		b.WriteString(")")
	}
	return b.String()
}

func kindOr(kind string, fallbacks ...string) string {
	if t, ok := kindText[kind]; ok {
		return t
	}
	if kind != "" {
		return kind
	}
	for _, f := range fallbacks {
		if f != "" {
			return strings.ToLower(f)
		}
	}
	return ""
}

func (e *APIError) detail() string {
	var parts []string
	if e.Kind == KindNotFound && e.Explanation == "" && (e.Type != "" || e.ID != "") {
		parts = append(parts, strings.TrimSpace(e.Type+" "+e.ID)+" does not exist")
	} else if e.Explanation != "" {
		parts = append(parts, e.Explanation)
	}
	var extra []string
	if e.Context != "" {
		extra = append(extra, "context "+e.Context)
	}
	if e.ID != "" && !(e.Kind == KindNotFound && e.Explanation == "") {
		extra = append(extra, "id "+e.ID)
	}
	if e.Value != "" {
		extra = append(extra, fmt.Sprintf("value %q", e.Value))
	}
	if len(extra) > 0 {
		parts = append(parts, "("+strings.Join(extra, ", ")+")")
	}
	return truncate(strings.Join(parts, " "), maxErrorText)
}

func asAPIError(err error) *APIError {
	var e *APIError
	if errors.As(err, &e) {
		return e
	}
	return nil
}

func isKind(err error, kind string, status int) bool {
	e := asAPIError(err)
	return e != nil && (e.Kind == kind || e.StatusCode == status)
}

// IsNotFound reports whether the server said the object does not exist (404 / notFound).
func IsNotFound(err error) bool { return isKind(err, KindNotFound, http.StatusNotFound) }

// IsConflict reports a 409 / conflict, including the client's own duplicate refusals.
func IsConflict(err error) bool { return isKind(err, KindConflict, http.StatusConflict) }

// IsForbidden reports a 403 / forbidden (the user lacks a role or permission).
func IsForbidden(err error) bool { return isKind(err, KindForbidden, http.StatusForbidden) }

// IsUnauthorized reports a 401 (bad credentials) / notAuthorized.
func IsUnauthorized(err error) bool {
	return isKind(err, KindNotAuthorized, http.StatusUnauthorized)
}

// IsInvalidInput reports a 400 / invalidInput.
func IsInvalidInput(err error) bool { return isKind(err, KindInvalidInput, http.StatusBadRequest) }

// exceptionMember holds the fields any ExceptionDocument member may carry.
type exceptionMember struct {
	Type        flexString `json:"type"`
	ID          flexString `json:"id"`
	Context     flexString `json:"context"`
	Explanation flexString `json:"explanation"`
	Value       flexString `json:"value"`
	Message     flexString `json:"message"`
	StorageID   flexString `json:"storageId"`
	FileID      flexString `json:"fileId"`
	Path        flexString `json:"path"`
}

// decodeAPIError builds an APIError from an error response body: an ExceptionDocument in
// JSON (unused members null or absent), the text/plain form, or anything else summarized.
func decodeAPIError(status int, contentType string, body []byte) *APIError {
	e := &APIError{StatusCode: status}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		if !e.fromExceptionDocument(trimmed) {
			e.Explanation = summarizeBody(contentType, body)
		}
	case isHTML(contentType, trimmed):
		e.Explanation = summarizeBody(contentType, body)
	case len(trimmed) > 0:
		e.fromPlainText(string(trimmed))
	}
	if e.Kind == "" {
		e.Kind = kindForStatus(status)
	}
	return e
}

func (e *APIError) fromExceptionDocument(body []byte) bool {
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		return false
	}
	kind, raw := "", json.RawMessage(nil)
	for _, k := range exceptionKinds {
		if r, ok := doc[k]; ok && !bytes.Equal(bytes.TrimSpace(r), jsonNull) {
			kind, raw = k, r
			break
		}
	}
	if kind == "" {
		return len(doc) > 0 // a document of nulls only still is an ExceptionDocument
	}
	e.Kind = kind
	var m exceptionMember
	if json.Unmarshal(raw, &m) != nil {
		return true // e.g. "notYetImplemented": "" carries nothing more
	}
	e.Type, e.ID, e.Context = string(m.Type), string(m.ID), string(m.Context)
	e.Explanation, e.Value = string(m.Explanation), string(m.Value)
	if e.Explanation == "" {
		e.Explanation = string(m.Message)
	}
	if kind == KindFileAlreadyExists {
		e.ID, e.Context, e.Value = string(m.FileID), string(m.StorageID), string(m.Path)
	}
	return true
}

// fromPlainText reads the text/plain error form:
// "400 An invalid parameter was entered\r\nContext: storage\r\nID: VX-73\r\nReason: ...".
func (e *APIError) fromPlainText(s string) {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	first := strings.TrimSpace(lines[0])
	if i := strings.IndexByte(first, ' '); i == 3 && strings.Trim(first[:3], "0123456789") == "" {
		first = strings.TrimSpace(first[i:])
	}
	var reason string
	for _, l := range lines[1:] {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "context":
			e.Context = v
		case "id":
			e.ID = v
		case "reason":
			reason = v
		case "value":
			e.Value = v
		}
	}
	switch {
	case reason != "":
		e.Explanation = reason
	default:
		e.Explanation = truncate(oneLine(first), 200)
	}
}

func kindForStatus(status int) string {
	switch status {
	case http.StatusNotFound:
		return KindNotFound
	case http.StatusBadRequest:
		return KindInvalidInput
	case http.StatusConflict:
		return KindConflict
	case http.StatusForbidden:
		return KindForbidden
	case http.StatusUnauthorized:
		return KindNotAuthorized
	case http.StatusTooManyRequests:
		return KindTooManyRequests
	case http.StatusNotImplemented:
		return KindNotYetImplemented
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return KindUnavailable
	}
	if status >= 500 {
		return KindInternalServer
	}
	return ""
}

func isHTML(contentType string, body []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "html") {
		return true
	}
	head := strings.ToLower(string(body[:min(len(body), 64)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

var (
	titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	tagRE   = regexp.MustCompile(`(?s)<[^>]*>`)
	blockRE = regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(script|style)>`)
)

// summarizeBody turns an unexpected body into one short line: an HTML page becomes its title
// (or its text), anything else its first characters.
func summarizeBody(contentType string, body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return "empty body"
	}
	s := string(body[:min(len(body), 64<<10)])
	if isHTML(contentType, bytes.TrimSpace(body)) {
		if m := titleRE.FindStringSubmatch(s); m != nil && strings.TrimSpace(m[1]) != "" {
			s = m[1]
		} else {
			s = tagRE.ReplaceAllString(blockRE.ReplaceAllString(s, " "), " ")
		}
		s = html.UnescapeString(s)
	}
	return truncate(oneLine(s), 200)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// truncate shortens s to at most n bytes without cutting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
