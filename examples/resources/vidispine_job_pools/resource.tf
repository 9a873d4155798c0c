# One per server: at most 4 jobs at once, plus 2 slots that only HIGH jobs or above may use and
# 1 slot for IMMEDIATE jobs. Pools left out of the configuration are removed on apply.
resource "vidispine_job_pools" "this" {
  concurrent_jobs = 4
  pool = [
    { priority_threshold = "HIGH", size = 2 },
    { priority_threshold = "IMMEDIATE", size = 1 },
  ]
}
