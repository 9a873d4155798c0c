# Terraform >= 1.12: import by identity, the job id. The priority the job has at import is
# recorded as original_priority.
import {
  to       = vidispine_job_priority.rush
  identity = { job_id = "VX-1234" }
}
