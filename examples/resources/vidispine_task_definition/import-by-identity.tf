# Terraform >= 1.12: import a step by its identity, the job type and the step number.
import {
  to = vidispine_task_definition.check
  identity = {
    job_type = "ACME_PUBLISH"
    step     = 10
  }
}
