# Import the default priority of a job type by the job type.
terraform import vidispine_job_type_default_priority.transcode TRANSCODE
