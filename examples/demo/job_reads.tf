# Job reads for pipelines (issue 4), against the mock's seed data.

# How many import jobs failed (JobHelper: getTotalJobCount).
data "vidispine_job_count" "failed_imports" {
  types  = ["IMPORT", "PLACEHOLDER_IMPORT", "RAW_IMPORT", "AUTO_IMPORT"]
  states = ["FAILED_TOTAL"]
}

# The same count again: shares the first one's request.
data "vidispine_job_count" "failed_imports_again" {
  states = ["FAILED_TOTAL"]
  types  = ["AUTO_IMPORT", "RAW_IMPORT", "PLACEHOLDER_IMPORT", "IMPORT"]
}

# The jobs of item VX-1, newest first (JobHelper: getAllJobsForItem).
data "vidispine_jobs" "item_vx1" {
  item_id          = "VX-1"
  include_metadata = true
}

# Everything waiting on a problem.
data "vidispine_job_problems" "all" {}

output "failed_import_count" {
  value = data.vidispine_job_count.failed_imports.total
}

output "failed_import_count_shared" {
  value = data.vidispine_job_count.failed_imports_again.total
}

output "item_vx1_jobs" {
  value = [for j in data.vidispine_jobs.item_vx1.jobs : "${j.job_id} ${j.type} ${j.status} (${j.user}, ${j.priority})"]
}

output "item_vx1_total" {
  value = data.vidispine_jobs.item_vx1.total
}

output "jobs_waiting_on_problems" {
  value = distinct(flatten([for p in data.vidispine_job_problems.all.problems : p.jobs]))
}
