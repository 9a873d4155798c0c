# The demo that `make demo` applies against the standalone mock server.
# The provider reads its configuration from VIDISPINE_URL, VIDISPINE_USERNAME and
# VIDISPINE_PASSWORD, which scripts/demo.sh sets from the mock's listening line.

terraform {
  required_providers {
    vidispine = {
      source = "mediaops/vidispine"
    }
  }
}

provider "vidispine" {}

# A finished TRANSCODE job of the mock's seed data (its jobs are VX-50 to VX-109).
data "vidispine_job" "transcode" {
  job_id = "VX-51"
}

output "job_type" {
  value = data.vidispine_job.transcode.type
}

output "job_status" {
  value = data.vidispine_job.transcode.status
}

output "job_user" {
  value = data.vidispine_job.transcode.user
}

output "job_priority" {
  value = data.vidispine_job.transcode.priority
}

output "job_total_steps" {
  value = data.vidispine_job.transcode.total_steps
}

output "job_metadata" {
  value = data.vidispine_job.transcode.metadata
}
