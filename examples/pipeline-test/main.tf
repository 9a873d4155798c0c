# The demo pipeline as a small module with its own tests (`terraform test`, Terraform >= 1.7):
#
#   tests/smoke.tftest.hcl      applies it against a server (the standalone mock in
#                               `make test-tftest`) and asserts that its smoke job finished;
#   tests/validation.tftest.hcl plans it with a mocked provider: no server needed, and a step
#                               that depends on a step that does not exist fails the plan.
#
# The provider reads VIDISPINE_URL, VIDISPINE_USERNAME and VIDISPINE_PASSWORD.

terraform {
  required_providers {
    vidispine = {
      source = "mediaops/vidispine"
    }
  }
}

variable "item_id" {
  description = "The item the smoke job is about."
  type        = string
  default     = "VX-3"
}

variable "notify_after_step" {
  description = "The step the notify step waits for."
  type        = number
  default     = 20
}

resource "vidispine_job_type" "pipeline" {
  name    = "DEMO_PIPELINE"
  type_id = 20001
}

resource "vidispine_task_definition" "check" {
  job_type    = vidispine_job_type.pipeline.name
  step        = 10
  description = "Check the item has an itemId"
  script      = "if (!job.getData('itemId')) { job.fatalFail('no itemId'); }"
}

resource "vidispine_task_definition" "transcode" {
  job_type    = vidispine_job_type.pipeline.name
  step        = 20
  description = "Transcode to the web preset"
  bean        = "TranscodeBean"
  method      = "transcode"
  extradata   = "preset=__web"

  dependency = {
    previous = true
  }
}

resource "vidispine_task_definition" "notify" {
  job_type    = vidispine_job_type.pipeline.name
  step        = 30
  description = "Tell the CMS the item is published"
  script      = "job.setData('publishedAs', 'https://cdn.example.com/' + job.getData('itemId') + '.mp4');"
  critical    = false

  dependency = {
    step = var.notify_after_step
  }
}

locals {
  steps = [
    vidispine_task_definition.check,
    vidispine_task_definition.transcode,
    vidispine_task_definition.notify,
  ]
}

# One smoke job per change of a step; the apply waits for it and fails unless it finishes.
resource "vidispine_job_run" "smoke" {
  job_type = vidispine_job_type.pipeline.name
  job_data = {
    itemId = var.item_id
  }
  triggers = {
    for step in local.steps : step.id => sha1(jsonencode([step.script, step.bean, step.method, step.extradata, step.dependency]))
  }
  wait_for_completion = true
  poll_interval       = "200ms"

  timeouts {
    create = "2m"
  }

  lifecycle {
    # The provider's own check of the pipeline's shape, at plan: a dependency cycle or a
    # dependency on a step that is not defined makes pipeline_dot fail.
    precondition {
      condition     = can(provider::vidispine::pipeline_dot(local.steps))
      error_message = "The DEMO_PIPELINE steps have a dependency cycle or depend on a step that is not defined."
    }
  }
}

output "smoke_status" {
  value = vidispine_job_run.smoke.status
}

output "published_as" {
  description = "What the notify step wrote into the job's data."
  value       = vidispine_job_run.smoke.result_data["publishedAs"]
}
