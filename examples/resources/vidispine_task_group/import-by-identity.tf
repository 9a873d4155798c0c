# Terraform >= 1.12: import a task group by its identity, its name.
import {
  to       = vidispine_task_group.hires
  identity = { name = "hires" }
}
