# Reviewing the pipeline (issues 13 and 21): its shape as a Graphviz graph and as a Mermaid flowchart, from
# configuration and from the server.
#
#   terraform plan                                          # the graphs are known before anything exists
#   terraform output -raw pipeline_dot | dot -Tsvg > demo-pipeline.svg
#   terraform output -raw pipeline_mermaid                  # paste into a ```mermaid block of a pull request

locals {
  demo_pipeline_steps = [
    vidispine_task_definition.demo_check,
    vidispine_task_definition.demo_transcode,
    vidispine_task_definition.demo_notify,
  ]
}

# The graph computed from configuration. The function fails the plan, with the reason, when the
# steps' dependencies form a cycle or name a step that is not defined.
output "pipeline_dot" {
  value = provider::vidispine::pipeline_dot(local.demo_pipeline_steps)
}

# The same graph as a Mermaid flowchart, which GitHub and GitLab draw in pull requests and Markdown.
output "pipeline_mermaid" {
  value = provider::vidispine::pipeline_mermaid(local.demo_pipeline_steps)
}

# The same graph as the server draws it from the stored steps (needs the _administrator role).
data "vidispine_job_type" "demo_pipeline" {
  name = vidispine_job_type.demo_pipeline.name

  depends_on = [
    vidispine_task_definition.demo_check,
    vidispine_task_definition.demo_transcode,
    vidispine_task_definition.demo_notify,
  ]
}

output "pipeline_dot_server" {
  value = data.vidispine_job_type.demo_pipeline.graph_dot
}

# The stored steps as a Mermaid flowchart, drawn by the provider from the same graph model as pipeline_mermaid.
output "pipeline_mermaid_server" {
  value = data.vidispine_job_type.demo_pipeline.graph_mermaid
}

# Reviewers see at a glance whether what the server runs is what the configuration says.
check "demo_pipeline_matches_server" {
  assert {
    condition     = data.vidispine_job_type.demo_pipeline.graph_dot == provider::vidispine::pipeline_dot(local.demo_pipeline_steps)
    error_message = "The DEMO_PIPELINE graph on the server differs from the configuration: compare the outputs pipeline_dot and pipeline_dot_server."
  }
  assert {
    condition     = data.vidispine_job_type.demo_pipeline.graph_mermaid == provider::vidispine::pipeline_mermaid(local.demo_pipeline_steps)
    error_message = "The DEMO_PIPELINE steps on the server differ from the configuration: compare the outputs pipeline_mermaid and pipeline_mermaid_server."
  }
}
