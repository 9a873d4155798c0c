# A custom job type. Its steps are vidispine_task_definition resources that refer to it.
resource "vidispine_job_type" "publish" {
  name    = "ACME_PUBLISH"
  type_id = 20001
}
