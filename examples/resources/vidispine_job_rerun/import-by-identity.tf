# Terraform >= 1.12: import a re-run made elsewhere by its identity, the original job and the new
# one. The first apply afterwards records priority and triggers without re-running the job.
import {
  to = vidispine_job_rerun.retry
  identity = {
    job_id     = "VX-55"
    new_job_id = "VX-110"
  }
}
