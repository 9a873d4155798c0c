package vidimock

import (
	"strings"
	"testing"
)

type testTask struct {
	ID          int    `json:"id,omitempty"`
	Description string `json:"description,omitempty"`
	Bean        string `json:"bean,omitempty"`
	Method      string `json:"method,omitempty"`
	Script      string `json:"script,omitempty"`
	Step        *int   `json:"step,omitempty"`
	JobType     string `json:"jobType,omitempty"`
	Critical    *bool  `json:"critical,omitempty"`
	Cleanup     *bool  `json:"cleanup,omitempty"`
}

func step(n int) *int { return &n }

type taskList struct {
	Task []testTask `json:"task"`
}

func createTasks(t *testing.T, s *Server, want int, tasks ...testTask) response {
	t.Helper()
	return expect(t, s, want, "POST", "/API/task-definition", taskList{tasks})
}

func TestTaskDefinitionLifeCycle(t *testing.T) {
	s := startServer(t, Options{})
	var uris struct {
		URI []string `json:"uri"`
	}
	createTasks(t, s, 200, testTask{Description: "Stitch", Script: "job.log('x')", Step: step(150), JobType: "TRANSCODE"}).decode(t, &uris)
	if len(uris.URI) != 1 {
		t.Fatalf("POST answered %v", uris)
	}
	id := uris.URI[0]
	var got testTask
	expect(t, s, 200, "GET", "/API/task-definition/"+id, nil).decode(t, &got)
	if got.Description != "Stitch" || *got.Step != 150 || got.JobType != "TRANSCODE" || got.Critical == nil || !*got.Critical || got.Cleanup == nil || *got.Cleanup {
		t.Errorf("stored: %+v (critical and cleanup get their defaults)", got)
	}
	// The type's steps come back in step order, the new one among them.
	var list taskList
	expect(t, s, 200, "GET", "/API/task-definition/jobtype/TRANSCODE", nil).decode(t, &list)
	var steps []int
	for _, td := range list.Task {
		steps = append(steps, *td.Step)
	}
	if len(steps) != 5 || steps[1] != 150 || steps[0] > steps[1] || steps[3] > steps[4] {
		t.Errorf("TRANSCODE steps %v", steps)
	}
	// A job started now runs the new step too.
	var j testJob
	expect(t, s, 200, "POST", "/API/job?type=TRANSCODE", nil).decode(t, &j)
	if j.TotalSteps != 4 {
		t.Errorf("a TRANSCODE job runs %d steps, want 4 (cleanup steps do not run)", j.TotalSteps)
	}

	got.Description, got.Script = "Stitch v2", ""
	got.Bean, got.Method = "StitchBean", "stitch"
	expect(t, s, 200, "PUT", "/API/task-definition/"+id, got).decode(t, &got)
	var byStep testTask
	expect(t, s, 200, "GET", "/API/task-definition/jobtype/TRANSCODE/step/150", nil).decode(t, &byStep)
	if byStep.Description != "Stitch v2" || byStep.Bean != "StitchBean" || byStep.Script != "" {
		t.Errorf("after PUT: %+v", byStep)
	}
	byStep.Description = "by step"
	expect(t, s, 200, "PUT", "/API/task-definition/jobtype/TRANSCODE/step/150", byStep)
	expect(t, s, 200, "GET", "/API/task-definition/"+id, nil).decode(t, &got)
	if got.Description != "by step" {
		t.Errorf("PUT by step did not replace task %s: %+v", id, got)
	}
	expect(t, s, 200, "DELETE", "/API/task-definition/jobtype/TRANSCODE/step/150", nil)
	expect(t, s, 404, "GET", "/API/task-definition/"+id, nil)
	expect(t, s, 404, "DELETE", "/API/task-definition/"+id, nil)
	expect(t, s, 400, "GET", "/API/task-definition/abc", nil)
	expect(t, s, 400, "GET", "/API/task-definition/jobtype/TRANSCODE/step/-1", nil)
	expect(t, s, 404, "GET", "/API/task-definition/jobtype/NOPE", nil)
	expect(t, s, 404, "GET", "/API/task-definition/jobtype/NOPE/step/100", nil)

	var byType taskList
	expect(t, s, 200, "GET", "/API/task-definition?type=IMPORT", nil).decode(t, &byType)
	if len(byType.Task) != 3 {
		t.Errorf("IMPORT has %d seeded steps, want 3", len(byType.Task))
	}
}

