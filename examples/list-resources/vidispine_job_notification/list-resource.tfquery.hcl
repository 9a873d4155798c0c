# Every job notification, e.g. "VX-12: finished ACME_PUBLISH → POST https://cms.example/hook".
list "vidispine_job_notification" "all" {
  provider = vidispine
  limit    = 1000 # Terraform stops at 100 results unless told otherwise
}

# The notifications that fire when an ACME_PUBLISH job finishes.
list "vidispine_job_notification" "publish_finished" {
  provider         = vidispine
  include_resource = true

  config {
    event    = "finished"
    job_type = "ACME_PUBLISH"
  }
}
