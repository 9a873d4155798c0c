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
