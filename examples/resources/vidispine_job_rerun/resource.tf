variable "preset_version" {
  type    = string
  default = "2026-11"
}

# Re-run a failed transcode at high priority, again whenever the preset version changes, and
# wait up to two hours for it to finish. Destroying this resource leaves the job alone.
resource "vidispine_job_rerun" "transcode" {
  job_id   = "VX-1234"
  priority = "HIGH"
  triggers = {
    preset_version = var.preset_version
  }
  wait_for_completion = true

  timeouts {
    create = "2h"
  }
}

output "new_job" {
  value = vidispine_job_rerun.transcode.new_job_id
}
