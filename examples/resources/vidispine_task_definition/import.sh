# Import by task definition id:
terraform import vidispine_task_definition.check 1234

# Import by job type and step:
terraform import vidispine_task_definition.check ACME_PUBLISH/10
