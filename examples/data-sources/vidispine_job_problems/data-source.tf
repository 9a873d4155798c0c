# The problems one job waits on (JobHelper: getJobProblem(job_id)).
data "vidispine_job_problems" "one" {
  job_id = "VX-42"
}

# Every unresolved problem, with the jobs waiting on each.
data "vidispine_job_problems" "all" {}

output "job_problem_types" {
  value = [for p in data.vidispine_job_problems.one.problems : p.type]
}

output "jobs_blocked_by_problems" {
  value = distinct(flatten([for p in data.vidispine_job_problems.all.problems : p.jobs]))
}
