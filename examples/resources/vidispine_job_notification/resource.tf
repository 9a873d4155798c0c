# Tell the media asset manager when a transcode of item VX-7 has finished.
resource "vidispine_job_notification" "transcode_done" {
  trigger = {
    event    = "finished"
    job_type = "TRANSCODE"
    job_data = { key = "itemId", value = "VX-7" }
  }
  http = {
    url          = "https://mam.example.com/hooks/vidispine/job"
    method       = "POST"
    content_type = "application/json"
    timeout      = 10
    retry        = 3
  }
}

# Log every failed import on the server with a JavaScript action.
resource "vidispine_job_notification" "import_failed" {
  trigger = {
    event    = "fail"
    job_type = "IMPORT"
  }
  javascript = {
    script = "logger.log('import failed: ' + job.getId());"
  }
}

# Step 3 of any job whose job data has a key starting with "ingest" set to an item id; the call
# carries the job's id and state.
resource "vidispine_job_notification" "ingest_step" {
  trigger = {
    event           = "update"
    step            = 3
    job_data        = { key_regex = "ingest.*", value_regex = "VX-[0-9]+" }
    content_filters = ["jobId", "jobState"]
  }
  http = {
    url       = "https://mam.example.com/hooks/vidispine/ingest"
    method    = "POST"
    extradata = "source=vidispine"
  }
}

# Send every finished job to an SQS queue with an access key. The secret is write-only
# (Terraform/OpenTofu 1.11+): it comes from an ephemeral variable, is sent to the server and is
# never stored. Change secret_wo_version to send a new secret.
variable "sqs_secret_access_key" {
  type      = string
  ephemeral = true
  sensitive = true
}

resource "vidispine_job_notification" "jobs_to_sqs" {
  trigger = { event = "finished" }
  sqs = {
    queue             = "https://sqs.eu-west-1.amazonaws.com/123456789012/vidispine-jobs"
    access_key        = "AKIAIOSFODNN7EXAMPLE"
    secret_wo         = var.sqs_secret_access_key
    secret_wo_version = 1
    content_type      = "application/json"
  }
}

# Publish failed transcodes to an SNS topic; the server assumes a role, so there is no secret.
resource "vidispine_job_notification" "failures_to_sns" {
  trigger = { event = "fail", job_type = "TRANSCODE" }
  sns = {
    topic             = "arn:aws:sns:eu-west-1:123456789012:vidispine-failures"
    role_arn          = "arn:aws:iam::123456789012:role/vidispine-notify"
    role_session_name = "vidispine"
  }
}

# A FIFO queue keeps the events of one message group in order.
resource "vidispine_job_notification" "ordered_updates" {
  trigger = { event = "update", job_type = "IMPORT" }
  sqs = {
    queue            = "https://sqs.eu-west-1.amazonaws.com/123456789012/vidispine-imports.fifo"
    role_arn         = "arn:aws:iam::123456789012:role/vidispine-notify"
    message_group_id = "imports"
  }
}

# Send started jobs to a JMS queue. With a CLI older than 1.11 use the Sensitive `password`
# instead of password_wo / password_wo_version (it is stored in state in plain text).
variable "jms_password" {
  type      = string
  ephemeral = true
  sensitive = true
}

resource "vidispine_job_notification" "jobs_to_jms" {
  trigger = { event = "create" }
  jms = {
    queue_factory       = "jms/VidispineQCF"
    queue               = "jms/JobEvents"
    username            = "vidispine"
    password_wo         = var.jms_password
    password_wo_version = 1
  }
}

# Call a bean deployed on the server when a job is stopped.
resource "vidispine_job_notification" "stopped_to_bean" {
  trigger = { event = "stop" }
  ejb = {
    bean   = "java:global/hooks/JobHook"
    method = "onStopped"
  }
}
