# Import by job id. The priority the job has at import is recorded as original_priority.
terraform import vidispine_job_priority.rush VX-1234
