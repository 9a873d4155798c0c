package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// Diagnostics that more than one type, or more than one method, reports: from one place, so
// their wording stays the same. Tests and users match on the summaries.

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

// addJobReadError reports a failed GET /API/job/{id}.
func addJobReadError(diags *diag.Diagnostics, id string, err error) {
	addJobError(diags, id, "Could not read job "+id, err)
}

// addPriorityReadBackError reports a failed GET /API/job/{id} after a priority change.
func addPriorityReadBackError(diags *diag.Diagnostics, id string, err error) {
	diags.AddError("Could not read job "+id+" after changing its priority", err.Error())
}

// addRerunFailed reports that job id, the re-run of job orig, ended FAILED_TOTAL or ABORTED (job
// as last seen), with its problems and its last step's message; outcome, the last paragraph,
// says what becomes of the re-run.
func addRerunFailed(ctx context.Context, diags *diag.Diagnostics, client *vidispine.Client, orig, id string, job *vidispine.Job, outcome string) {
	diags.AddError("Re-run job "+id+" ended "+job.Status,
		fmt.Sprintf("Job %s, the re-run of job %s, ended %s.%s\n\n%s", id, orig, job.Status, jobFailure(ctx, client, job), outcome))
}

// addRerunTimedOut reports a re-run job id that had not ended within timeout; timeoutAttr is the
// setting that raises it (timeouts.create, timeouts.invoke), outcome as for addRerunFailed.
func addRerunTimedOut(diags *diag.Diagnostics, orig, id string, timeout time.Duration, lastState, timeoutAttr, outcome string) {
	diags.AddError("Timed out waiting for re-run job "+id,
		fmt.Sprintf("Job %s, the re-run of job %s, had not ended after %s (last state %s); it keeps running on the "+
			"server. Raise %s to wait longer.\n\n%s", id, orig, timeout, lastState, timeoutAttr, outcome))
}

// addInvalidImportID reports an import id (or identity) an ImportState cannot parse; detail
// says what it expects.
func addInvalidImportID(diags *diag.Diagnostics, detail string) {
	diags.AddError("Invalid import id", detail)
}

// addInvalidTaskDefinitionID reports a task definition id in state or configuration that is not
// one (parseTaskDefinitionID's error).
func addInvalidTaskDefinitionID(diags *diag.Diagnostics, err error) {
	diags.AddAttributeError(path.Root("id"), "Invalid task definition id", err.Error())
}

// addInvalidDuration reports a duration attribute at p that does not parse.
func addInvalidDuration(diags *diag.Diagnostics, p path.Path, raw string) {
	diags.AddAttributeError(p, "Invalid duration",
		fmt.Sprintf(`%s must be a duration such as "500ms", "30s" or "2m", got %q.`, p, raw))
}

// addCannotMove refuses to move a restapi_object into target.
func addCannotMove(diags *diag.Diagnostics, target, detail string) {
	diags.AddError("Cannot move restapi_object into "+target, detail)
}

// importBlock is the import block that takes an object the state does not know (an orphan of
// a killed run, or one made elsewhere) into a resource of typeName; the user fills in the name.
func importBlock(typeName, id string) string {
	return fmt.Sprintf("import {\n  to = %s.<name of the resource>\n  id = %q\n}", typeName, id)
}

// jobTypesListError is a failed GET /API/jobtype, for a diagnostics list or a list resource's
// stream.
func jobTypesListError(err error) diag.Diagnostics {
	return singleError("Could not list job types", err.Error())
}

// notificationReadError is a failed GET /API/job/notification/{id}.
func notificationReadError(id string, err error) diag.Diagnostics {
	return singleError("Could not read job notification "+id, err.Error())
}

// singleError is diagnostics of one error.
func singleError(summary, detail string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError(summary, detail)
	return diags
}
