# Draw the pipeline a plan is about to apply, before anything exists on the server:
#   terraform output -raw publish_pipeline | dot -Tsvg > publish-pipeline.svg
# The plan fails, naming the steps, if the dependencies form a cycle or name a missing step.
output "publish_pipeline" {
  value = provider::vidispine::pipeline_dot([
    vidispine_task_definition.check,
    vidispine_task_definition.notify,
    vidispine_task_definition.cleanup,
  ])
}
