package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

const notificationAddr = "vidispine_job_notification.test"

// checkNotificationGone is a CheckDestroy: notification *id is no longer on the server.
func checkNotificationGone(t testing.TB, srv *vidimock.Server, id *string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if ids := serverNotificationIDs(t, srv); slices.Contains(ids, *id) {
			return fmt.Errorf("notification %s still on the server after destroy: %v", *id, ids)
		}
		return nil
	}
}

// hookConfig is notification "test": an http action calling url on event, every other setting
// left to the provider and the server.
func hookConfig(srv *vidimock.Server, event, url string) string {
	return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_notification" "test" {
  trigger = { event = %q }
  http    = { url = %q }
}
`, event, url)
}

// importNotification imports notification id into the state for the following steps.
func importNotification(config, id string, check resource.ImportStateCheckFunc) resource.TestStep {
	return resource.TestStep{
		Config:             config,
		ResourceName:       notificationAddr,
		ImportState:        true,
		ImportStateId:      id,
		ImportStatePersist: true,
		ImportStateCheck:   check,
	}
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
	minimal := hookConfig(srv, "fail", "http://hooks.example.com/failed")
	script := providerBlock(srv) + `
resource "vidispine_job_notification" "test" {
  trigger    = { event = "create", job_type = "IMPORT" }
  javascript = { script = "logger.log('import started: ' + job.getId());" }
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNotificationGone(t, srv, &id),
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
				// Settings the server may fill in keep their current values when left out; the filters go
				// away; the notification is changed in place.
				Config: minimal,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkServerNotification(t, srv, &id, `{
  "action":  {"http": {"synchronous": true, "retry": 3, "url": "http://hooks.example.com/failed",
                       "method": "POST", "contentType": "application/json", "timeout": "5"}},
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
						"action":  map[string]any{"http": map[string]any{"url": "http://elsewhere.example.com/", "synchronous": false, "timeout": "9"}},
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
					if newID == id || !slices.Contains(serverNotificationIDs(t, srv), newID) {
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
			// The server's integers are Java ints.
			step(`trigger = { event = "fail", step = 99999999999 }
javascript = { script = "x" }`, "trigger.step", "2147483647", "99999999999"),
			// The 4.9 XSD reads as a choice of key or key-regex, and of value or value-regex.
			step(`trigger = { event = "fail", job_data = { key = "itemId", key_regex = "item.*" } }
javascript = { script = "x" }`, "key_regex", "key"),
			step(`trigger = { event = "fail", job_data = { key = "itemId", value = "VX-1", value_regex = "VX-.*" } }
javascript = { script = "x" }`, "value_regex", "value"),
			step(`trigger = { event = "fail", content_filters = ["jobId", "password"] }
javascript = { script = "x" }`, "content_filters", "jobState", "password"),
		},
	})
	if n := srv.Requests()["POST /API/job/notification"]; n != 0 {
		t.Errorf("invalid notifications reached the server %d times; want them refused at validation", n)
	}
}

// A notification made by another tool with filters and settings the resource did not always
// model: import reads the filters back, and changing one attribute changes only that one.
func TestAccJobNotification_importKeepsUnmanagedMembers(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const original = `{
  "action": {"http": {"url": "https://hooks.example.com/job", "method": "POST", "timeout": "none", "synchronous": false,
                      "retry": 2, "extradata": "ticket=42", "group": "hooks"}},
  "trigger": {"job": {"finished": "", "type": "JobTrigger", "placeholder": false,
    "filter": {"step": 300, "type": "TRANSCODE", "jobdata": {"key-regex": "item.*", "value-regex": "VX-[0-9]+"}},
    "contentFilters": {"contentFilter": ["jobId", "jobState"]}}}}`
	id := postNotification(t, srv, json.RawMessage(original))
	config := func(method string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_notification" "test" {
  trigger = {
    event           = "finished"
    job_type        = "TRANSCODE"
    step            = 300
    job_data        = { key_regex = "item.*", value_regex = "VX-[0-9]+" }
    content_filters = ["jobState", "jobId"]
  }
  http = {
    url       = "https://hooks.example.com/job"
    method    = %q
    extradata = "ticket=42"
    group     = "hooks"
  }
}
`, method)
	}
	var stateID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkNotificationGone(t, srv, &id),
		Steps: []resource.TestStep{
			importNotification(config("POST"), id, func(states []*terraform.InstanceState) error {
				if len(states) != 1 {
					return fmt.Errorf("imported %d instances", len(states))
				}
				got := states[0].Attributes
				for k, want := range map[string]string{
					"trigger.step": "300", "trigger.job_type": "TRANSCODE",
					"trigger.job_data.key_regex": "item.*", "trigger.job_data.value_regex": "VX-[0-9]+",
					"trigger.content_filters.#": "2", "http.method": "POST", "http.retry": "2",
					"http.extradata": "ticket=42", "http.group": "hooks",
				} {
					if got[k] != want {
						return fmt.Errorf("imported %s = %q, want %q", k, got[k], want)
					}
				}
				for _, k := range []string{"trigger.job_data.key", "trigger.job_data.value", "http.timeout"} {
					if v, ok := got[k]; ok && v != "" {
						return fmt.Errorf("imported %s = %q, want null", k, v)
					}
				}
				return nil
			}),
			{
				// The configuration matches what was imported: nothing to do.
				Config: config("POST"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// One attribute changes; the server keeps everything else, managed or not.
				Config: config("PUT"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkServerNotification(t, srv, &stateID, strings.Replace(original, `"POST"`, `"PUT"`, 1)),
					func(*terraform.State) error {
						if stateID != id {
							return fmt.Errorf("state holds notification %s, want %s changed in place", stateID, id)
						}
						return nil
					},
				),
			},
		},
	})
}

