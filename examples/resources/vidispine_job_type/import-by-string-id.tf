# Import a custom job type by "NAME/TYPE_ID", or by "NAME" alone.
import {
  to = vidispine_job_type.publish
  id = "ACME_PUBLISH/20001"
}
