# Import a re-run made elsewhere as "ORIGINAL_JOB_ID/NEW_JOB_ID".
import {
  to = vidispine_job_rerun.retry
  id = "VX-55/VX-110"
}
