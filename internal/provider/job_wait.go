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

// pollJob is waitForJob without the timeout: it follows the job (vidispine.Client.FollowJob,
// polls backing off from data.jobPollInterval) until it ends or ctx is done.
func pollJob(ctx context.Context, data *providerData, id string, progress func(*vidispine.Job)) (*vidispine.Job, error) {
	job, err := data.client.FollowJob(ctx, id, vidispine.FollowOptions{
		Interval: data.jobPollInterval, MaxInterval: max(data.jobPollInterval, maxJobPollInterval), OnChange: progress,
	})
	if err == nil && (job.Status == "FAILED_TOTAL" || job.Status == "ABORTED") {
		err = errJobFailed
	}
	return job, err
}

// maxJobPollInterval caps the backoff between two looks at a job while nothing changes.
const maxJobPollInterval = 30 * time.Second

// jobProgressFields describes where a job is, for the log: state, step number and the step's
// progress.
func jobProgressFields(job *vidispine.Job) map[string]any {
	f := map[string]any{"job_id": job.ID, "status": job.Status, "total_steps": job.TotalSteps, "position": vidispine.JobPosition(job)}
	if cs := job.CurrentStep; cs != nil {
		f["step"] = cs.Number
		f["step_description"] = cs.Description
		f["step_status"] = cs.Status
	}
	return f
}

func failedTask(job *vidispine.Job) *vidispine.JobTask {
	if job.Log == nil {
		return nil
	}
	for i := len(job.Log.Task) - 1; i >= 0; i-- {
		if strings.HasPrefix(job.Log.Task[i].Status, "FAILED") {
			return &job.Log.Task[i]
		}
	}
	return nil
}

func lastTask(job *vidispine.Job) *vidispine.JobTask {
	if job.Log == nil || len(job.Log.Task) == 0 {
		return nil
	}
	return &job.Log.Task[len(job.Log.Task)-1]
}

// jobFailure describes why a job failed, one line each: its problems and the message of the
// step that failed (the last one that did, as cleanup steps run after it), else of its last step.
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
	if t := failedTask(job); t != nil {
		fmt.Fprintf(&b, "\nFailed step %d (%s) %s", t.Step, t.Description, t.Status)
		if t.ErrorMessage != "" {
			fmt.Fprintf(&b, ": %s", t.ErrorMessage)
		}
	} else if t := lastTask(job); t != nil {
		fmt.Fprintf(&b, "\nLast step %d (%s) %s", t.Step, t.Description, t.Status)
		if t.ErrorMessage != "" {
			fmt.Fprintf(&b, ": %s", t.ErrorMessage)
		}
	}
	return b.String()
}
