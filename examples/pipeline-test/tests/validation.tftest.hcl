# Plans the pipeline with a mocked provider: nothing reaches a server, but the provider's own
# validation still runs (attribute checks, the script syntax check and provider functions).
# Terraform >= 1.11 (override_during).

mock_provider "vidispine" {
  # What the server would fill in, known at plan so that pipeline_dot can draw the steps.
  override_during = plan

  mock_resource "vidispine_task_definition" {
    defaults = {
      critical = true
      cleanup  = false
    }
  }
}

run "pipeline_plans" {
  command = plan
}

run "dangling_dependency_fails_the_plan" {
  command = plan

  variables {
    notify_after_step = 25 # there is no step 25
  }

  expect_failures = [vidispine_job_run.smoke]
}
