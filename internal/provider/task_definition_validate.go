package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// checkBeanStep asks the server whether the bean and method of a stored bean step resolve
// (GET /API/task-definition/{id}/validate), so a typo fails the apply instead of the first job
// that reaches the step. It returns the server's refusal; a server that cannot answer the check
// (an older version without the endpoint, a user without the role) only gets a warning.
func checkBeanStep(ctx context.Context, client *vidispine.Client, td *vidispine.TaskDefinition, diags *diag.Diagnostics) error {
	if td.Bean == "" {
		return nil // the server does nothing for script steps
	}
	var err error
	if td.ID > 0 {
		_, err = client.ValidateTaskDefinition(ctx, td.ID)
	} else { // a server that answered without the id: the step identifies it too
		_, err = client.ValidateTaskDefinitionByStep(ctx, td.JobType, td.Step)
	}
	switch {
	case err == nil:
		return nil
	case vidispine.IsInvalidInput(err):
		return err
	default:
		diags.AddAttributeWarning(path.Root("method"), "Could not check the bean",
			fmt.Sprintf("Step %d of job type %s was saved, but checking that bean %q has method %q failed: %s",
				td.Step, td.JobType, td.Bean, td.Method, err))
		return nil
	}
}

// addBeanError reports a bean check the server refused; outcome says what became of the step.
func addBeanError(diags *diag.Diagnostics, td *vidispine.TaskDefinition, err error, outcome string) {
	diags.AddAttributeError(path.Root("method"), "Bean or method does not resolve",
		fmt.Sprintf("The server says bean %q or its method %q of step %d of job type %s does not resolve, so "+
			"every job of the type would fail at this step:\n\n%s\n\n%s", td.Bean, td.Method, td.Step, td.JobType, err, outcome))
}
