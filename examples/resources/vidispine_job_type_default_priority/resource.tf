# Transcodes nobody gives a priority run at HIGH, thumbnails at LOW. Other job types' defaults,
# set by hand or by another configuration, are left alone.
resource "vidispine_job_type_default_priority" "transcode" {
  job_type = "TRANSCODE"
  priority = "HIGH"
}

resource "vidispine_job_type_default_priority" "thumbnail" {
  job_type = "THUMBNAIL"
  priority = "LOW"
}
