# The transcoders that serve the hires task group.
data "vidispine_task_group" "hires" {
  name = "hires"
}

output "hires_transcoders" {
  value = data.vidispine_task_group.hires.transcoders
}
