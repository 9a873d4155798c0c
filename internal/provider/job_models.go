package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var pathJobID = path.Root("job_id")

// jobStepAttrTypes describes one entry of a job's step log.
var jobStepAttrTypes = map[string]attr.Type{
	"id":             types.Int64Type,
	"step":           types.Int64Type,
	"status":         types.StringType,
	"description":    types.StringType,
	"attempts":       types.Int64Type,
	"timestamp":      types.StringType,
	"progress":       types.Float64Type,
	"progress_total": types.Int64Type,
	"progress_unit":  types.StringType,
	"error_message":  types.StringType,
}

func jobStepsSchema() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The job's step log, in the server's order.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":             schema.Int64Attribute{Computed: true, MarkdownDescription: "Task id of the step entry."},
			"step":           schema.Int64Attribute{Computed: true, MarkdownDescription: "Step number within the job type."},
			"status":         schema.StringAttribute{Computed: true, MarkdownDescription: "Step state, e.g. `STARTED`, `FINISHED`, `FAILED_RETRY`."},
			"description":    schema.StringAttribute{Computed: true, MarkdownDescription: "What the step does."},
			"attempts":       schema.Int64Attribute{Computed: true, MarkdownDescription: "How often the step was attempted."},
			"timestamp":      schema.StringAttribute{Computed: true, MarkdownDescription: "When the step last changed, as the server wrote it."},
			"progress":       schema.Float64Attribute{Computed: true, MarkdownDescription: "Work done, in `progress_unit` (null when the server reports none)."},
			"progress_total": schema.Int64Attribute{Computed: true, MarkdownDescription: "Expected amount of work, in `progress_unit`."},
			"progress_unit":  schema.StringAttribute{Computed: true, MarkdownDescription: "`percent` or `bytes`."},
			"error_message":  schema.StringAttribute{Computed: true, MarkdownDescription: "Error message of a failed step."},
		}},
	}
}

func jobStepsValue(job *vidispine.Job) types.List {
	var tasks []vidispine.JobTask
	if job.Log != nil {
		tasks = job.Log.Task
	}
	elems := make([]attr.Value, 0, len(tasks))
	for _, t := range tasks {
		progress, total, unit := types.Float64Null(), types.Int64Null(), types.StringNull()
		if t.Progress != nil {
			progress = types.Float64Value(t.Progress.Value)
			total = types.Int64Value(t.Progress.Total)
			unit = types.StringValue(t.Progress.Unit)
		}
		elems = append(elems, types.ObjectValueMust(jobStepAttrTypes, map[string]attr.Value{
			"id":             types.Int64Value(int64(t.ID)),
			"step":           types.Int64Value(int64(t.Step)),
			"status":         types.StringValue(t.Status),
			"description":    types.StringValue(t.Description),
			"attempts":       types.Int64Value(int64(t.Attempts)),
			"timestamp":      types.StringValue(t.Timestamp),
			"progress":       progress,
			"progress_total": total,
			"progress_unit":  unit,
			"error_message":  types.StringValue(t.ErrorMessage),
		}))
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: jobStepAttrTypes}, elems)
}

var jobProblemAttrTypes = map[string]attr.Type{
	"id":   types.Int64Type,
	"type": types.StringType,
	"data": types.MapType{ElemType: types.StringType},
	"jobs": types.ListType{ElemType: types.StringType},
}

func jobProblemsSchema(description string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: description,
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Problem id."},
			"type": schema.StringAttribute{Computed: true, MarkdownDescription: "Problem type as the server names it."},
			"data": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Details of the problem, as key/value pairs."},
			"jobs": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Ids of the jobs waiting on the problem."},
		}},
	}
}

func jobProblemsValue(problems []vidispine.JobProblem) types.List {
	elems := make([]attr.Value, 0, len(problems))
	for _, p := range problems {
		jobs := make([]attr.Value, 0, len(p.Jobs))
		for _, j := range p.Jobs {
			jobs = append(jobs, types.StringValue(j))
		}
		elems = append(elems, types.ObjectValueMust(jobProblemAttrTypes, map[string]attr.Value{
			"id":   types.Int64Value(p.ID),
			"type": types.StringValue(p.Type),
			"data": keyValuesMap(p.Data),
			"jobs": types.ListValueMust(types.StringType, jobs),
		}))
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: jobProblemAttrTypes}, elems)
}

// jobSummaryAttrTypes describe one entry of a job list (vidispine_jobs): what GET /job
// returns per job, without the step log.
var jobSummaryAttrTypes = map[string]attr.Type{
	"job_id":                   types.StringType,
	"type":                     types.StringType,
	"status":                   types.StringType,
	"is_terminal":              types.BoolType,
	"user":                     types.StringType,
	"priority":                 types.StringType,
	"started":                  types.StringType,
	"finished":                 types.StringType,
	"total_steps":              types.Int64Type,
	"current_step":             types.Int64Type,
	"current_step_description": types.StringType,
	"current_step_status":      types.StringType,
	"metadata":                 types.MapType{ElemType: types.StringType},
}

