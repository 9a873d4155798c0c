package provider

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// skipBelowWriteOnly: write-only attributes need Terraform (or OpenTofu) 1.11.
var skipBelowWriteOnly = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)}

// serverAction is the action member of kind of notification id as the server holds it (GET
// over the mock's HTTP API), secrets included.
func serverAction(t testing.TB, srv *vidimock.Server, id, kind string) map[string]any {
	t.Helper()
	var doc struct {
		Action map[string]map[string]any `json:"action"`
	}
	mockJSON(t, srv, http.MethodGet, "/API/job/notification/"+id, nil, &doc)
	if doc.Action[kind] == nil {
		t.Errorf("notification %s has no %s action: %v", id, kind, doc.Action)
	}
	return doc.Action[kind]
}

// stateID is the id of the resource at addr in state.
func stateID(s *terraform.State, addr string) (string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return "", fmt.Errorf("%s not in state", addr)
	}
	return rs.Primary.ID, nil
}

// checkServerAction compares the server's action of notification addr, member for member,
// with want (JSON of the action's members); *id receives the notification's id.
func checkServerAction(t testing.TB, srv *vidimock.Server, addr string, id *string, kind, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		var err error
		if *id, err = stateID(s, addr); err != nil {
			return err
		}
		var exp any
		if err := json.Unmarshal([]byte(want), &exp); err != nil {
			return fmt.Errorf("bad expectation: %w", err)
		}
		g, _ := json.Marshal(serverAction(t, srv, *id, kind))
		e, _ := json.Marshal(exp)
		if string(g) != string(e) {
			return fmt.Errorf("server holds the %s action of %s as\n%s\nwant\n%s", kind, *id, g, e)
		}
		return nil
	}
}

// actionCase is the lifecycle of one kind of action: created, changed in place, imported,
// changed and then deleted on the server (drift), destroyed.
type actionCase struct {
	kind           string
	create, update string // the action attribute's body
	wantC, wantU   string // the server's action after each (JSON)
	drift          string // action members set on the server to make drift, JSON object
	wantRecreated  string // the server's action when made again after a delete; wantU when ""
	importIgnore   []string
	versionChecks  []tfversion.TerraformVersionCheck
}

