# Import a job started elsewhere by its id. The first apply afterwards records job_data and
# triggers from the configuration without starting a job.
terraform import vidispine_job_run.smoke VX-110
