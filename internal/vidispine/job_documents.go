package vidispine

import (
	"encoding/json"
	"slices"
	"strings"
)

// Enumerations of job documents and filters (see doc.go).
var (
	// JobStates are the values of a job's status and of the state filter of GET /job. The
	// pending abort has two spellings: ABORTED_PENDING (servers and admin tool) and
	// ABORT_PENDING (the 5.x specification's abort documentation); both are accepted.
	JobStates = []string{
		"READY", "STARTED", "VIDINET_JOB", "WAITING", "HOLD", "ABORTED_PENDING", "ABORT_PENDING",
		"FINISHED", "FINISHED_WARNING", "FAILED_TOTAL", "ABORTED",
	}
	// StepStates are the values of a step's status (log.task[].status, currentStep.status).
	StepStates = []string{
		"NONE", "READY", "STARTED", "STARTED_ASYNCHRONOUS", "STARTED_PARALLEL",
		"STARTED_PARALLEL_ASYNCHRONOUS", "STARTED_SUBTASKS", "FINISHED", "FAILED_RETRY",
		"FAILED_FATAL", "FAILED_TOTAL", "WAITING", "DISAPPEARED",
	}
	// Priorities from highest to lowest; MEDIUM is the server's default.
	Priorities = []string{"IMMEDIATE", "HIGHEST", "HIGH", "MEDIUM", "LOW", "LOWEST"}
	// SortFields are the fields GET /job can sort on ("<field> asc|desc").
	SortFields = []string{"jobId", "type", "state", "user", "startTime", "priority"}

	terminalStates = []string{"FINISHED", "FINISHED_WARNING", "FAILED_TOTAL", "ABORTED"}
)

// IsTerminalState reports whether a job in this state will not change any more.
func IsTerminalState(state string) bool {
	return slices.Contains(terminalStates, state)
}

