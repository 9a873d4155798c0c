package provider

import (
	"net/http"
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
