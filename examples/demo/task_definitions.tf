# A custom job pipeline: the job type DEMO_PIPELINE with three steps.
# Change a step's description or script and run `terraform plan`: only that step is updated.

resource "vidispine_job_type" "demo_pipeline" {
  name    = "DEMO_PIPELINE"
  type_id = 20001
}

resource "vidispine_task_definition" "demo_check" {
  job_type    = vidispine_job_type.demo_pipeline.name
  step        = 10
  description = "Check the item has an itemId"
  script      = "if (!job.getData('itemId')) { job.fatalFail('no itemId'); }"
}

resource "vidispine_task_definition" "demo_transcode" {
  job_type    = vidispine_job_type.demo_pipeline.name
  step        = 20
  description = "Transcode to the web preset"
  bean        = "TranscodeBean"
  method      = "transcode"
  extradata   = "preset=__web"

  dependency = {
    previous = true
  }
}

resource "vidispine_task_definition" "demo_notify" {
  job_type    = vidispine_job_type.demo_pipeline.name
  step        = 30
  description = "Tell the CMS the item is published"
  script      = "job.log('published ' + job.getData('itemId')); job.setData('publishedAs', 'https://cdn.example.com/' + job.getData('itemId') + '.mp4');"
  critical    = false
}

# Read the pipeline back from the server, ordered by step.
data "vidispine_task_definitions" "demo_pipeline" {
  job_type = vidispine_job_type.demo_pipeline.name

  depends_on = [
    vidispine_task_definition.demo_check,
    vidispine_task_definition.demo_transcode,
    vidispine_task_definition.demo_notify,
  ]
}

output "demo_pipeline_job_type" {
  value = vidispine_job_type.demo_pipeline.name
}

output "demo_pipeline_step_ids" {
  value = {
    check     = vidispine_task_definition.demo_check.id
    transcode = vidispine_task_definition.demo_transcode.id
    notify    = vidispine_task_definition.demo_notify.id
  }
}

output "demo_pipeline_steps" {
  value = [for t in data.vidispine_task_definitions.demo_pipeline.task_definitions : "${t.step}: ${t.description}"]
}
