# Rush a job once, without keeping it at that priority.
# By hand: terraform apply -invoke=action.vidispine_job_priority.rush
action "vidispine_job_priority" "rush" {
  config {
    job_id   = "VX-1234"
    priority = "IMMEDIATE"
  }
}