func jobSummariesSchema() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The matching jobs, in the order of `sort`, at most `max_results` of them.",
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Id of the job, e.g. `VX-29`."},
			"type":   schema.StringAttribute{Computed: true, MarkdownDescription: "Job type, e.g. `TRANSCODE`."},
			"status": schema.StringAttribute{Computed: true, MarkdownDescription: "Job state, e.g. `STARTED` or `FAILED_TOTAL`."},
			"is_terminal": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job has ended: " +
				"`FINISHED`, `FINISHED_WARNING`, `FAILED_TOTAL` or `ABORTED`."},
			"user":     schema.StringAttribute{Computed: true, MarkdownDescription: "User who started the job."},
			"priority": schema.StringAttribute{Computed: true, MarkdownDescription: "Job priority, e.g. `MEDIUM`."},
			"started":  schema.StringAttribute{Computed: true, MarkdownDescription: "Start time as the server wrote it (ISO 8601); null if not started."},
			"finished": schema.StringAttribute{Computed: true, MarkdownDescription: "Finish time (ISO 8601); null while the job runs."},
			"total_steps": schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of steps of the job; " +
				"null unless `include_steps` is set."},
			"current_step": schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of the step the job " +
				"is at; null unless `include_steps` is set and the server reports one."},
			"current_step_description": schema.StringAttribute{Computed: true, MarkdownDescription: "Description of the current step (with `include_steps`)."},
			"current_step_status":      schema.StringAttribute{Computed: true, MarkdownDescription: "State of the current step (with `include_steps`)."},
			"metadata": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Job " +
				"metadata (job data), e.g. `itemId`; null unless `include_metadata` is set."},
		}},
	}
}

// jobSummaryType is the Terraform type of one entry of jobSummariesSchema.
var jobSummaryType = types.ObjectType{AttrTypes: jobSummaryAttrTypes}.TerraformType(context.Background())

// jobSummariesValue converts list entries straight into the Terraform value of the jobs
// attribute. It skips the framework's attr.Value objects on purpose: for 100,000 jobs that
// second copy of every job, alive while the state is encoded, was half of the provider's
// memory (see BENCHMARKS.md). Step and metadata fields are null unless they were asked for,
// so "not requested" never looks like "none".
func jobSummariesValue(jobs []vidispine.Job, withSteps, withMetadata bool) tftypes.Value {
	var (
		nullString = tftypes.NewValue(tftypes.String, nil)
		nullNumber = tftypes.NewValue(tftypes.Number, nil)
		nullMap    = tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, nil)
	)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	optional := func(s string) tftypes.Value {
		if s == "" {
			return nullString
		}
		return str(s)
	}
	elems := make([]tftypes.Value, 0, len(jobs))
	for i := range jobs {
		j := &jobs[i]
		totalSteps, step, stepDesc, stepStatus := nullNumber, nullNumber, nullString, nullString
		if withSteps {
			totalSteps = tftypes.NewValue(tftypes.Number, int64(j.TotalSteps))
			if cs := j.CurrentStep; cs != nil {
				step = tftypes.NewValue(tftypes.Number, int64(cs.Number))
				stepDesc, stepStatus = str(cs.Description), str(cs.Status)
			}
		}
		metadata := nullMap
		if withMetadata {
			m := make(map[string]tftypes.Value, len(j.Data))
			for _, kv := range j.Data {
				m[kv.Key] = str(kv.Value)
			}
			metadata = tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, m)
		}
		elems = append(elems, tftypes.NewValue(jobSummaryType, map[string]tftypes.Value{
			"job_id":                   str(j.ID),
			"type":                     str(j.Type),
			"status":                   str(j.Status),
			"is_terminal":              tftypes.NewValue(tftypes.Bool, vidispine.IsTerminalState(j.Status)),
			"user":                     str(j.User),
			"priority":                 str(j.Priority),
			"started":                  optional(j.Started),
			"finished":                 optional(j.Finished),
			"total_steps":              totalSteps,
			"current_step":             step,
			"current_step_description": stepDesc,
			"current_step_status":      stepStatus,
			"metadata":                 metadata,
		}))
	}
	return tftypes.NewValue(tftypes.List{ElementType: jobSummaryType}, elems)
}

// setRawAttribute replaces the top-level attribute name of an object value (a state or a
// plan's Raw) with v.
func setRawAttribute(raw *tftypes.Value, name string, v tftypes.Value) error {
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		return err
	}
	attrs[name] = v
	*raw = tftypes.NewValue(raw.Type(), attrs)
	return nil
}

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
