# Import a job notification by its id.
import {
  to = vidispine_job_notification.transcode_done
  id = "VX-12"
}
