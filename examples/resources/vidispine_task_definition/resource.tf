resource "vidispine_job_type" "publish" {
  name    = "ACME_PUBLISH"
  type_id = 20001
}

# A JavaScript step.
resource "vidispine_task_definition" "check" {
  job_type    = vidispine_job_type.publish.name
  step        = 10
  description = "Check the item is ready"
  script      = <<-EOT
    var item = job.getData("itemId");
    if (!item) { job.fatalFail("no itemId in the job data"); }
    job.log("publishing " + item);
  EOT
}

# A Java bean step that runs after the previous one and may fail without failing the job.
resource "vidispine_task_definition" "notify" {
  job_type    = vidispine_job_type.publish.name
  step        = 20
  description = "Tell the CMS"
  bean        = "com.acme.vidispine.NotifyBean"
  method      = "notifyCms"
  plugin      = true
  critical    = false
  extradata   = "endpoint=https://cms.example.com/hook"

  dependency = {
    previous = true
  }
}

# A cleanup step, run when a job of the type is aborted or fails.
resource "vidispine_task_definition" "cleanup" {
  job_type = vidispine_job_type.publish.name
  step     = 900
  script   = "job.log('cleaning up');"
  cleanup  = true

  # The step's own metadata, managed as a whole once set. Left out, whatever other tools
  # stored is kept.
  metadata = { owner = "media-ops" }
}
