# Watch capacity: every plan warns while the server reserves no slots for HIGH jobs (use a
# precondition instead to stop the run).
data "vidispine_job_pools" "current" {}

locals {
  pools      = data.vidispine_job_pools.current.pool == null ? [] : data.vidispine_job_pools.current.pool
  high_slots = sum(concat([0], [for p in local.pools : p.size if p.priority_threshold == "HIGH"]))
}

check "high_priority_capacity" {
  assert {
    condition     = local.high_slots > 0
    error_message = "The Vidispine server has no job pool for HIGH jobs."
  }
}
