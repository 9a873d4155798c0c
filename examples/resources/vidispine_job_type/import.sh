# Import by name and type id (the server lists job types by name only, so the id is given here):
terraform import vidispine_job_type.publish ACME_PUBLISH/20001

# Import by name alone; the next apply records type_id from the configuration without
# replacing the job type:
terraform import vidispine_job_type.publish ACME_PUBLISH
