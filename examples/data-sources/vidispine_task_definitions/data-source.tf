# Every step of the built-in TRANSCODE job type, ordered by step.
data "vidispine_task_definitions" "transcode" {
  job_type = "TRANSCODE"
}

output "transcode_steps" {
  value = {
    for t in data.vidispine_task_definitions.transcode.task_definitions :
    t.step => coalesce(t.description, t.bean, "script")
  }
}
