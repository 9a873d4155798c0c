variable "build" {
  type    = string
  default = "2026.12.1"
}

# Smoke-test a custom pipeline: start one job of its type whenever the build changes, wait up to
# ten minutes for it, and fail the apply unless it finishes. Destroying this resource leaves the
# job alone.
resource "vidispine_job_run" "smoke" {
  job_type = "ACME_PUBLISH"
  job_data = {
    itemId = "VX-42"
    target = "staging"
  }
  priority = "HIGH"
  triggers = {
    build = var.build
  }
  wait_for_completion = true
  success_states      = ["FINISHED", "FINISHED_WARNING"]
  abort_on_timeout    = true

  timeouts {
    create = "10m"
  }
}

output "smoke" {
  value = {
    job_id = vidispine_job_run.smoke.job_id
    status = vidispine_job_run.smoke.status
    # What the pipeline's steps wrote with job.setData().
    published_url = lookup(vidispine_job_run.smoke.result_data, "publishedUrl", null)
  }
}
