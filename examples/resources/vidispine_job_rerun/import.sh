# Import a re-run made elsewhere as ORIGINAL_JOB_ID/NEW_JOB_ID. The first apply afterwards records
# priority and triggers from the configuration without re-running the job.
terraform import vidispine_job_rerun.retry VX-55/VX-110
