package vidispine

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestDecodeAPIErrorAllKinds(t *testing.T) {
	for _, tt := range []struct {
		status int
		kind   string
		member string
		is     func(error) bool
		text   []string
	}{
		{404, KindNotFound, `{"type":"Job","id":"VX-1000000","context":null}`, IsNotFound, []string{"not found", "Job VX-1000000 does not exist", "HTTP 404"}},
		{400, KindInvalidInput, `{"context":"job","id":null,"explanation":"No more components of that type is accepted","value":"VIDEO_COMPONENT"}`,
			IsInvalidInput, []string{"invalid input: No more components of that type is accepted", `value "VIDEO_COMPONENT"`, "context job"}},
		{409, KindConflict, `{"context":"user","id":"bob","explanation":"user is disabled"}`, IsConflict, []string{"conflict: user is disabled", "id bob"}},
		{403, KindForbidden, `{"context":"job","id":"VX-3","explanation":"missing role _job_write"}`, IsForbidden, []string{"forbidden: missing role _job_write"}},
		{401, KindNotAuthorized, `{"message":"bad credentials"}`, IsUnauthorized, []string{"bad credentials"}},
		{500, KindInternalServer, `{"message":"NullPointerException"}`, nil, []string{"internal server error: NullPointerException"}},
		{501, KindNotYetImplemented, `{}`, nil, []string{"not yet implemented"}},
		{402, KindLicenseFault, `{"message":"license expired"}`, nil, []string{"license fault: license expired"}},
		{409, KindFileAlreadyExists, `{"storageId":"VX-2","fileId":"VX-77","path":"a/b.mov"}`, IsConflict, []string{"file already exists", "VX-77", `"a/b.mov"`}},
	} {
		t.Run(tt.kind, func(t *testing.T) {
			// VidiCore 4.17 style: all nine members, unused ones null.
			doc := map[string]json.RawMessage{}
			for _, k := range exceptionKinds {
				doc[k] = json.RawMessage("null")
			}
			doc[tt.kind] = json.RawMessage(tt.member)
			body, _ := json.Marshal(doc)
			e := decodeAPIError(tt.status, "application/json", body)
			if e.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", e.Kind, tt.kind)
			}
			for _, want := range tt.text {
				if !strings.Contains(e.Error(), want) {
					t.Errorf("%q does not contain %q", e.Error(), want)
				}
			}
			if tt.is != nil && !tt.is(e) {
				t.Errorf("predicate false for %v", e)
			}
			wrapped := errors.Join(errors.New("context"), e)
			if tt.is != nil && !tt.is(wrapped) {
				t.Error("predicate false for a wrapped error")
			}
		})
	}
}

func TestDecodeAPIErrorOtherForms(t *testing.T) {
	for _, tt := range []struct {
		name        string
		status      int
		contentType string
		body        string
		kind        string
		want        string
		notWant     string
	}{
		{"newer server omits nulls", 404, "application/json", `{"notFound":{"type":"Item","id":"VX-1"}}`, KindNotFound, "Item VX-1 does not exist", ""},
		{"text/plain form", 400, "text/plain", "400 An invalid parameter was entered\r\nContext: storage\r\nID: VX-73\r\nReason: invalid method url",
			KindInvalidInput, "invalid input: invalid method url (context storage, id VX-73)", ""},
		{"plain sentence", 409, "text/plain", "Step already exists", KindConflict, "conflict: Step already exists", ""},
		{"empty body", 404, "", "", KindNotFound, "not found (HTTP 404)", ""},
		{"HTML page", 500, "text/html", "<html><head><title>Proxy Error</title></head><body>" + strings.Repeat("<p>noise</p>", 500) + "</body></html>",
			KindInternalServer, "Proxy Error", "noise"},
		{"HTML without title", 502, "text/html", "<html><body><h1>Bad   gateway</h1><script>var x=1;</script></body></html>", KindUnavailable, "Bad gateway", "var x"},
		{"JSON that is not an exception", 400, "application/json", `{"what":"ever"}`, KindInvalidInput, "invalid input", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := decodeAPIError(tt.status, tt.contentType, []byte(tt.body))
			if e.Kind != tt.kind {
				t.Errorf("Kind = %q, want %q", e.Kind, tt.kind)
			}
			msg := e.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("%q does not contain %q", msg, tt.want)
			}
			if tt.notWant != "" && strings.Contains(msg, tt.notWant) {
				t.Errorf("%q contains %q", msg, tt.notWant)
			}
			if len(msg) > 400 {
				t.Errorf("message is %d bytes long", len(msg))
			}
		})
	}
}

// FuzzDecodeError: decoding an error answer never panics and gives a short, consistent message.
func FuzzDecodeError(f *testing.F) {
	f.Add(404, "application/json", []byte(`{"notFound":{"type":"Job","id":"VX-1","context":null},"conflict":null}`))
	f.Add(400, "application/json", []byte(`{"invalidInput":{"explanation":"bad","value":12}}`))
	f.Add(409, "application/json", []byte(`{"fileAlreadyExists":{"storageId":"VX-1","fileId":"VX-2","path":"p"}}`))
	f.Add(500, "text/html", []byte(`<html><title>x</title></html>`))
	f.Add(400, "text/plain", []byte("400 An invalid parameter was entered\r\nContext: storage\r\nReason: r"))
	f.Add(503, "", []byte(`{"notYetImplemented":""}`))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		e := decodeAPIError(status, contentType, body)
		msg := e.Error()
		if msg == "" {
			t.Fatal("empty message")
		}
		// The server's text is cut, never dumped whole.
		if len(msg) > 2*maxErrorText+100 {
			t.Fatalf("message of %d bytes for a %d-byte body", len(msg), len(body))
		}
		if IsNotFound(e) != (e.Kind == KindNotFound || status == 404) {
			t.Fatalf("IsNotFound disagrees with kind %q / status %d", e.Kind, status)
		}
	})
}

func TestTruncateKeepsUTF8(t *testing.T) {
	s := strings.Repeat("é", 10) // 2 bytes each
	got := truncate(s, 5)
	if got != "éé…" {
		t.Errorf("truncate = %q", got)
	}
}
