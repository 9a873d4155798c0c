# Rush a transcode: keep the job at HIGHEST while it runs, and put it back to the priority it
# had before when this resource is destroyed (only if the job is still running then).
resource "vidispine_job_priority" "rush" {
  job_id             = "VX-1234"
  priority           = "HIGHEST"
  restore_on_destroy = true
}

output "priority_before" {
  value = vidispine_job_priority.rush.original_priority
}
