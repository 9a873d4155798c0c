package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// Diagnostics that more than one type reports, from one place, so their wording stays the same.

// pathJobID is the attribute every type that acts on a job names its job by.
var pathJobID = path.Root("job_id")

// addJobError reports a failed call about job id: an unknown job as an error on job_id,
// anything else under summary with the server's own message.
func addJobError(diags *diag.Diagnostics, id, summary string, err error) {
	if vidispine.IsNotFound(err) {
		diags.AddAttributeError(pathJobID, "Job not found",
			fmt.Sprintf("No job %s exists on the Vidispine server (or it is not visible to this user): %s", id, err))
		return
	}
	diags.AddError(summary, err.Error())
}
