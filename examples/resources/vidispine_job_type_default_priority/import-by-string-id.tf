# Import the default priority of a job type by the job type.
import {
  to = vidispine_job_type_default_priority.transcode
  id = "TRANSCODE"
}
