# Every step of every custom job type, e.g. "ACME_PUBLISH step 20: Tell the CMS".
list "vidispine_task_definition" "custom" {
  provider = vidispine
  limit    = 1000 # Terraform stops at 100 results unless told otherwise
}

# The steps of two job types, one of them built in, with their full resource objects.
list "vidispine_task_definition" "publish_and_transcode" {
  provider         = vidispine
  include_resource = true

  config {
    job_types = ["ACME_PUBLISH", "TRANSCODE"]
  }
}

# Every step of every job type, built-in ones included.
list "vidispine_task_definition" "everything" {
  provider = vidispine
  limit    = 1000

  config {
    include_builtin = true
  }
}
