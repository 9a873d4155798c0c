# Import by job id.
import {
  to = vidispine_job_priority.rush
  id = "VX-1234"
}
