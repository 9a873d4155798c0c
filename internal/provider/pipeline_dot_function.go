package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

var _ function.Function = (*pipelineDotFunction)(nil)

// NewPipelineDotFunction is provider::vidispine::pipeline_dot(task_definitions): the
// pipeline's graph (pipeline_graph.go) drawn in Graphviz DOT.
func NewPipelineDotFunction() function.Function { return &pipelineDotFunction{} }

type pipelineDotFunction struct{}

func (f *pipelineDotFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "pipeline_dot"
}

func (f *pipelineDotFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = pipelineFunctionDefinition("Graphviz DOT",
		"`terraform output -raw pipeline_dot | dot -Tsvg > pipeline.svg`", pipelineDotFormat)
}

func (f *pipelineDotFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	runPipelineFunction(ctx, req, resp, (*pipelineGraph).dot)
}
