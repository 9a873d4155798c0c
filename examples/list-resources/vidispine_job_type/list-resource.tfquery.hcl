# Every custom job type, e.g. "ACME_PUBLISH". Built-in types are never listed.
list "vidispine_job_type" "custom" {
  provider = vidispine
}
