package provider

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// The mock holds its two seeded notifications (VX-1: POST when a TRANSCODE job finishes; VX-2:
// JavaScript when any job fails) and, made over its API, one per custom job type.
func TestAccJobNotificationList_query(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	seedInstallation(t, srv, "HOOKS", 20061, 2, 0)
	ids := serverNotificationIDs(t, srv)
	if len(ids) != 4 {
		t.Fatalf("the mock lists notifications %v; want the 2 seeded ones and 2 made by the test", ids)
	}
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	testListQueries(t, srv,
		resource.TestStep{
			Config: `
list "vidispine_job_notification" "all" {
  provider         = vidispine
  include_resource = true
}

list "vidispine_job_notification" "finished" {
  provider = vidispine
  config {
    event = "finished"
  }
}

list "vidispine_job_notification" "hooks_1" {
  provider = vidispine
  config {
    event    = "finished"
    job_type = "ACME_HOOKS_1"
  }
}

list "vidispine_job_notification" "failures" {
  provider = vidispine
  config {
    event = "fail"
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("vidispine_job_notification.all", 4),
				querycheck.ExpectResourceDisplayName("vidispine_job_notification.all", byID("VX-1"),
					knownvalue.StringExact("VX-1: finished TRANSCODE → POST http://hooks.example/vidispine/transcode-finished")),
				querycheck.ExpectResourceDisplayName("vidispine_job_notification.all", byID("VX-2"),
					knownvalue.StringExact("VX-2: fail → JavaScript")),
				querycheck.ExpectResourceKnownValues("vidispine_job_notification.all", byID(ids[3]), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("trigger").AtMapKey("job_type"), KnownValue: knownvalue.StringExact("ACME_HOOKS_1")},
					{Path: tfjsonpath.New("http").AtMapKey("url"), KnownValue: knownvalue.StringExact("https://cms.example/hooks/acme_hooks_1")},
					{Path: tfjsonpath.New("javascript"), KnownValue: knownvalue.Null()},
				}),
				querycheck.ExpectLength("vidispine_job_notification.finished", 3),
				querycheck.ExpectLength("vidispine_job_notification.hooks_1", 1),
				querycheck.ExpectIdentity("vidispine_job_notification.hooks_1", map[string]knownvalue.Check{"id": knownvalue.StringExact(ids[3])}),
				querycheck.ExpectLength("vidispine_job_notification.failures", 1),
			},
		},
		resource.TestStep{
			// Results are streamed: at the limit the provider stops reading notifications.
			PreConfig: srv.ResetRequests,
			Config: `
list "vidispine_job_notification" "first" {
  provider = vidispine
  limit    = 1
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("vidispine_job_notification.first", 1)},
		},
		resource.TestStep{
			PreConfig: func() {
				if n := srv.Requests()["GET /API/job/notification/{id}"]; n != 1 {
					t.Errorf("a query with limit = 1 read %d notifications of 4; want 1", n)
				}
			},
			Config: `
list "vidispine_job_notification" "bad" {
  provider = vidispine
  config {
    event = "done"
  }
}
`,
			ExpectError: expectErrorRegex("event", "finished"),
		},
	)
}

// Notifications with the other actions are listed too, named after where they send; a listed
// resource holds no secret.
func TestAccJobNotificationList_otherActions(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	sqs := postNotification(t, srv, json.RawMessage(`{"action":{"sqs":{"synchronous":false,
	  "queue":"https://sqs.eu-west-1.amazonaws.com/123456789012/jobs","accessKey":"AK","secret":"list-Secret-3Jk"}},
	  "trigger":{"job":{"stop":""}}}`))
	ejb := postNotification(t, srv, json.RawMessage(`{"action":{"ejb":{"synchronous":false,"bean":"java:global/Hook",
	  "method":"onStop"}},"trigger":{"job":{"stop":""}}}`))
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	testListQueries(t, srv, resource.TestStep{
		Config: `
list "vidispine_job_notification" "stops" {
  provider         = vidispine
  include_resource = true
  config {
    event = "stop"
  }
}
`,
		QueryResultChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectLength("vidispine_job_notification.stops", 2),
			querycheck.ExpectResourceDisplayName("vidispine_job_notification.stops", byID(sqs),
				knownvalue.StringExact(sqs+": stop → SQS https://sqs.eu-west-1.amazonaws.com/123456789012/jobs")),
			querycheck.ExpectResourceDisplayName("vidispine_job_notification.stops", byID(ejb),
				knownvalue.StringExact(ejb+": stop → EJB java:global/Hook#onStop")),
			querycheck.ExpectResourceKnownValues("vidispine_job_notification.stops", byID(sqs), []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("sqs").AtMapKey("access_key"), KnownValue: knownvalue.StringExact("AK")},
				{Path: tfjsonpath.New("sqs").AtMapKey("secret"), KnownValue: knownvalue.Null()},
			}),
		},
	})
}
