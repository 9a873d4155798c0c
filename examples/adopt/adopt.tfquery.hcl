# What `terraform query` lists: everything an installation adds to a stock VidiCore.
# limit: Terraform stops a list at 100 results unless told otherwise.

# Every custom job type (built-in ones such as TRANSCODE cannot be managed).
list "vidispine_job_type" "job_types" {
  provider = vidispine
  limit    = 1000
}

# Every step of every custom job type. To adopt the steps of built-in types too, set
# include_builtin = true, or name the types with job_types = ["ACME_PUBLISH", "TRANSCODE"].
list "vidispine_task_definition" "steps" {
  provider = vidispine
  limit    = 10000
}

# Every job notification; event = "finished" or job_type = "ACME_PUBLISH" narrow it down.
list "vidispine_job_notification" "notifications" {
  provider = vidispine
  limit    = 1000
}
