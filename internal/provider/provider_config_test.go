package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/testcerts"
	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

func TestAccProvider_configurationErrorsNameTheAttribute(t *testing.T) {
	t.Parallel()
	cert, key := testcerts.NewCA(t).ClientCert(t)
	// The test factories give the provider an empty environment, so it cannot fill in what the
	// cases leave out.
	cases := []struct {
		name   string
		block  string
		expect []string
	}{
		{"missing url", `username = "admin"
  password = "admin"`, []string{"Missing Vidispine URL", envURL}},
		{"url without scheme", `url = "vidispine.example.com:8080"
  username = "admin"
  password = "admin"`, []string{"url", "http://", "https://"}},
		{"url with query", `url = "http://vidispine.example.com/?x=1"
  username = "admin"
  password = "admin"`, []string{"url", "query"}},
		{"missing credentials", `url = "http://127.0.0.1:1"`, []string{"Missing Vidispine credentials", envUsername, envToken}},
		{"missing password", `url = "http://127.0.0.1:1"
  username = "admin"`, []string{"Missing Vidispine password", envPassword}},
		{"token and username", `url = "http://127.0.0.1:1"
  token = "abc"
  username = "admin"`, []string{"token", "username"}},
		{"bad duration", `url = "http://127.0.0.1:1"
  username = "admin"
  password = "admin"
  request_timeout = "soon"`, []string{"request_timeout", "30s"}},
		{"retries out of range", `url = "http://127.0.0.1:1"
  username = "admin"
  password = "admin"
  max_retries = 100`, []string{"max_retries", "between 0 and 20"}},
		{"waits inverted", `url = "http://127.0.0.1:1"
  username = "admin"
  password = "admin"
  retry_wait_min = "10s"
  retry_wait_max = "1s"`, []string{"retry_wait_min", "retry_wait_max"}},
		// Authentication beyond basic credentials and tokens (provider_auth.go).
		{"bearer token and token", `url = "http://127.0.0.1:1"
  bearer_token = "a"
  token = "b"`, []string{"bearer_token", "token"}},
		{"bearer token and username", `url = "http://127.0.0.1:1"
  bearer_token = "a"
  username = "admin"`, []string{"bearer_token", "username"}},
		{"client credentials and password", `url = "http://127.0.0.1:1"
  password = "x"
  client_credentials {
    token_url = "https://idp.example.com/token"
    client_id = "ci"
    client_secret = "s"
  }`, []string{"client_credentials", "password"}},
		{"client credentials and bearer token", `url = "http://127.0.0.1:1"
  bearer_token = "a"
  client_credentials {
    token_url = "https://idp.example.com/token"
    client_id = "ci"
    client_secret = "s"
  }`, []string{"client_credentials", "bearer_token"}},
		{"client credentials without secret", `url = "http://127.0.0.1:1"
  client_credentials {
    token_url = "https://idp.example.com/token"
    client_id = "ci"
  }`, []string{"client_secret", envClientSecret}},
		{"client credentials without token url", `url = "http://127.0.0.1:1"
  client_credentials {
    client_id = "ci"
    client_secret = "s"
  }`, []string{"token_url"}},
		{"token url without scheme", `url = "http://127.0.0.1:1"
  client_credentials {
    token_url = "idp.example.com/token"
    client_id = "ci"
    client_secret = "s"
  }`, []string{"token_url", "https://"}},
		{"client certificate without key", fmt.Sprintf(`url = "http://127.0.0.1:1"
  username = "admin"
  password = "admin"
  client_cert_pem = %q`, cert), []string{"client_key_pem"}},
		{"client certificate that is not PEM", fmt.Sprintf(`url = "http://127.0.0.1:1"
  username = "admin"
  password = "admin"
  client_cert_pem = "MIIB-not-pem"
  client_key_pem = %q`, key), []string{"client_cert_pem", "not valid"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "provider \"vidispine\" {\n  " + tc.block + "\n}\n" + readJobConfig("VX-1"),
					ExpectError: expectErrorRegex(tc.expect...),
				}},
			})
		})
	}
}

func TestAccProvider_environmentFallbacks(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobID := startJob(t, srv, "THUMBNAIL", nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWithEnv(map[string]string{
			envURL: srv.URL() + "/API/", envUsername: vidimock.AdminUser, envPassword: vidimock.AdminPassword,
		}),
		Steps: []resource.TestStep{{
			Config: `provider "vidispine" {}` + readJobConfig(jobID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("type"), knownvalue.StringExact("THUMBNAIL")),
			},
		}},
	})
}

func TestAccProvider_tokenAuthentication(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	jobID := startJob(t, srv, "THUMBNAIL", nil)
	status, token := mockAPI(t, srv, http.MethodGet, "/API/token?seconds=600", nil)
	if status != http.StatusOK || len(token) == 0 {
		t.Fatalf("GET /API/token: status %d, body %q", status, token)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "vidispine" {
  url   = %q
  token = %q
}
`, srv.URL(), strings.TrimSpace(string(token))) + readJobConfig(jobID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.vidispine_job.test", tfjsonpath.New("user"), knownvalue.StringExact(vidimock.AdminUser)),
				},
			},
			{
				Config: fmt.Sprintf(`
provider "vidispine" {
  url   = %q
  token = "not-a-token"
}
`, srv.URL()) + readJobConfig(jobID),
				ExpectError: expectErrorRegex("401"),
			},
		},
	})
}

func TestAccProvider_wrongPasswordFailsAtOnceAndNamesTheUser(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "vidispine" {
  url      = %q
  username = "alice"
  password = "wrong-secret-pw"
}
`, srv.URL()) + readJobConfig("VX-1"),
			ExpectError: expectErrorRegex("alice"),
		}},
	})
	if n := srv.Requests()["GET /API/job/{id}"]; n != 1 {
		t.Errorf("a 401 was sent %d times; want exactly once (no retries)", n)
	}
}

func TestAccProvider_runAs(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	// The server refuses to impersonate an unknown user: the error proves run_as reaches it.
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv, `run_as = "nobody-such-user"`) + readJobConfig("VX-1"),
			ExpectError: expectErrorRegex("nobody-such-user"),
		}},
	})
}

// The version is read once per configured provider, however many reads need it at once.
func TestServerVersionReadOnce(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		time.Sleep(20 * time.Millisecond) // let the other reads arrive while this one is under way
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"component":{"name":"VidiCore","version":"5.0.1"}}`))
	}))
	t.Cleanup(srv.Close)
	client, err := vidispine.NewClient(vidispine.Config{URL: srv.URL, Username: "admin", Password: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	data := newProviderData(client)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var diags diag.Diagnostics
			data.requireFeature(context.Background(), vidispine.FeaturePriorityFilter, path.Root("priorities"), &diags)
			if !diags.HasError() {
				t.Errorf("5.0.1 accepted for the priorities filter: %v", diags)
			}
		}()
	}
	wg.Wait()
	if n := requests.Load(); n != 1 {
		t.Errorf("GET /API/version sent %d times, want 1", n)
	}
}
