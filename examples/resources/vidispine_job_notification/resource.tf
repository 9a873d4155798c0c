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
