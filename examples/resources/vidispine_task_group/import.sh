# Import a task group by its name.
terraform import vidispine_task_group.hires hires
