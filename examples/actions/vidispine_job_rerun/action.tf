# Re-run a transcode at high priority and wait up to two hours for it to end.
# By hand: terraform apply -invoke=action.vidispine_job_rerun.transcode
# Every invocation makes one new job; nothing is kept in state.
action "vidispine_job_rerun" "transcode" {
  config {
    job_id              = "VX-1234"
    priority            = "HIGH"
    wait_for_completion = true

    timeouts {
      invoke = "2h"
    }
  }
}

# From a resource: re-run the newest transcode whenever this step of the TRANSCODE job type
# changes (not when the step is first created).
data "vidispine_jobs" "last_transcode" {
  types       = ["TRANSCODE"]
  sort        = "jobId desc"
  max_results = 1
}

action "vidispine_job_rerun" "last_transcode" {
  config {
    job_id = data.vidispine_jobs.last_transcode.jobs[0].job_id
  }
}

resource "vidispine_task_definition" "notify_cms" {
  job_type    = "TRANSCODE"
  step        = 400
  description = "Tell the CMS"
  script      = "job.log('notify the CMS');"

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.vidispine_job_rerun.last_transcode]
    }
  }
}
