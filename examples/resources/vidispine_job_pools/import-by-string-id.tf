# Adopt the server's job pool configuration.
import {
  to = vidispine_job_pools.this
  id = "job-pool"
}
