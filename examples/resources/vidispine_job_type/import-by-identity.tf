# Terraform >= 1.12: import a custom job type by its identity, the name. The server does not
# report type_id: leave it out of the configuration, or set it and let the next apply record it.
import {
  to       = vidispine_job_type.publish
  identity = { name = "ACME_PUBLISH" }
}
