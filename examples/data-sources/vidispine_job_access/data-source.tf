# May the user "alice" abort job VX-42? (JobHelper: userHasAccessToJob('VX-42', alice, 'abort')).
# The job must be visible to alice (read with RunAs: alice); aborting, re-running and changing
# the priority are then allowed for the job's owner and for holders of the _administrator role.
data "vidispine_job_access" "alice_abort" {
  job_id = "VX-42"
  user   = "alice"
  action = "abort"
}

output "alice_may_abort" {
  value = data.vidispine_job_access.alice_abort.allowed
}

output "why" {
  value = data.vidispine_job_access.alice_abort.reason
}
