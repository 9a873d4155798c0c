package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

var _ function.Function = (*pipelineMermaidFunction)(nil)

// NewPipelineMermaidFunction is provider::vidispine::pipeline_mermaid(task_definitions): the
// pipeline's graph (pipeline_graph.go) drawn as a Mermaid flowchart, which GitHub and GitLab
// render in pull requests.
func NewPipelineMermaidFunction() function.Function { return &pipelineMermaidFunction{} }

type pipelineMermaidFunction struct{}

func (f *pipelineMermaidFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "pipeline_mermaid"
}

func (f *pipelineMermaidFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = pipelineFunctionDefinition("Mermaid",
		"post it in a `mermaid` code block of a pull request comment, beside the plan (from the saved "+
			"plan: `terraform show -json tfplan | jq -r .planned_values.outputs.pipeline_mermaid.value`)", pipelineMermaidFormat)
}

func (f *pipelineMermaidFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	runPipelineFunction(ctx, req, resp, (*pipelineGraph).mermaid)
}