func testActionLifecycle(t *testing.T, c actionCase) {
	srv := startMock(t, vidimock.Options{})
	config := func(body string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_notification" "test" {
  trigger = { event = "finished", job_type = "TRANSCODE" }
  %s = %s
}
`, c.kind, body)
	}
	var id, firstID string
	update := plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionUpdate)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   c.versionChecks,
		CheckDestroy:             checkNotificationGone(t, srv, &id),
		Steps: []resource.TestStep{
			{Config: config(c.create), Check: checkServerAction(t, srv, notificationAddr, &firstID, c.kind, c.wantC)},
			{
				Config:           config(c.update),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{update}},
				Check: resource.ComposeTestCheckFunc(
					checkServerAction(t, srv, notificationAddr, &id, c.kind, c.wantU),
					func(*terraform.State) error {
						if id != firstID {
							return fmt.Errorf("the update replaced %s by %s; want it changed in place", firstID, id)
						}
						return nil
					},
				),
			},
			{
				ResourceName:            notificationAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: c.importIgnore,
			},
			{
				// Changed on the server: the plan shows it and the apply puts it back.
				PreConfig: func() {
					var doc map[string]map[string]map[string]any
					mockJSON(t, srv, http.MethodGet, "/API/job/notification/"+id, nil, &doc)
					action := doc["action"][c.kind]
					if err := json.Unmarshal([]byte(c.drift), &action); err != nil {
						t.Fatal(err)
					}
					mockJSON(t, srv, http.MethodPut, "/API/job/notification/"+id, doc, nil)
				},
				Config:           config(c.update),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{update}},
				Check:            checkServerAction(t, srv, notificationAddr, &id, c.kind, c.wantU),
			},
			{
				// Deleted on the server: the plan creates it again, secret included.
				PreConfig: func() { mockJSON(t, srv, http.MethodDelete, "/API/job/notification/"+id, nil, nil) },
				Config:    config(c.update),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionCreate),
				}},
				Check: checkServerAction(t, srv, notificationAddr, &id, c.kind, cmp.Or(c.wantRecreated, c.wantU)),
			},
		},
	})
}

// An SQS queue written to with an access key; the secret is write-only. The import cannot
// know secret_wo_version (it is never on the server).
func TestAccJobNotification_sqsWithKey(t *testing.T) {
	testActionLifecycle(t, actionCase{
		kind: "sqs",
		create: `{
    queue             = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"
    endpoint          = "sqs.eu-west-1.amazonaws.com"
    access_key        = "AKIAEXAMPLE"
    secret_wo         = "sqs-secret-1"
    secret_wo_version = 1
    content_type      = "application/json"
  }`,
		wantC: `{"queue": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "endpoint": "sqs.eu-west-1.amazonaws.com",
  "accessKey": "AKIAEXAMPLE", "secret": "sqs-secret-1", "contentType": "application/json", "synchronous": false}`,
		// Another queue, the same secret version: the server keeps its secret.
		update: `{
    queue             = "https://sqs.eu-west-1.amazonaws.com/123456789012/other"
    access_key        = "AKIAEXAMPLE"
    secret_wo         = "sqs-secret-changed-but-not-versioned"
    secret_wo_version = 1
    retry             = 4
  }`,
		wantU: `{"queue": "https://sqs.eu-west-1.amazonaws.com/123456789012/other", "accessKey": "AKIAEXAMPLE",
  "secret": "sqs-secret-1", "contentType": "application/json", "synchronous": false, "retry": 4}`,
		drift: `{"queue": "https://sqs.eu-west-1.amazonaws.com/123456789012/hijacked"}`,
		// Made again, the notification gets the configured secret.
		wantRecreated: `{"queue": "https://sqs.eu-west-1.amazonaws.com/123456789012/other", "accessKey": "AKIAEXAMPLE",
  "secret": "sqs-secret-changed-but-not-versioned", "synchronous": false, "retry": 4}`,
		importIgnore:  []string{"sqs.secret_wo_version"},
		versionChecks: skipBelowWriteOnly,
	})
}

// An SQS FIFO queue written to by assuming a role: no secret at all.
func TestAccJobNotification_sqsWithRole(t *testing.T) {
	testActionLifecycle(t, actionCase{
		kind: "sqs",
		create: `{
    queue            = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo"
    role_arn         = "arn:aws:iam::123456789012:role/vidispine-notify"
    message_group_id = "transcodes"
  }`,
		wantC: `{"queue": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo",
  "roleArn": "arn:aws:iam::123456789012:role/vidispine-notify", "messageGroupId": "transcodes", "synchronous": false}`,
		update: `{
    queue             = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo"
    role_arn          = "arn:aws-cn:iam::123456789012:role/vidispine-notify"
    role_session_name = "vidispine"
    role_external_id  = "ext-42"
    message_group_id  = "transcodes"
    synchronous       = true
    group             = "aws"
    extradata         = "site=A"
  }`,
		wantU: `{"queue": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo",
  "roleArn": "arn:aws-cn:iam::123456789012:role/vidispine-notify", "roleSessionName": "vidispine",
  "roleExternalId": "ext-42", "messageGroupId": "transcodes", "synchronous": true, "group": "aws", "extradata": "site=A"}`,
		drift: `{"roleExternalId": "someone-else"}`,
	})
}

// An SNS topic with an access key and the Sensitive secret (the choice for CLIs before 1.11):
// it runs on every CLI, and a changed secret is sent.
func TestAccJobNotification_sns(t *testing.T) {
	testActionLifecycle(t, actionCase{
		kind: "sns",
		create: `{
    topic      = "arn:aws:sns:eu-west-1:123456789012:jobs"
    access_key = "AKIAEXAMPLE"
    secret     = "sns-secret-1"
  }`,
		wantC: `{"topic": "arn:aws:sns:eu-west-1:123456789012:jobs", "accessKey": "AKIAEXAMPLE", "secret": "sns-secret-1",
  "synchronous": false}`,
		update: `{
    topic        = "arn:aws:sns:eu-west-1:123456789012:jobs-v2"
    access_key   = "AKIAEXAMPLE"
    secret       = "sns-secret-2"
    content_type = "application/xml"
  }`,
		wantU: `{"topic": "arn:aws:sns:eu-west-1:123456789012:jobs-v2", "accessKey": "AKIAEXAMPLE", "secret": "sns-secret-2",
  "contentType": "application/xml", "synchronous": false}`,
		drift: `{"topic": "arn:aws:sns:eu-west-1:123456789012:elsewhere"}`,
		// The server's secret is never read back, so an import has none in state.
		importIgnore: []string{"sns.secret"},
	})
}

// A JMS queue with a user whose password is write-only; the update bumps the version, which
// sends the new password.
func TestAccJobNotification_jms(t *testing.T) {
	testActionLifecycle(t, actionCase{
		kind: "jms",
		create: `{
    queue_factory       = "jms/VidispineQCF"
    queue               = "jms/JobEvents"
    username            = "vidispine"
    password_wo         = "jms-password-1"
    password_wo_version = 1
  }`,
		wantC: `{"queueFactory": "jms/VidispineQCF", "queue": "jms/JobEvents", "username": "vidispine",
  "password": "jms-password-1", "synchronous": false}`,
		update: `{
    queue_factory       = "jms/VidispineQCF"
    queue               = "jms/JobEvents"
    username            = "vidispine"
    password_wo         = "jms-password-2"
    password_wo_version = 2
    content_type        = "text/plain"
  }`,
		wantU: `{"queueFactory": "jms/VidispineQCF", "queue": "jms/JobEvents", "username": "vidispine",
  "password": "jms-password-2", "contentType": "text/plain", "synchronous": false}`,
		drift:         `{"username": "intruder"}`,
		importIgnore:  []string{"jms.password_wo_version"},
		versionChecks: skipBelowWriteOnly,
	})
}

func TestAccJobNotification_ejb(t *testing.T) {
	testActionLifecycle(t, actionCase{
		kind:   "ejb",
		create: `{ bean = "java:global/hooks/JobHook", method = "onFinished" }`,
		wantC:  `{"bean": "java:global/hooks/JobHook", "method": "onFinished", "synchronous": false}`,
		update: `{ bean = "java:global/hooks/JobHook", method = "onAnyEnd", retry = 2 }`,
		wantU:  `{"bean": "java:global/hooks/JobHook", "method": "onAnyEnd", "synchronous": false, "retry": 2}`,
		drift:  `{"method": "other"}`,
	})
}

// actionPlanError is a plan of a notification on failed jobs with action, which fails with
// an error holding words in order.
func actionPlanError(srv *vidimock.Server, action string, words ...string) resource.TestStep {
	return resource.TestStep{
		Config: providerBlock(srv) + "resource \"vidispine_job_notification\" \"test\" {\n" +
			"trigger = { event = \"fail\" }\n" + action + "\n}\n",
		PlanOnly:    true,
		ExpectError: expectErrorRegex(words...),
	}
}

// Bad actions are refused at plan, each naming the attribute and what it must be.
func TestAccJobNotification_actionValidation(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	step := func(action string, words ...string) resource.TestStep { return actionPlanError(srv, action, words...) }
	const queue = `queue = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`sqs = { `+queue+` }
ejb = { bean = "b", method = "m" }`, "http", "javascript", "sqs", "sns", "jms", "ejb"),
			step(`sqs = { queue = "jobs" }`, "sqs.queue", "SQS queue URL", "jobs"),
			step(`sqs = { `+queue+`, role_arn = "arn:aws:iam::123456789012:user/bob" }`,
				"sqs.role_arn", "IAM role ARN", "user/bob"),
			step(`sqs = { `+queue+`, message_group_id = "g" }`, "sqs.message_group_id", ".fifo", "standard queue"),
			step(`sqs = { `+queue+`, secret = "x" }`, "sqs.access_key", "must be specified", "sqs.secret"),
			step(`sqs = { `+queue+`, role_session_name = "s" }`, "sqs.role_arn", "must be specified", "sqs.role_session_name"),
			step(`sqs = { `+queue+`, content_type = "text/html" }`, "sqs.content_type", "application/json", "text/html"),
			step(`sns = { topic = "jobs" }`, "sns.topic", "SNS topic ARN", "jobs"),
			step(`sns = { topic = "arn:aws:sqs:eu-west-1:123456789012:jobs" }`, "sns.topic", "SNS topic ARN"),
			step(`jms = { queue_factory = "jms/QCF", queue = "jms/Q", password = "x" }`, "jms.username", "must be specified", "jms.password"),
			step(`jms = { queue = "jms/Q" }`, "queue_factory", "required"),
			step(`ejb = { bean = "b", method = "" }`, "ejb.method", "at least 1"),
		},
	})
	if n := srv.Requests()["POST /API/job/notification"]; n != 0 {
		t.Errorf("invalid notifications reached the server %d times; want them refused at plan", n)
	}
}

