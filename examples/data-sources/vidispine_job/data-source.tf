# One job with its steps, job data and problems (JobHelper: getJob(slug)).
data "vidispine_job" "ingest" {
  job_id = "VX-42"
}

output "ingest_state" {
  value = {
    status      = data.vidispine_job.ingest.status
    done        = data.vidispine_job.ingest.is_terminal
    step        = "${coalesce(data.vidispine_job.ingest.current_step, 0)} of ${data.vidispine_job.ingest.total_steps}"
    item        = lookup(data.vidispine_job.ingest.metadata, "itemId", null)
    problems    = [for p in data.vidispine_job.ingest.problems : p.type]
    last_errors = compact([for s in data.vidispine_job.ingest.steps : s.error_message])
  }
}
