# Terraform >= 1.12: import the default priority of a job type by its identity.
import {
  to       = vidispine_job_type_default_priority.transcode
  identity = { job_type = "TRANSCODE" }
}
