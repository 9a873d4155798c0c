# Applies the pipeline against the server the environment names (make test-tftest starts the
# standalone mock for it) and asserts that the smoke job ran every step and finished.

run "smoke_job_finishes" {
  command = apply

  assert {
    condition     = vidispine_job_run.smoke.status == "FINISHED"
    error_message = "The DEMO_PIPELINE smoke job ended ${vidispine_job_run.smoke.status}, not FINISHED."
  }

  assert {
    condition     = output.published_as == "https://cdn.example.com/VX-3.mp4"
    error_message = "The notify step did not write publishedAs into the job's data."
  }
}
