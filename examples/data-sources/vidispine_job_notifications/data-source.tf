# Every job notification with its trigger and action (JobHelper: getAllNotifications()).
data "vidispine_job_notifications" "all" {}

# The webhooks called when a job fails.
output "failure_webhooks" {
  value = [
    for n in data.vidispine_job_notifications.all.notifications : n.http.url
    if n.trigger.event == "fail" && n.http != null
  ]
}
