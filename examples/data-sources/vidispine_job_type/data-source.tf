# The step graph of a job type as the server draws it (needs the _administrator role):
#   terraform output -raw transcode_graph | dot -Tsvg > transcode.svg
data "vidispine_job_type" "transcode" {
  name = "TRANSCODE"
}

output "transcode_graph" {
  value = data.vidispine_job_type.transcode.graph_dot
}

# The stored steps as a Mermaid flowchart, for a ```mermaid block in a pull request or wiki page.
output "transcode_mermaid" {
  value = data.vidispine_job_type.transcode.graph_mermaid
}
