# All import jobs that failed in the last deployment window, newest first, with their job data
# (JobHelper: getAllImportJobs(state='FAILED_TOTAL')).
data "vidispine_jobs" "failed_imports" {
  types            = ["IMPORT", "PLACEHOLDER_IMPORT", "RAW_IMPORT", "AUTO_IMPORT"]
  states           = ["FAILED_TOTAL"]
  started_after    = "2026-03-01T00:00:00Z"
  include_metadata = true
}

# The transcode jobs of one item (JobHelper: getAllTranscodeJobsForItem(item_id, max_hits=100)).
data "vidispine_jobs" "item_transcodes" {
  item_id     = "VX-12"
  types       = ["TRANSCODE"]
  max_results = 100
}

# Running jobs of high priority, oldest first, with their current step.
data "vidispine_jobs" "urgent" {
  states        = ["READY", "STARTED", "WAITING"]
  priorities    = ["IMMEDIATE", "HIGHEST", "HIGH"]
  sort          = "startTime asc"
  include_steps = true
}

# Jobs tagged by a pipeline (job data filter), only those started by the provider's user.
data "vidispine_jobs" "nightly" {
  metadata          = { pipeline = "nightly-ingest" }
  only_current_user = true
}

output "failed_import_files" {
  value = {
    for j in data.vidispine_jobs.failed_imports.jobs : j.job_id => lookup(j.metadata, "originalFilename", null)
  }
}

output "item_transcode_states" {
  value = [for j in data.vidispine_jobs.item_transcodes.jobs : "${j.job_id}: ${j.status}"]
}

# Report failed import jobs on every plan and apply.
#
# A failed `check` assertion is shown as a warning: it does not stop the run. To fail the run
# (for example to gate a deployment), use the postcondition below, which turns the same
# condition into an error.
check "no_failed_imports" {
  data "vidispine_jobs" "failed_imports_today" {
    types         = ["IMPORT", "PLACEHOLDER_IMPORT", "RAW_IMPORT", "AUTO_IMPORT"]
    states        = ["FAILED_TOTAL"]
    started_after = timeadd(plantimestamp(), "-24h")
    max_results   = 20
  }

  assert {
    condition = data.vidispine_jobs.failed_imports_today.total == 0
    error_message = format("%d import job(s) failed in the last 24 hours: %s",
      data.vidispine_jobs.failed_imports_today.total,
    join(", ", [for j in data.vidispine_jobs.failed_imports_today.jobs : j.job_id]))
  }
}

# The blocking form: the run fails while failed import jobs exist.
data "vidispine_job_count" "failed_imports_gate" {
  types  = ["IMPORT", "PLACEHOLDER_IMPORT", "RAW_IMPORT", "AUTO_IMPORT"]
  states = ["FAILED_TOTAL"]

  lifecycle {
    postcondition {
      condition     = self.total == 0
      error_message = "${self.total} import job(s) failed; resolve or re-run them before deploying."
    }
  }
}
