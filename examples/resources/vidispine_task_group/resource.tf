# TRANSCODE jobs of priority HIGH run on transcoder VX-1 only.
resource "vidispine_task_group" "hires" {
  name        = "hires"
  priority    = "HIGH"
  transcoders = ["VX-1"]
  job = [{
    type     = ["TRANSCODE"]
    priority = ["HIGH"]
  }]
}

# Jobs started by the ingest user, or any job whose job data says rush (with any value), go to
# the second transcoder.
resource "vidispine_task_group" "ingest" {
  name        = "ingest"
  transcoders = ["VX-2"]
  job = [
    { user = ["ingest"] },
    { data = [{ key = "rush" }, { key = "customer", value = "acme" }] },
  ]
}
