# Import a job started elsewhere by its id.
import {
  to = vidispine_job_run.smoke
  id = "VX-110"
}
