# Draw the pipeline a plan is about to apply, before anything exists on the server:
#   terraform output -raw publish_pipeline | dot -Tsvg > publish-pipeline.svg
# The plan fails, naming the steps, if the dependencies form a cycle or name a missing step.
resource "vidispine_task_definition" "check" {
  job_type = "ACME_PUBLISH"
  step     = 10
  script   = "job.log('checking the item');"
}

resource "vidispine_task_definition" "notify" {
  job_type = "ACME_PUBLISH"
  step     = 20
  bean     = "PublishBean"
  method   = "notifyCms"
  dependency = {
    previous = true
  }
}

resource "vidispine_task_definition" "cleanup" {
  job_type = "ACME_PUBLISH"
  step     = 900
  script   = "job.log('cleaning up');"
  cleanup  = true
}

output "publish_pipeline" {
  value = provider::vidispine::pipeline_dot([
    vidispine_task_definition.check,
    vidispine_task_definition.notify,
    vidispine_task_definition.cleanup,
  ])
}
