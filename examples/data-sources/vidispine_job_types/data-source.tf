data "vidispine_job_types" "all" {}

# Fail the plan early when a job type the pipeline relies on is missing on this server.
check "publish_type_exists" {
  assert {
    condition     = contains(data.vidispine_job_types.all.names, "ACME_PUBLISH")
    error_message = "The job type ACME_PUBLISH does not exist on this Vidispine server."
  }
}

output "custom_job_types" {
  value = data.vidispine_job_types.all.custom_names
}
