# A server has one job pool configuration; its import id is always job-pool.
terraform import vidispine_job_pools.this job-pool