// A server that refuses an http action without a timeout (as the specification's required
// member says): a configuration without one still works, and later updates keep the timeout.
func TestAccJobNotification_timeoutRequiredByServer(t *testing.T) {
	srv := startMock(t, vidimock.Options{HTTPTimeoutMissing: vidimock.HTTPTimeoutReject})
	config := func(url string) string { return hookConfig(srv, "fail", url) }
	var id string
	want := func(url string) string {
		return `{"action": {"http": {"url": "` + url + `", "method": "GET", "synchronous": false, "timeout": "60"}},
  "trigger": {"job": {"fail": ""}}}`
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("http://hooks.example.com/a"),
				Check: resource.ComposeTestCheckFunc(
					checkServerNotification(t, srv, &id, want("http://hooks.example.com/a")),
					resource.TestCheckResourceAttr(notificationAddr, "http.timeout", "60"),
					resource.TestCheckResourceAttr(notificationAddr, "http.method", "GET"),
					resource.TestCheckResourceAttr(notificationAddr, "http.synchronous", "false"),
					resource.TestCheckNoResourceAttr(notificationAddr, "http.retry"),
				),
			},
			{
				Config: config("http://hooks.example.com/b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionUpdate),
				}},
				Check: checkServerNotification(t, srv, &id, want("http://hooks.example.com/b")),
			},
		},
	})
}

// A server that fills in its own timeout: the provider adopts it, on import and after updates,
// without "inconsistent result after apply".
func TestAccJobNotification_timeoutFilledByServer(t *testing.T) {
	srv := startMock(t, vidimock.Options{HTTPTimeoutMissing: vidimock.HTTPTimeoutDefault})
	imported := postNotification(t, srv, json.RawMessage(
		`{"action":{"http":{"url":"http://hooks.example.com/a","synchronous":true}},"trigger":{"job":{"stop":""}}}`))
	config := func(url string) string { return hookConfig(srv, "stop", url) }
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			importNotification(config("http://hooks.example.com/a"), imported, nil),
			{
				Config: config("http://hooks.example.com/b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(notificationAddr, tfjsonpath.New("http").AtMapKey("timeout"),
						knownvalue.Int64Exact(30)),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkServerNotification(t, srv, &id, `{"action": {"http": {"url": "http://hooks.example.com/b",
  "method": "GET", "synchronous": true, "timeout": "`+vidimock.DefaultHTTPTimeout+`"}}, "trigger": {"job": {"stop": ""}}}`),
					resource.TestCheckResourceAttr(notificationAddr, "http.timeout", vidimock.DefaultHTTPTimeout),
					resource.TestCheckResourceAttr(notificationAddr, "http.synchronous", "true"),
				),
			},
		},
	})
}

// A notification made from a configuration without a timeout gets the provider's, whatever
// the server would fill in.
func TestAccJobNotification_timeoutSentOnCreate(t *testing.T) {
	srv := startMock(t, vidimock.Options{HTTPTimeoutMissing: vidimock.HTTPTimeoutDefault})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "vidispine_job_notification" "test" {
  trigger = { event = "create" }
  http    = { url = "http://hooks.example.com/c", content_type = "application/xml" }
}
`,
			Check: resource.TestCheckResourceAttr(notificationAddr, "http.timeout", "60"),
		}},
	})
}

// What the specification leaves open the provider lets the server judge; the server's own
// reason reaches the user (the mock takes the strict reading of a job-data filter).
func TestAccJobNotification_serverRefusalShown(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "vidispine_job_notification" "test" {
  trigger    = { event = "fail", job_data = { value = "VX-1" } }
  javascript = { script = "x" }
}
`,
			ExpectError: expectErrorRegex("Could not create the job notification", "jobdata filter needs a key", "key-regex", "HTTP 400"),
		}},
	})
}

func TestAccJobNotification_identity(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const addr = "vidispine_job_notification.hook"
	config := providerBlock(srv) + `
resource "vidispine_job_notification" "hook" {
  trigger = {
    event    = "finished"
    job_type = "TRANSCODE"
  }
  http = {
    url          = "https://cms.example/hook"
    method       = "POST"
    content_type = "application/json"
    timeout      = 5
    retry        = 2
  }
}

resource "vidispine_job_notification" "script" {
  trigger = {
    event = "fail"
    job_data = {
      key   = "itemId"
      value = "VX-1"
    }
  }
  javascript = {
    script = "logger.log(job.getId());"
  }
}
`
	idOf := func(addr string) resource.ImportStateIdFunc {
		return func(s *terraform.State) (string, error) { return s.RootModule().Resources[addr].Primary.ID, nil }
	}
	steps := []resource.TestStep{{
		Config: config,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
			statecheck.ExpectIdentityValueMatchesState("vidispine_job_notification.script", tfjsonpath.New("id")),
		},
	}}
	for _, a := range []string{addr, "vidispine_job_notification.script"} {
		for _, s := range identityImportSteps(a, "") {
			if s.ImportStateKind == resource.ImportBlockWithID {
				s.ImportStateId, s.ImportStateIdFunc = "", idOf(a)
			}
			steps = append(steps, s)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		Steps:                    steps,
	})
}
