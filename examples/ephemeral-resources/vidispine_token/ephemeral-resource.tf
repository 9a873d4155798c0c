# A ten-minute token for another tool, never written to state or plan. Here it configures a
# second provider instance that reads a job as the same user.
ephemeral "vidispine_token" "pipeline" {
  seconds = 600
}

provider "vidispine" {
  alias = "by_token"
  url   = "https://vidispine.example.com:8080"
  token = ephemeral.vidispine_token.pipeline.token
}

data "vidispine_job" "checked_with_token" {
  provider = vidispine.by_token
  job_id   = "VX-1234"
}