// KeyValue is one entry of a job's data (job metadata) or of a problem's data.
type KeyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func (kv *KeyValue) UnmarshalJSON(b []byte) error {
	var aux struct {
		Key   flexString `json:"key"`
		Value flexString `json:"value"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	kv.Key, kv.Value = string(aux.Key), string(aux.Value)
	return nil
}

// Job is a JobDocument.
type Job struct {
	ID          string             `json:"jobId"`
	User        string             `json:"user,omitempty"`
	Started     string             `json:"started,omitempty"` // raw timestamp as the server sent it
	Finished    string             `json:"finished,omitempty"`
	Status      string             `json:"status"`
	Type        string             `json:"type"`
	Priority    string             `json:"priority"`
	CurrentStep *JobCurrentStep    `json:"currentStep,omitempty"`
	TotalSteps  int                `json:"totalSteps,omitempty"`
	Data        flexList[KeyValue] `json:"data,omitempty"`
	Log         *JobLog            `json:"log,omitempty"`
	Waiting     *JobWaiting        `json:"waiting,omitempty"`
}

func (j *Job) UnmarshalJSON(b []byte) error {
	type plain Job
	aux := struct {
		*plain
		ID         flexString `json:"jobId"`
		TotalSteps flexInt    `json:"totalSteps"`
	}{plain: (*plain)(j)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	j.ID, j.TotalSteps = string(aux.ID), int(aux.TotalSteps)
	return nil
}

// Metadata returns the job's data as a map; a repeated key keeps its last value.
func (j *Job) Metadata() map[string]string {
	m := make(map[string]string, len(j.Data))
	for _, kv := range j.Data {
		m[kv.Key] = kv.Value
	}
	return m
}

// JobCurrentStep is the step a job is at.
type JobCurrentStep struct {
	Description string `json:"description"`
	Number      int    `json:"number"`
	Status      string `json:"status"`
}

func (s *JobCurrentStep) UnmarshalJSON(b []byte) error {
	type plain JobCurrentStep
	aux := struct {
		*plain
		Number flexInt `json:"number"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	s.Number = int(aux.Number)
	return nil
}

// JobLog is the step history of a job.
type JobLog struct {
	Task flexList[JobTask] `json:"task,omitempty"`
}

// JobTask is one entry of a job's step history.
type JobTask struct {
	ID           int          `json:"id"`
	Step         int          `json:"step"`
	Attempts     int          `json:"attempts"`
	Status       string       `json:"status"`
	Timestamp    string       `json:"timestamp"`
	Description  string       `json:"description,omitempty"`
	Progress     *JobProgress `json:"progress,omitempty"`
	ErrorMessage string       `json:"errorMessage,omitempty"`
}

func (t *JobTask) UnmarshalJSON(b []byte) error {
	type plain JobTask
	aux := struct {
		*plain
		ID       flexInt `json:"id"`
		Step     flexInt `json:"step"`
		Attempts flexInt `json:"attempts"`
	}{plain: (*plain)(t)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	t.ID, t.Step, t.Attempts = int(aux.ID), int(aux.Step), int(aux.Attempts)
	return nil
}

// JobProgress is the progress of a step: Value done out of Total, in Unit (bytes or percent).
type JobProgress struct {
	Value float64 `json:"value"`
	Total int64   `json:"total,omitempty"`
	Unit  string  `json:"unit,omitempty"`
}

func (p *JobProgress) UnmarshalJSON(b []byte) error {
	var aux struct {
		Value flexFloat  `json:"value"`
		Total flexInt    `json:"total"`
		Unit  flexString `json:"unit"`
	}
	// A bridge that drops the XML attributes sends the bare decimal.
	if err := json.Unmarshal(b, &aux); err != nil {
		var v flexFloat
		if json.Unmarshal(b, &v) != nil {
			return err
		}
		aux.Value = v
	}
	*p = JobProgress{Value: float64(aux.Value), Total: int64(aux.Total), Unit: string(aux.Unit)}
	return nil
}

// JobWaiting names the resource a WAITING job waits for.
type JobWaiting struct {
	ResourceID   string `json:"resourceId,omitempty"`
	ResourceType string `json:"resourceType,omitempty"`
	Requirement  string `json:"requirement,omitempty"`
}

// JobList is a JobListDocument: Hits is the total number of matches, not the page size.
type JobList struct {
	Hits int           `json:"hits"`
	Jobs flexList[Job] `json:"job,omitempty"`
}

func (l *JobList) UnmarshalJSON(b []byte) error {
	type plain JobList
	aux := struct {
		*plain
		Hits flexInt `json:"hits"`
	}{plain: (*plain)(l)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	l.Hits = int(aux.Hits)
	return nil
}

// JobProblem is an unresolved problem that jobs wait on.
type JobProblem struct {
	ID   int64              `json:"id"`
	Type string             `json:"type"`
	Data flexList[KeyValue] `json:"data,omitempty"`
	Jobs []string           `json:"job,omitempty"`
}

func (p *JobProblem) UnmarshalJSON(b []byte) error {
	type plain JobProblem
	aux := struct {
		*plain
		ID   flexInt              `json:"id"`
		Jobs flexList[flexString] `json:"job"`
	}{plain: (*plain)(p)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	p.ID = int64(aux.ID)
	p.Jobs = nil
	for _, j := range aux.Jobs {
		p.Jobs = append(p.Jobs, string(j))
	}
	return nil
}

type jobProblemList struct {
	Problem flexList[JobProblem] `json:"problem,omitempty"`
}

// uriList is a URIListDocument; entries may be plain ids or URLs ending in the id.
type uriList struct {
	URI flexList[flexString] `json:"uri,omitempty"`
}

func (l uriList) ids() []string {
	out := make([]string, 0, len(l.URI))
	for _, u := range l.URI {
		s := strings.TrimRight(string(u), "/")
		s = s[strings.LastIndex(s, "/")+1:]
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
