package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// startJobAs starts a job as the given user of the mock's seed data, who then owns it.
func startJobAs(t *testing.T, srv *vidimock.Server, user, password, jobType string) string {
	t.Helper()
	status, raw := mockAPIWith(t, srv, func(r *http.Request) { r.SetBasicAuth(user, password) },
		http.MethodPost, "/API/job?type="+jobType, nil)
	var job mockJob
	if err := json.Unmarshal(raw, &job); err != nil || status != http.StatusOK || job.User != user {
		t.Fatalf("starting a %s job as %s: status %d, job %+v, error %v", jobType, user, status, job, err)
	}
	return job.JobID
}

func TestAccJobAccessDataSource_ownerAdminStrangerAndInvisible(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	aliceJob := startJobAs(t, srv, "alice", "alice-pw", "TRANSCODE")

	// alice owns the job; admin holds _administrator; bob may read jobs (_job_read) but owns
	// none of alice's; carol has no roles, so alice's job is not visible to her.
	want := map[string]map[string]bool{
		"alice": {"view": true, "abort": true, "rerun": true, "priority": true},
		"admin": {"view": true, "abort": true, "rerun": true, "priority": true},
		"bob":   {"view": true, "abort": false, "rerun": false, "priority": false},
		"carol": {"view": false, "abort": false, "rerun": false, "priority": false},
	}
	reasons := map[string]string{"alice": "owns", "admin": "_administrator", "bob": "neither", "carol": "not visible"}
	var config strings.Builder
	config.WriteString(providerBlock(srv))
	var checks []statecheck.StateCheck
	for user, actions := range want {
		for action, allowed := range actions {
			name := user + "_" + action
			fmt.Fprintf(&config, `
data "vidispine_job_access" %q {
  job_id = %q
  user   = %q
  action = %q
}
`, name, aliceJob, user, action)
			reason := reasons[user]
			if action == "view" && allowed {
				reason = "is visible"
			}
			checks = append(checks,
				statecheck.ExpectKnownValue("data.vidispine_job_access."+name, tfjsonpath.New("allowed"), knownvalue.Bool(allowed)),
				statecheck.ExpectKnownValue("data.vidispine_job_access."+name, tfjsonpath.New("reason"),
					knownvalue.StringRegexp(expectErrorRegex(reason))))
		}
	}

	// A job that does not exist is visible to nobody, not even to an administrator.
	config.WriteString(`
data "vidispine_job_access" "ghost" {
  job_id = "VX-999999"
  user   = "admin"
  action = "view"
}
`)
	checks = append(checks,
		statecheck.ExpectKnownValue("data.vidispine_job_access.ghost", tfjsonpath.New("allowed"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue("data.vidispine_job_access.ghost", tfjsonpath.New("reason"),
			knownvalue.StringRegexp(expectErrorRegex("VX-999999", "not visible"))))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + fmt.Sprintf(`
data "vidispine_job_access" "nobody" {
  job_id = %q
  user   = "nobody"
  action = "view"
}
`, aliceJob),
				ExpectError: expectErrorRegex("User not found", "nobody"),
			},
			{
				Config: providerBlock(srv) + fmt.Sprintf(`
data "vidispine_job_access" "bad" {
  job_id = %q
  user   = "bob"
  action = "delete"
}
`, aliceJob),
				ExpectError: expectErrorRegex("action", "view", "abort", "rerun", "priority", "delete"),
			},
			{
				// A provider user who may not impersonate gets an error, not a false "no".
				Config: strings.Replace(providerBlock(srv), `username       = "admin"
  password       = "admin"`, `username       = "alice"
  password       = "alice-pw"`, 1) + fmt.Sprintf(`
data "vidispine_job_access" "as_alice" {
  job_id = %q
  user   = "bob"
  action = "view"
}
`, aliceJob),
				ExpectError: expectErrorRegex("Could not read user bob", "RunAs", "_administrator"),
			},
			// Last, so that the test's final destroy runs with a valid configuration.
			{Config: config.String(), ConfigStateChecks: checks},
		},
	})
}
