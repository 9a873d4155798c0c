# Abort a runaway job and wait until it is ABORTED (its cleanup steps run first).
# By hand: terraform apply -invoke=action.vidispine_job_abort.runaway
# A job that has already ended is left alone, with a message saying so.
action "vidispine_job_abort" "runaway" {
  config {
    job_id              = "VX-1234"
    reason              = "Superseded by VX-1240"
    wait_for_completion = true

    timeouts {
      invoke = "10m"
    }
  }
}
