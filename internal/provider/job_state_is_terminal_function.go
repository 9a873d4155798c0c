package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ function.Function = (*jobStateIsTerminalFunction)(nil)

// NewJobStateIsTerminalFunction is provider::vidispine::job_state_is_terminal(state).
func NewJobStateIsTerminalFunction() function.Function { return &jobStateIsTerminalFunction{} }

type jobStateIsTerminalFunction struct{}

func (f *jobStateIsTerminalFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "job_state_is_terminal"
}

func (f *jobStateIsTerminalFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Whether a Vidispine job state is final",
		MarkdownDescription: "Returns `true` for the states a job never leaves (`FINISHED`, `FINISHED_WARNING`, " +
			"`FAILED_TOTAL`, `ABORTED`) and `false` for the states of a job that is still running (`READY`, " +
			"`STARTED`, `VIDINET_JOB`, `WAITING`, `HOLD`, `ABORTED_PENDING` or its other spelling `ABORT_PENDING`). " +
			"Any other value is an error that lists the allowed states. Useful in `check` blocks and postconditions on `data.vidispine_job`.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "state",
				MarkdownDescription: "A job state as the server reports it, e.g. `STARTED` (case-sensitive).",
			},
		},
		Return: function.BoolReturn{},
	}
}

func (f *jobStateIsTerminalFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var state string
	resp.Error = function.ConcatFuncErrors(resp.Error, req.Arguments.Get(ctx, &state))
	if resp.Error != nil {
		return
	}
	if !slices.Contains(vidispine.JobStates, state) {
		resp.Error = function.NewArgumentFuncError(0, fmt.Sprintf("%q is not a Vidispine job state; allowed values: %s",
			state, strings.Join(vidispine.JobStates, ", ")))
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Error, resp.Result.Set(ctx, vidispine.IsTerminalState(state)))
}
