# How many jobs are waiting for a resource (JobHelper: getTotalJobCount(states=['WAITING'])).
# One request per distinct query and run: counts with the same filters share it.
data "vidispine_job_count" "waiting" {
  states = ["WAITING"]
}

# Transcodes of one item that are still queued or running.
data "vidispine_job_count" "item_transcodes_running" {
  item_id = "VX-12"
  types   = ["TRANSCODE"]
  states  = ["READY", "STARTED", "WAITING"]
}

# Jobs that finished with a failure during March 2026.
data "vidispine_job_count" "failed_in_march" {
  states          = ["FAILED_TOTAL"]
  finished_after  = "2026-03-01T00:00:00Z"
  finished_before = "2026-03-31T23:59:59Z"
}

output "waiting_jobs" {
  value = data.vidispine_job_count.waiting.total
}
