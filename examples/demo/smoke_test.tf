# Smoke-testing the pipeline (issue 18): one DEMO_PIPELINE job runs on every change of a step
# (its id and what it runs are the triggers), and the apply waits for it and fails unless it
# finishes. On the mock the steps really run: the check script, the transcode bean, and the
# notify script, which writes `publishedAs` into the job's data.

resource "vidispine_job_run" "demo_smoke" {
  job_type = vidispine_job_type.demo_pipeline.name
  job_data = {
    itemId = "VX-3"
  }
  triggers = {
    for step in local.demo_pipeline_steps : step.id => sha1(jsonencode([step.script, step.bean, step.method, step.extradata]))
  }
  wait_for_completion = true
  # The mock runs a step in about 100 ms; a real server's jobs are slower (the default is 5s).
  poll_interval = "200ms"

  timeouts {
    create = "2m"
  }
}

output "demo_smoke_run" {
  value = "${vidispine_job_run.demo_smoke.job_type} job ${vidispine_job_run.demo_smoke.job_id} ended ${vidispine_job_run.demo_smoke.status}"
}

# A value a step wrote.
output "demo_smoke_published_as" {
  value = vidispine_job_run.demo_smoke.result_data["publishedAs"]
}
