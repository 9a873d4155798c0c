# Show the pipeline a plan is about to apply in the pull request that changes it: GitHub and GitLab
# draw a ```mermaid code block in comments and Markdown. The value is known at plan:
#   terraform plan -out=tfplan
#   terraform show -json tfplan | jq -r .planned_values.outputs.publish_pipeline.value
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

output "publish_pipeline" {
  value = provider::vidispine::pipeline_mermaid([
    vidispine_task_definition.check,
    vidispine_task_definition.notify,
  ])
}
