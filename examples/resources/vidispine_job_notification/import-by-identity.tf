# Terraform >= 1.12: import a job notification by its identity, the notification id.
import {
  to       = vidispine_job_notification.transcode_done
  identity = { id = "VX-12" }
}
