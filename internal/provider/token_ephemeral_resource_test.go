package provider

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// tokenStatus calls the mock with a token instead of a password and returns the status.
func tokenStatus(t testing.TB, srv *vidimock.Server, token, path string) int {
	t.Helper()
	status, _ := mockAPIWith(t, srv, func(r *http.Request) { r.Header.Set("Authorization", "token "+token) },
		http.MethodGet, path, nil)
	return status
}

// TestAccTokenEphemeralResource_worksUntilItExpires feeds the token to a second provider
// configuration, which reads a job with it, and through the echo test provider to state, where
// the test checks the token against the server: it works, and it expires after the requested
// lifetime.
func TestAccTokenEphemeralResource_worksUntilItExpires(t *testing.T) {
	clock := vidimock.NewManualClock(testEpoch)
	srv := startMock(t, vidimock.Options{Clock: clock})
	jobID := startJob(t, srv, "THUMBNAIL", nil)
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"echo": echoprovider.NewProviderServer(),
	}
	for k, v := range testAccProtoV6ProviderFactories {
		factories[k] = v
	}
	before := time.Now()

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + fmt.Sprintf(`
ephemeral "vidispine_token" "test" {
  seconds      = 600
  auto_refresh = false
}

provider "vidispine" {
  alias = "by_token"
  url   = %q
  token = ephemeral.vidispine_token.test.token
}

data "vidispine_job" "by_token" {
  provider = vidispine.by_token
  job_id   = %q
}

provider "echo" {
  data = ephemeral.vidispine_token.test
}

resource "echo" "token" {}
`, srv.URL(), jobID),
			ConfigStateChecks: []statecheck.StateCheck{
				// The token authenticated the second provider configuration as the same user.
				statecheck.ExpectKnownValue("data.vidispine_job.by_token", tfjsonpath.New("user"), knownvalue.StringExact(vidimock.AdminUser)),
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("seconds"), knownvalue.Int64Exact(600)),
			},
			Check: func(s *terraform.State) error {
				attrs := s.RootModule().Resources["echo.token"].Primary.Attributes
				token := attrs["data.token"]
				if token == "" {
					return fmt.Errorf("no token in %v", attrs)
				}
				expires, err := time.Parse(time.RFC3339, attrs["data.expires_at"])
				if err != nil {
					return fmt.Errorf("expires_at %q: %v", attrs["data.expires_at"], err)
				}
				if lo, hi := before.Add(600*time.Second).Truncate(time.Second), time.Now().Add(600*time.Second); expires.Before(lo) || expires.After(hi) {
					return fmt.Errorf("expires_at %s, want ten minutes after the token was issued (%s..%s)", expires, lo, hi)
				}
				if st := tokenStatus(t, srv, token, "/API/job/"+jobID); st != http.StatusOK {
					return fmt.Errorf("the token was refused: status %d", st)
				}
				// Past the server's default lifetime of 60 seconds, within the 600 asked for.
				clock.Advance(590 * time.Second)
				if st := tokenStatus(t, srv, token, "/API/job/"+jobID); st != http.StatusOK {
					return fmt.Errorf("the token expired before its 600 seconds: status %d", st)
				}
				clock.Advance(11 * time.Second)
				if st := tokenStatus(t, srv, token, "/API/job/"+jobID); st != http.StatusUnauthorized {
					return fmt.Errorf("the token still works after its 600 seconds: status %d", st)
				}
				return nil
			},
		}},
	})
}
