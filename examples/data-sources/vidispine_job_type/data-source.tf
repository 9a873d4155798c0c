# The step graph of a job type as the server draws it (needs the _administrator role):
#   terraform output -raw transcode_graph | dot -Tsvg > transcode.svg
data "vidispine_job_type" "transcode" {
  name = "TRANSCODE"
}

output "transcode_graph" {
  value = data.vidispine_job_type.transcode.graph_dot
}
