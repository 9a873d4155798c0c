package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ list.ListResourceWithConfigure = (*taskDefinitionListResource)(nil)

// NewTaskDefinitionListResource lists task definitions for `terraform query` (Terraform ≥ 1.14).
func NewTaskDefinitionListResource() list.ListResource { return &taskDefinitionListResource{} }

type taskDefinitionListResource struct {
	data *providerData
}

type taskDefinitionListConfig struct {
	JobTypes       []types.String `tfsdk:"job_types"`
	IncludeBuiltin types.Bool     `tfsdk:"include_builtin"`
}

func (r *taskDefinitionListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task_definition"
}

func (r *taskDefinitionListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the steps of job types (`GET /API/jobtype`, then " +
			"`GET /API/task-definition/jobtype/{type}` per type), in job type and step order, each named like " +
			"`ACME_PUBLISH step 20: Tell the CMS`. By default the steps of every custom job type; the steps of " +
			"built-in types such as `TRANSCODE` only when asked for.",
		Attributes: map[string]schema.Attribute{
			"job_types": schema.ListAttribute{
				MarkdownDescription: "Job types whose steps to list, custom or built-in; a type the server does not have " +
					"is an error. Unset or empty: every custom job type (and every built-in one with `include_builtin`).",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{listvalidator.ValueStringsAre(
					stringvalidator.RegexMatches(jobTypeNamePattern, "must be "+jobTypeNameHelp))},
			},
			"include_builtin": schema.BoolAttribute{
				MarkdownDescription: "Without `job_types`: list the steps of built-in job types (`TRANSCODE`, `IMPORT`, …) " +
					"too. Defaults to `false`.",
				Optional: true,
			},
		},
	}
}

func (r *taskDefinitionListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// List costs GET /API/jobtype (unless job_types names the types) and one
// GET /API/task-definition/jobtype/{type} per job type, until Terraform's limit.
func (r *taskDefinitionListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg taskDefinitionListConfig
	diags := req.Config.Get(ctx, &cfg)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	listStream(ctx, req, stream, func(e *listEmitter) {
		jobTypes, explicit := make([]string, 0, len(cfg.JobTypes)), len(cfg.JobTypes) > 0
		for _, t := range cfg.JobTypes {
			jobTypes = append(jobTypes, t.ValueString())
		}
		if !explicit {
			all, err := r.data.client.ListJobTypes(ctx)
			if err != nil {
				e.diagnostics(jobTypesListError(err))
				return
			}
			for _, name := range slices.Sorted(slices.Values(all)) {
				if cfg.IncludeBuiltin.ValueBool() || !slices.Contains(vidispine.BuiltinJobTypes, name) {
					jobTypes = append(jobTypes, name)
				}
			}
		}
		// One job type's steps at a time: that is all the server pages by.
		for _, jobType := range jobTypes {
			tasks, err := r.data.client.ListTaskDefinitions(ctx, jobType)
			switch {
			case vidispine.IsNotFound(err) && !explicit:
				continue // deleted since the list of job types, or a type without steps
			case vidispine.IsNotFound(err):
				e.diagnostics(singleError("Job type not found", fmt.Sprintf(
					"job_types names %s, which the Vidispine server does not have: %s", jobType, err)))
				return
			case err != nil:
				e.diagnostics(singleError("Could not list the steps of job type "+jobType, err.Error()))
				return
			}
			sort.SliceStable(tasks, func(i, j int) bool { return tasks[i].Step < tasks[j].Step })
			for i := range tasks {
				model := taskDefinitionFromAPI(&tasks[i])
				if !e.emit(taskDefinitionDisplayName(&tasks[i]), model.identity(), model) {
					return
				}
			}
		}
	})
}

// taskDefinitionDisplayName names a step as a person would: "ACME_PUBLISH step 20: Tell the CMS".
func taskDefinitionDisplayName(td *vidispine.TaskDefinition) string {
	name := fmt.Sprintf("%s step %d", td.JobType, td.Step)
	if td.Description != "" {
		name += ": " + td.Description
	}
	return name
}
