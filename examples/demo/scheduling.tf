# Scheduling: two extra slots for HIGH jobs, HIGH transcodes on transcoder VX-1, and transcodes
# that nobody gives a priority start at HIGH. See the "Scheduling jobs" guide.
resource "vidispine_job_pools" "demo" {
  concurrent_jobs = 3
  pool            = [{ priority_threshold = "HIGH", size = 2 }]
}

resource "vidispine_task_group" "hires" {
  name        = "hires"
  transcoders = ["VX-1"]
  job         = [{ type = ["TRANSCODE"], priority = ["HIGH"] }]
}

resource "vidispine_job_type_default_priority" "transcode" {
  job_type = "TRANSCODE"
  priority = "HIGH"
}
