# One step, by job type and step number...
data "vidispine_task_definition" "first_transcode_step" {
  job_type = "TRANSCODE"
  step     = 100
}

# ...or by task definition id.
data "vidispine_task_definition" "by_id" {
  id = "1234"
}

output "first_transcode_step_bean" {
  value = data.vidispine_task_definition.first_transcode_step.bean
}
