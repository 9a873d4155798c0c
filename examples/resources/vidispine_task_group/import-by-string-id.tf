# Import a task group by its name.
import {
  to = vidispine_task_group.hires
  id = "hires"
}
