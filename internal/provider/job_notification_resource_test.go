package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

const notificationAddr = "vidispine_job_notification.test"

// notificationIDs lists the job notifications the server holds.
func notificationIDs(t testing.TB, srv *vidimock.Server) []string {
	t.Helper()
	var list struct {
		URI []string `json:"uri"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/job/notification", nil, &list)
	return list.URI
}

// checkServerNotification compares the server's document of the notification in state with
// want (JSON), member for member; *id receives the notification's id.
func checkServerNotification(t testing.TB, srv *vidimock.Server, id *string, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[notificationAddr]
		if !ok {
			return fmt.Errorf("%s not in state", notificationAddr)
		}
		*id = rs.Primary.ID
		status, raw := mockAPI(t, srv, http.MethodGet, "/API/job/notification/"+*id, nil)
		if status != http.StatusOK {
			return fmt.Errorf("GET notification %s: status %d: %s", *id, status, raw)
		}
		var got, exp any
		if err := json.Unmarshal(raw, &got); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(want), &exp); err != nil {
			return fmt.Errorf("bad expectation: %w", err)
		}
		g, _ := json.Marshal(got)
		e, _ := json.Marshal(exp)
		if string(g) != string(e) {
			return fmt.Errorf("server holds notification %s as\n%s\nwant\n%s", *id, g, e)
		}
		return nil
	}
}

func TestAccJobNotification_lifecycle(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	var id, firstID string
	full := providerBlock(srv) + `
resource "vidispine_job_notification" "test" {
  trigger = {
    event    = "finished"
    job_type = "TRANSCODE"
    job_data = { key = "itemId", value = "VX-7" }
  }
  http = {
    url          = "https://hooks.example.com/job?source=vidispine"
    method       = "POST"
    content_type = "application/json"
    timeout      = 5
    synchronous  = true
    retry        = 3
  }
}
`
	minimal := providerBlock(srv) + `
resource "vidispine_job_notification" "test" {
  trigger = { event = "fail" }
  http    = { url = "http://hooks.example.com/failed" }
}
`
	script := providerBlock(srv) + `
resource "vidispine_job_notification" "test" {
  trigger    = { event = "create", job_type = "IMPORT" }
  javascript = { script = "logger.log('import started: ' + job.getId());" }
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if ids := notificationIDs(t, srv); slices.Contains(ids, id) {
				return fmt.Errorf("notification %s still on the server after destroy: %v", id, ids)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: full,
				Check: resource.ComposeTestCheckFunc(
					checkServerNotification(t, srv, &firstID, `{
  "action":  {"http": {"synchronous": true, "retry": 3, "url": "https://hooks.example.com/job?source=vidispine",
                       "method": "POST", "contentType": "application/json", "timeout": "5"}},
  "trigger": {"job": {"finished": "", "filter": {"type": "TRANSCODE", "jobdata": {"key": "itemId", "value": "VX-7"}}}}}`),
					resource.TestCheckResourceAttr(notificationAddr, "http.timeout", "5"),
				),
			},
			{
				// Settings left out fall back to the server's defaults (method GET, asynchronous) without a diff
				// after apply, and the filters go away; the notification is changed in place.
				Config: minimal,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkServerNotification(t, srv, &id, `{
  "action":  {"http": {"synchronous": false, "url": "http://hooks.example.com/failed", "method": "GET"}},
  "trigger": {"job": {"fail": ""}}}`),
			},
			{
				Config: script,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkServerNotification(t, srv, &id, `{
  "action":  {"javascript": {"synchronous": false, "script": "logger.log('import started: ' + job.getId());"}},
  "trigger": {"job": {"create": "", "filter": {"type": "IMPORT"}}}}`),
					func(*terraform.State) error {
						if id != firstID {
							return fmt.Errorf("the update replaced notification %s by %s; want it changed in place", firstID, id)
						}
						return nil
					},
				),
			},
			{
				ResourceName:      notificationAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				// Someone edits the notification on the server: the plan shows it, the apply puts it back.
				PreConfig: func() {
					mockJSON(t, srv, http.MethodPut, "/API/job/notification/"+id, map[string]any{
						"action":  map[string]any{"http": map[string]any{"url": "http://elsewhere.example.com/", "synchronous": false}},
						"trigger": map[string]any{"job": map[string]any{"stop": ""}},
					}, nil)
				},
				Config: script,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkServerNotification(t, srv, &id, `{
  "action":  {"javascript": {"synchronous": false, "script": "logger.log('import started: ' + job.getId());"}},
  "trigger": {"job": {"create": "", "filter": {"type": "IMPORT"}}}}`),
			},
			{
				// Someone deletes it on the server: the plan creates it again.
				PreConfig: func() { mockJSON(t, srv, http.MethodDelete, "/API/job/notification/"+id, nil, nil) },
				Config:    script,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					newID := s.RootModule().Resources[notificationAddr].Primary.ID
					if newID == id || !slices.Contains(notificationIDs(t, srv), newID) {
						return fmt.Errorf("want a new notification on the server, got id %s (old %s)", newID, id)
					}
					id = newID
					return nil
				},
			},
		},
	})
}

func TestAccJobNotification_validation(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	step := func(body string, words ...string) resource.TestStep {
		return resource.TestStep{
			Config:      providerBlock(srv) + "resource \"vidispine_job_notification\" \"test\" {\n" + body + "\n}\n",
			PlanOnly:    true,
			ExpectError: expectErrorRegex(words...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`trigger = { event = "done" }
javascript = { script = "x" }`, "trigger.event", "create", "update", "stop", "finished", "fail", "done"),
			step(`trigger = { event = "fail" }
http = { url = "http://a.example.com/" }
javascript = { script = "x" }`, "http", "javascript"),
			step(`trigger = { event = "fail" }`, "http", "javascript"),
			// One bad field a step: the CLI may print several diagnostics in any order.
			step(`trigger = { event = "fail" }
http = { url = "ftp://a.example.com/" }`, "url", "http://", "ftp://a.example.com/"),
			step(`trigger = { event = "fail" }
http = { url = "http://a.example.com/", method = "FETCH" }`, "method", "GET", "POST", "FETCH"),
		},
	})
	if n := srv.Requests()["POST /API/job/notification"]; n != 0 {
		t.Errorf("invalid notifications reached the server %d times; want them refused at validation", n)
	}
}
