# Job actions (issue 5) in the demo: rush a running transcode and re-run a failed one.

# VX-91, a TRANSCODE of item VX-3 that is running at MEDIUM, is raised to HIGHEST while this
# demo exists; destroying the demo puts it back to MEDIUM.
resource "vidispine_job_priority" "rush" {
  job_id             = "VX-91"
  priority           = "HIGHEST"
  restore_on_destroy = true
}

# VX-55, a TRANSCODE that failed, is re-run once (again whenever `attempt` changes) at HIGH
# priority; the apply waits until the new job has finished. Destroy leaves the new job alone.
resource "vidispine_job_rerun" "retry_failed_transcode" {
  job_id   = "VX-55"
  priority = "HIGH"
  triggers = {
    attempt = "1"
  }
  wait_for_completion = true

  timeouts {
    create = "5m"
  }
}

output "rushed_job" {
  value = "${vidispine_job_priority.rush.job_id} (${vidispine_job_priority.rush.job_type}) ${vidispine_job_priority.rush.original_priority} -> ${vidispine_job_priority.rush.priority}"
}

output "rerun_job" {
  value = "${vidispine_job_rerun.retry_failed_transcode.job_id} re-run as ${vidispine_job_rerun.retry_failed_transcode.new_job_id}: ${vidispine_job_rerun.retry_failed_transcode.status}"
}

output "rerun_job_done" {
  value = provider::vidispine::job_state_is_terminal(vidispine_job_rerun.retry_failed_transcode.status)
}
