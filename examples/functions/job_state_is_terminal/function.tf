# Warn in every plan and apply while the ingest job is still running, and expose whether it has ended.
data "vidispine_job" "ingest" {
  job_id = "VX-1234"
}

check "ingest_done" {
  assert {
    condition     = provider::vidispine::job_state_is_terminal(data.vidispine_job.ingest.status)
    error_message = "Job ${data.vidispine_job.ingest.job_id} is still ${data.vidispine_job.ingest.status}."
  }
}

output "ingest_finished" {
  value = provider::vidispine::job_state_is_terminal(data.vidispine_job.ingest.status)
}
