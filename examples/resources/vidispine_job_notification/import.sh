# Import by notification id (see GET /API/job/notification for the ids).
terraform import vidispine_job_notification.transcode_done VX-12
