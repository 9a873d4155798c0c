# Start one ACME_PUBLISH job and wait up to ten minutes for it to finish.
# By hand: terraform apply -invoke=action.vidispine_job_start.publish
# Every invocation starts one job; nothing is kept in state.
action "vidispine_job_start" "publish" {
  config {
    job_type = "ACME_PUBLISH"
    job_data = {
      itemId = "VX-42"
      target = "staging"
    }
    wait_for_completion = true
    abort_on_timeout    = true

    timeouts {
      invoke = "10m"
    }
  }
}

# From a resource: smoke-test the pipeline whenever this step of it changes.
resource "vidispine_task_definition" "publish_check" {
  job_type    = "ACME_PUBLISH"
  step        = 300
  description = "Check the published copy"
  script      = "if (!job.getData('publishedUrl')) { job.fatalFail('nothing was published'); }"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.vidispine_job_start.publish]
    }
  }
}