// The write-only secret and its version come together, and never with the Sensitive one.
func TestAccJobNotification_writeOnlyValidation(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	step := func(action string, words ...string) resource.TestStep { return actionPlanError(srv, action, words...) }
	const queue = `queue = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", access_key = "AK"`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowWriteOnly,
		Steps: []resource.TestStep{
			step(`sqs = { `+queue+`, secret_wo = "x" }`, "sqs.secret_wo_version", "must be specified", "sqs.secret_wo"),
			step(`sqs = { `+queue+`, secret_wo_version = 1 }`, "sqs.secret_wo", "must be specified", "sqs.secret_wo_version"),
			step(`sqs = { `+queue+`, secret = "y", secret_wo = "x", secret_wo_version = 1 }`, "sqs.secret", "secret_wo"),
			step(`jms = { queue_factory = "jms/QCF", queue = "jms/Q", password_wo = "x", password_wo_version = 1 }`,
				"jms.username", "must be specified", "jms.password_wo"),
		},
	})
}

// A notification made by hand with an access key and a secret: it imports and plans clean,
// and an apply that changes another attribute keeps the secret the server holds.
func TestAccJobNotification_importKeepsSecret(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const secret = "hand-made-Secret-7Yx"
	id := postNotification(t, srv, json.RawMessage(`{"action":{"sqs":{"synchronous":false,
	  "queue":"https://sqs.eu-west-1.amazonaws.com/123456789012/jobs","accessKey":"AKIAHAND","secret":"`+secret+`",
	  "contentType":"application/json"}},"trigger":{"job":{"finished":""}}}`))
	config := func(more string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "vidispine_job_notification" "test" {
  trigger = { event = "finished" }
  sqs = {
    queue      = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"
    access_key = "AKIAHAND"
    %s
  }
}
`, more)
	}
	var got string
	steps := []resource.TestStep{
		importNotification(config(""), id, nil),
		{
			Config: config(""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		},
		{
			Config:            config("retry = 3"),
			ConfigStateChecks: []statecheck.StateCheck{noSecretInState{func() []string { return []string{secret} }}},
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(notificationAddr, plancheck.ResourceActionUpdate),
			}},
			Check: resource.ComposeTestCheckFunc(
				checkServerAction(t, srv, notificationAddr, &got, "sqs", `{"synchronous": false, "retry": 3,
  "queue": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "accessKey": "AKIAHAND", "secret": "`+secret+`",
  "contentType": "application/json"}`),
				resource.TestCheckNoResourceAttr(notificationAddr, "sqs.secret"),
			),
		},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// An import block, also into a configuration Terraform generates, plans clean for a
// hand-made notification with a secret (import blocks: Terraform 1.5; the steps: 1.12).
func TestAccJobNotification_importBlockWithSecret(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	id := postNotification(t, srv, json.RawMessage(`{"action":{"sns":{"synchronous":false,
	  "topic":"arn:aws:sns:eu-west-1:123456789012:jobs","accessKey":"AKIAHAND","secret":"hand-made-Sns-2Vb"}},
	  "trigger":{"job":{"fail":""}}}`))
	config := providerBlock(srv) + `
resource "vidispine_job_notification" "test" {
  trigger = { event = "fail" }
  sns     = { topic = "arn:aws:sns:eu-west-1:123456789012:jobs", access_key = "AKIAHAND" }
}
`
	// The import blocks need a state to import beside: the notification imported by command.
	steps := []resource.TestStep{importNotification(config, id, nil)}
	for _, s := range identityImportSteps(notificationAddr, id) {
		if s.ImportStateKind == resource.ImportBlockWithID {
			s.Config = config
			steps = append(steps, s)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   skipBelowIdentity,
		Steps: append(steps, resource.TestStep{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				if got := serverAction(t, srv, id, "sns")["secret"]; got != "hand-made-Sns-2Vb" {
					return fmt.Errorf("the server holds secret %v after the imports, want the hand-made one", got)
				}
				return nil
			},
		}),
	})
}
