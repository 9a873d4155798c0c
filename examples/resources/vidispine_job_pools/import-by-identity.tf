# Terraform >= 1.12: import the job pool configuration by its identity.
import {
  to       = vidispine_job_pools.this
  identity = { id = "job-pool" }
}
