# Terraform >= 1.12: import a job started elsewhere by its identity. The first apply afterwards
# records job_data and triggers without starting a job.
import {
  to = vidispine_job_run.smoke
  identity = {
    job_id = "VX-110"
  }
}