func TestTaskDefinitionStepsAreUniquePerJobType(t *testing.T) {
	s := startServer(t, Options{})
	var existing testTask
	expect(t, s, 200, "GET", "/API/task-definition/jobtype/TRANSCODE/step/200", nil).decode(t, &existing)
	r := createTasks(t, s, 409, testTask{Bean: "B", Method: "m", Step: step(200), JobType: "TRANSCODE"})
	c := errorDocument(t, r)["conflict"]
	if c == nil || !strings.Contains(c["explanation"].(string), "TRANSCODE") || !strings.Contains(c["explanation"].(string), "200") || c["id"] != itoa(existing.ID) {
		t.Errorf("duplicate step: %s", r.body)
	}
	// Twice in one document: nothing is created.
	createTasks(t, s, 409, testTask{Script: "a", Step: step(500), JobType: "IMPORT"}, testTask{Script: "b", Step: step(500), JobType: "IMPORT"})
	expect(t, s, 404, "GET", "/API/task-definition/jobtype/IMPORT/step/500", nil)
	// Moving a step onto another one is refused too; the same step in another type is fine.
	var other testTask
	expect(t, s, 200, "GET", "/API/task-definition/jobtype/TRANSCODE/step/100", nil).decode(t, &other)
	other.Step = step(200)
	expect(t, s, 409, "PUT", "/API/task-definition/"+itoa(other.ID), other)
	createTasks(t, s, 200, testTask{Script: "x", Step: step(200), JobType: "ANALYZE"})
}

func TestTaskDefinitionValidation(t *testing.T) {
	s := startServer(t, Options{})
	for name, td := range map[string]testTask{
		"script and bean":  {Script: "x", Bean: "B", Method: "m", Step: step(1), JobType: "IMPORT"},
		"neither":          {Step: step(1), JobType: "IMPORT"},
		"bean, no method":  {Bean: "B", Step: step(1), JobType: "IMPORT"},
		"negative step":    {Script: "x", Step: step(-5), JobType: "IMPORT"},
		"no step":          {Script: "x", JobType: "IMPORT"},
		"no job type":      {Script: "x", Step: step(1)},
		"unknown job type": {Script: "x", Step: step(1), JobType: "ACME_NOPE"},
	} {
		r := createTasks(t, s, 400, td)
		if errorDocument(t, r)["invalidInput"] == nil {
			t.Errorf("%s: %s", name, r.body)
		}
	}
	expect(t, s, 400, "POST", "/API/task-definition", map[string]any{"task": []any{}})
	r, err := send(t, s, "POST", "/API/task-definition", nil)
	if err != nil || r.status != 400 {
		t.Errorf("no body: %d %v", r.status, err)
	}
	// Only administrators (or _taskdefinition_* roles) manage task definitions.
	expect(t, s, 403, "POST", "/API/task-definition", taskList{[]testTask{{Script: "x", Step: step(1), JobType: "IMPORT"}}}, basic("alice", "alice-pw")...)
}

func TestCustomJobTypes(t *testing.T) {
	s := startServer(t, Options{})
	for _, id := range []string{"19999", "30001", "5"} {
		r := expect(t, s, 404, "POST", "/API/task-definition/jobtype/ACME_X?id="+id, nil)
		if nf := errorDocument(t, r)["notFound"]; nf == nil || nf["context"] != "id must be between 20000 and 30000" {
			t.Errorf("id %s: %s", id, r.body)
		}
	}
	expect(t, s, 400, "POST", "/API/task-definition/jobtype/ACME_X", nil)
	expect(t, s, 400, "POST", "/API/task-definition/jobtype/ACME%20X?id=20000", nil)
	expect(t, s, 200, "POST", "/API/task-definition/jobtype/ACME_X?id=20000", nil)
	expect(t, s, 200, "POST", "/API/task-definition/jobtype/ACME_Y?id=30000", nil)
	for _, dup := range []string{"ACME_X?id=20500", "ACME_Z?id=20000", "TRANSCODE?id=20600"} {
		if errorDocument(t, expect(t, s, 409, "POST", "/API/task-definition/jobtype/"+dup, nil))["conflict"] == nil {
			t.Errorf("%s: no conflict", dup)
		}
	}
	createTasks(t, s, 200, testTask{Script: "a", Step: step(100), JobType: "ACME_X"}, testTask{Script: "b", Step: step(200), JobType: "ACME_X"})
	var j testJob
	expect(t, s, 200, "POST", "/API/job?type=ACME_X", nil).decode(t, &j)
	if j.TotalSteps != 2 {
		t.Errorf("a job of the custom type runs %d steps, want its 2", j.TotalSteps)
	}

	r := expect(t, s, 400, "DELETE", "/API/task-definition/jobtype/TRANSCODE", nil)
	if ii := errorDocument(t, r)["invalidInput"]; ii == nil || ii["explanation"] != "system job types cannot be deleted" {
		t.Errorf("deleting a built-in type: %s", r.body)
	}
	expect(t, s, 200, "DELETE", "/API/task-definition/jobtype/ACME_X", nil)
	expect(t, s, 404, "GET", "/API/task-definition/jobtype/ACME_X", nil)
	var all taskList
	expect(t, s, 200, "GET", "/API/task-definition", nil).decode(t, &all)
	for _, td := range all.Task {
		if td.JobType == "ACME_X" {
			t.Errorf("step %d of the deleted type survived", *td.Step)
		}
	}
	expect(t, s, 404, "DELETE", "/API/task-definition/jobtype/ACME_X", nil)
	// The id is free again.
	expect(t, s, 200, "POST", "/API/task-definition/jobtype/ACME_W?id=20000", nil)
}
