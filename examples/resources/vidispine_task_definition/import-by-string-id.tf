# Import a step by "JOB_TYPE/step", or by its task definition id ("1234").
import {
  to = vidispine_task_definition.check
  id = "ACME_PUBLISH/10"
}
