package provider

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

func TestAccJobNotificationsDataSource_expandsEveryNotification(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	// Besides the seeded ones, a JavaScript notification with a job-data filter.
	postNotification(t, srv, map[string]any{
		"action": map[string]any{"javascript": map[string]any{"synchronous": false, "script": "log(job.jobId);"}},
		"trigger": map[string]any{"job": map[string]any{
			"fail":   "",
			"filter": map[string]any{"type": "TRANSCODE", "jobdata": map[string]any{"key": "itemId", "value": "VX-3"}},
		}},
	})

	ids := serverNotificationIDs(t, srv)
	if len(ids) < 2 {
		t.Fatalf("the mock lists %d job notifications; want the seeded ones and ours", len(ids))
	}
	elems := make([]knownvalue.Check, 0, len(ids))
	sawHTTP, sawJS, failingTranscodes := false, false, 0
	for _, id := range ids {
		var doc struct {
			Action struct {
				HTTP *struct {
					URL    string `json:"url"`
					Method string `json:"method"`
				} `json:"http"`
				JavaScript *struct {
					Script string `json:"script"`
				} `json:"javascript"`
			} `json:"action"`
			Trigger struct {
				Job map[string]any `json:"job"`
			} `json:"trigger"`
		}
		mockJSON(t, srv, http.MethodGet, "/API/job/notification/"+id, nil, &doc)
		event := ""
		for _, ev := range []string{"create", "update", "stop", "finished", "fail"} {
			if v, ok := doc.Trigger.Job[ev]; ok && v != nil {
				event = ev
			}
		}
		trigger := map[string]knownvalue.Check{"event": knownvalue.StringExact(event)}
		filter, _ := doc.Trigger.Job["filter"].(map[string]any)
		jobType, _ := filter["type"].(string)
		if jobType != "" {
			trigger["job_type"] = knownvalue.StringExact(jobType)
		}
		if jd, ok := filter["jobdata"].(map[string]any); ok {
			key, _ := jd["key"].(string)
			value, _ := jd["value"].(string)
			trigger["jobdata"] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"key": knownvalue.StringExact(key), "value": knownvalue.StringExact(value),
			})
		}
		if event == "fail" && jobType == "TRANSCODE" {
			failingTranscodes++
		}
		want := map[string]knownvalue.Check{
			"id":      knownvalue.StringExact(id),
			"trigger": knownvalue.ObjectPartial(trigger),
		}
		switch {
		case doc.Action.HTTP != nil:
			sawHTTP = true
			want["http"] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"url":    knownvalue.StringExact(doc.Action.HTTP.URL),
				"method": knownvalue.StringExact(doc.Action.HTTP.Method),
			})
			want["javascript"] = knownvalue.Null()
		case doc.Action.JavaScript != nil:
			sawJS = true
			want["javascript"] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"script": knownvalue.StringExact(doc.Action.JavaScript.Script),
			})
			want["http"] = knownvalue.Null()
		}
		elems = append(elems, knownvalue.ObjectPartial(want))
	}
	if !sawHTTP || !sawJS || failingTranscodes == 0 {
		t.Fatalf("the mock's notifications lack an http (%v) or a javascript (%v) action, or ours (%d)", sawHTTP, sawJS, failingTranscodes)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
data "vidispine_job_notifications" "all" {}

locals {
  failing_transcodes = [
    for n in data.vidispine_job_notifications.all.notifications : n.id
    if n.trigger.event == "fail" && n.trigger.job_type == "TRANSCODE"
  ]
}

output "failing_transcodes" {
  value = local.failing_transcodes
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.vidispine_job_notifications.all", tfjsonpath.New("notifications"), knownvalue.ListExact(elems)),
				// Triggers can be searched in HCL: ours is among them.
				statecheck.ExpectKnownOutputValue("failing_transcodes", knownvalue.ListSizeExact(failingTranscodes)),
			},
		}},
	})
}

// Notifications with secrets list every action with whether a secret is set, never its value.
func TestAccJobNotificationsDataSource_secretsNeverShown(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	const sqsSecret, jmsPassword = "ds-Sqs-Secret-9Qw", "ds-Jms-Password-8Er"
	post := func(action string) string {
		return postNotification(t, srv, json.RawMessage(`{"action":`+action+`,"trigger":{"job":{"stop":""}}}`))
	}
	sqs := post(`{"sqs":{"synchronous":false,"queue":"https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
	  "accessKey":"AKIAEXAMPLE","secret":"` + sqsSecret + `"}}`)
	sns := post(`{"sns":{"synchronous":true,"topic":"arn:aws:sns:eu-west-1:123456789012:jobs",
	  "roleArn":"arn:aws:iam::123456789012:role/r"}}`)
	jms := post(`{"jms":{"synchronous":false,"queueFactory":"jms/QCF","queue":"jms/Q","username":"u","password":"` + jmsPassword + `"}}`)
	ejb := post(`{"ejb":{"synchronous":false,"bean":"java:global/Hook","method":"onStop","retry":2}}`)
	entry := func(id, kind string, action map[string]knownvalue.Check) knownvalue.Check {
		want := map[string]knownvalue.Check{"id": knownvalue.StringExact(id), kind: knownvalue.ObjectPartial(action)}
		for _, other := range notificationActionKinds {
			if other != kind {
				want[other] = knownvalue.Null()
			}
		}
		return knownvalue.ObjectPartial(want)
	}
	found := func(id string, entryCheck knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.vidispine_job_notifications.all", tfjsonpath.New("notifications"),
			knownvalue.ListPartial(map[int]knownvalue.Check{slices.Index(serverNotificationIDs(t, srv), id): entryCheck}))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `data "vidispine_job_notifications" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				found(sqs, entry(sqs, "sqs", map[string]knownvalue.Check{
					"queue":      knownvalue.StringExact("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"),
					"access_key": knownvalue.StringExact("AKIAEXAMPLE"), "secret_set": knownvalue.Bool(true),
					"role_arn": knownvalue.Null(),
				})),
				found(sns, entry(sns, "sns", map[string]knownvalue.Check{
					"topic":      knownvalue.StringExact("arn:aws:sns:eu-west-1:123456789012:jobs"),
					"secret_set": knownvalue.Bool(false), "synchronous": knownvalue.Bool(true),
					"role_arn": knownvalue.StringExact("arn:aws:iam::123456789012:role/r"),
				})),
				found(jms, entry(jms, "jms", map[string]knownvalue.Check{
					"queue_factory": knownvalue.StringExact("jms/QCF"), "username": knownvalue.StringExact("u"),
					"password_set": knownvalue.Bool(true),
				})),
				found(ejb, entry(ejb, "ejb", map[string]knownvalue.Check{
					"bean": knownvalue.StringExact("java:global/Hook"), "method": knownvalue.StringExact("onStop"),
					"retry": knownvalue.Int64Exact(2),
				})),
				noSecretInState{func() []string { return []string{sqsSecret, jmsPassword} }},
			},
		}},
	})
}
