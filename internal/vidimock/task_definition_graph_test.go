package vidimock

import (
	"strings"
	"testing"
)

type dependencyDocument struct {
	Step        int  `json:"step,omitempty"`
	Previous    bool `json:"previous,omitempty"`
	AllPrevious bool `json:"allPrevious,omitempty"`
}

type graphTask struct {
	Description        string              `json:"description,omitempty"`
	Bean               string              `json:"bean,omitempty"`
	Method             string              `json:"method,omitempty"`
	Script             string              `json:"script,omitempty"`
	Step               int                 `json:"step"`
	JobType            string              `json:"jobType"`
	Critical           *bool               `json:"critical,omitempty"`
	Cleanup            *bool               `json:"cleanup,omitempty"`
	Dependency         *dependencyDocument `json:"dependency,omitempty"`
	ParallelDependency *dependencyDocument `json:"parallelDependency,omitempty"`
}

func TestJobGraphDOT(t *testing.T) {
	s := startServer(t, Options{})
	expect(t, s, 200, "POST", "/API/task-definition/jobtype/ACME_GRAPH?id=20100", nil)
	no, yes := false, true
	expect(t, s, 200, "POST", "/API/task-definition", map[string]any{"task": []graphTask{
		{JobType: "ACME_GRAPH", Step: 10, Description: `Check "itemId"`, Script: "job.log('x')"},
		{JobType: "ACME_GRAPH", Step: 20, Description: "Transcode", Bean: "TranscodeBean", Method: "transcode",
			Dependency: &dependencyDocument{Previous: true}},
		{JobType: "ACME_GRAPH", Step: 30, Script: "x", Critical: &no, ParallelDependency: &dependencyDocument{Step: 20}},
		{JobType: "ACME_GRAPH", Step: 40, Script: "x", Dependency: &dependencyDocument{AllPrevious: true, Step: 35}},
		{JobType: "ACME_GRAPH", Step: 900, Script: "x", Cleanup: &yes},
		{JobType: "ACME_GRAPH", Step: 910, Script: "x", Cleanup: &yes},
	}})
	r := expect(t, s, 200, "GET", "/API/task-definition/jobtype/ACME_GRAPH/graph/dot", nil)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/vnd.graphviz") {
		t.Errorf("content type %q, want text/vnd.graphviz", ct)
	}
	want := `digraph "ACME_GRAPH" {
  rankdir=TB;
  node [shape=box];
  step10 [label="10: Check \"itemId\"\nscript"];
  step20 [label="20: Transcode\nTranscodeBean.transcode"];
  step30 [label="30\nscript\nnon-critical"];
  step40 [label="40\nscript"];
  step35 [label="35 (missing)", style=dotted];
  subgraph cluster_cleanup {
    label="cleanup (job failed or aborted)";
    style=dashed;
    step900 [label="900\nscript"];
    step910 [label="910\nscript"];
  }
  step10 -> step20;
  step20 -> step30 [style=dashed, label="parallel"];
  step10 -> step40;
  step20 -> step40;
  step30 -> step40;
  step35 -> step40;
  step900 -> step910;
}
`
	if got := string(r.body); got != want {
		t.Errorf("graph:\n%s\nwant:\n%s", got, want)
	}
	expect(t, s, 404, "GET", "/API/task-definition/jobtype/NO_SUCH_TYPE/graph/dot", nil)
}

func TestValidateTaskDefinition(t *testing.T) {
	s := startServer(t, Options{Beans: map[string][]string{"com.acme.PublishBean": {"publish"}}})
	var ids struct {
		URI []string `json:"uri"`
	}
	expect(t, s, 200, "POST", "/API/task-definition", map[string]any{"task": []graphTask{
		{JobType: "TRANSCODE", Step: 150, Bean: "com.acme.PublishBean", Method: "publish"},
		{JobType: "TRANSCODE", Step: 160, Bean: "com.acme.PublishBean", Method: "publsh"},
		{JobType: "TRANSCODE", Step: 170, Bean: "NoSuchBean", Method: "publish"},
		{JobType: "TRANSCODE", Step: 180, Script: "job.log('x')"},
	}}).decode(t, &ids)
	for _, tc := range []struct {
		path   string
		status int
		text   string
	}{
		{"/API/task-definition/" + ids.URI[0] + "/validate", 200, "method publish found"},
		{"/API/task-definition/jobtype/TRANSCODE/step/160/validate", 400, "Reason: Bean com.acme.PublishBean has no method publsh\r\n"},
		{"/API/task-definition/" + ids.URI[2] + "/validate", 400, "Reason: Could not resolve bean NoSuchBean\r\n"},
		{"/API/task-definition/" + ids.URI[3] + "/validate", 200, "script task"},
		// Options.Beans replaces the built-in set.
		{"/API/task-definition/jobtype/TRANSCODE/step/200/validate", 400, "Could not resolve bean TranscodeJobBean"},
	} {
		r := expect(t, s, tc.status, "GET", tc.path, nil, "Accept", "text/plain")
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(string(r.body), tc.text) {
			t.Errorf("GET %s: %s %q; want text/plain containing %q", tc.path, ct, r.body, tc.text)
		}
	}
	expect(t, s, 404, "GET", "/API/task-definition/99999/validate", nil)

	// The built-in set knows the seed steps' beans.
	d := startServer(t, Options{})
	expect(t, d, 200, "GET", "/API/task-definition/jobtype/TRANSCODE/step/200/validate", nil, "Accept", "text/plain")
}

func TestParseBeans(t *testing.T) {
	got, err := ParseBeans("com.acme.PublishBean.publish, TranscodeBean.transcode,TranscodeBean.run")
	if err != nil || len(got) != 2 || got["com.acme.PublishBean"][0] != "publish" || len(got["TranscodeBean"]) != 2 {
		t.Errorf("ParseBeans = %v, %v", got, err)
	}
	for _, bad := range []string{"NoMethod", ".m", "Bean."} {
		if _, err := ParseBeans(bad); err == nil {
			t.Errorf("ParseBeans(%q) accepted it", bad)
		}
	}
}
