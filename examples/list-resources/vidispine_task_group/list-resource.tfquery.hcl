# Every task group, to adopt with terraform query -generate-config-out.
list "vidispine_task_group" "all" {
  provider         = vidispine
  include_resource = true
}
