package provider

// Waiting for a job to end, for the vidispine_job_rerun resource and the job actions.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// errJobFailed marks a job that ended FAILED_TOTAL or ABORTED.
var errJobFailed = errors.New("job failed")

// waitForJob polls the job (GET /API/job/{id}) every data.jobPollInterval until it ends, at
// most for timeout, calling progress whenever its state, step or step progress changes. It
// returns the job as last seen; errJobFailed when it ended FAILED_TOTAL or ABORTED, and
// context.DeadlineExceeded when the timeout ran out, however the client wrapped it.
func waitForJob(ctx context.Context, data *providerData, id string, timeout time.Duration, progress func(*vidispine.Job)) (*vidispine.Job, error) {
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	job, err := pollJob(waitCtx, data, id, progress)
	if err != nil && ctx.Err() == nil && errors.Is(waitCtx.Err(), context.DeadlineExceeded) {
		err = context.DeadlineExceeded
	}
	return job, err
}

// pollJob is waitForJob without the timeout: it polls until the job ends or ctx is done.
func pollJob(ctx context.Context, data *providerData, id string, progress func(*vidispine.Job)) (*vidispine.Job, error) {
	var last *vidispine.Job
	lastProgress := ""
	for {
		job, err := data.client.GetJob(ctx, id, false)
		if err != nil {
			return last, err
		}
		last = job
		if p := fmt.Sprint(jobProgressFields(job)); p != lastProgress {
			lastProgress = p
			progress(job)
		}
		if vidispine.IsTerminalState(job.Status) {
			if job.Status == "FAILED_TOTAL" || job.Status == "ABORTED" {
				return job, errJobFailed
			}
			return job, nil
		}
		select {
		case <-ctx.Done():
			return last, ctx.Err()
		case <-time.After(data.jobPollInterval):
		}
	}
}

// jobProgressFields describes where a job is: state, step number and the step's progress.
func jobProgressFields(job *vidispine.Job) map[string]any {
	f := map[string]any{"job_id": job.ID, "status": job.Status, "total_steps": job.TotalSteps}
	if cs := job.CurrentStep; cs != nil {
		f["step"] = cs.Number
		f["step_description"] = cs.Description
		f["step_status"] = cs.Status
	}
	if t := lastTask(job); t != nil && t.Progress != nil {
		f["step_progress"] = fmt.Sprintf("%.1f of %d %s", t.Progress.Value, t.Progress.Total, t.Progress.Unit)
	}
	return f
}

func lastTask(job *vidispine.Job) *vidispine.JobTask {
	if job.Log == nil || len(job.Log.Task) == 0 {
		return nil
	}
	return &job.Log.Task[len(job.Log.Task)-1]
}

// jobFailure describes why a job failed, one line each: its problems and its last step's
// message.
func jobFailure(ctx context.Context, client *vidispine.Client, job *vidispine.Job) string {
	var b strings.Builder
	if problems, err := client.JobProblems(ctx, job.ID); err == nil {
		for _, p := range problems {
			fmt.Fprintf(&b, "\nProblem %s", p.Type)
			for _, kv := range p.Data {
				fmt.Fprintf(&b, "; %s: %s", kv.Key, kv.Value)
			}
		}
	} else {
		fmt.Fprintf(&b, "\n(The job's problems could not be read: %s)", err)
	}
	if t := lastTask(job); t != nil {
		fmt.Fprintf(&b, "\nLast step %d (%s) %s", t.Step, t.Description, t.Status)
		if t.ErrorMessage != "" {
			fmt.Fprintf(&b, ": %s", t.ErrorMessage)
		}
	}
	return b.String()
}
