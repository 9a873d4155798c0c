package benchmarks

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// adminRequest sends one request to the mock as the admin user, outside the provider.
func adminRequest(b *testing.B, srv *vidimock.Server, method, path string) (int, []byte) {
	b.Helper()
	req, err := http.NewRequest(method, srv.URL()+path, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.SetBasicAuth(vidimock.AdminUser, vidimock.AdminPassword)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, body
}

// adminJSON GETs path as admin and decodes the answer into out.
func adminJSON(b *testing.B, srv *vidimock.Server, path string, out any) {
	b.Helper()
	status, body := adminRequest(b, srv, http.MethodGet, path)
	if status != http.StatusOK {
		b.Fatalf("GET %s: %d %s", path, status, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		b.Fatalf("GET %s: decoding %s: %v", path, body, err)
	}
}
