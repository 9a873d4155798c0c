package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure   = (*jobRunResource)(nil)
	_ resource.ResourceWithImportState = (*jobRunResource)(nil)
	_ resource.ResourceWithIdentity    = (*jobRunResource)(nil)
)

// The vidispine_job_run resource starts a job of a type and, on request, waits for it and
// fails the apply when it does not succeed. Its inputs, the start and the judgement of the
// outcome are shared with the vidispine_job_start action (job_start_action.go).

const defaultJobRunTimeout = 30 * time.Minute

// jobSuccessStates are the end states success_states may name.
var jobSuccessStates = []string{"FINISHED", "FINISHED_WARNING"}

// jobDataKeyPattern: a job data key that jobmetadata=key%3Dvalue can carry.
var jobDataKeyPattern = regexp.MustCompile(`^[^=]+$`)

// NewJobRunResource starts a job once per change of its inputs.
func NewJobRunResource() resource.Resource { return &jobRunResource{} }

type jobRunResource struct {
	data *providerData
}

// jobRunInputs are the attributes the resource and the vidispine_job_start action share.
type jobRunInputs struct {
	JobType           types.String `tfsdk:"job_type"`
	JobData           types.Map    `tfsdk:"job_data"`
	Priority          types.String `tfsdk:"priority"`
	WaitForCompletion types.Bool   `tfsdk:"wait_for_completion"`
	SuccessStates     types.Set    `tfsdk:"success_states"`
	AbortOnTimeout    types.Bool   `tfsdk:"abort_on_timeout"`
	PollInterval      types.String `tfsdk:"poll_interval"`
}

type jobRunResourceModel struct {
	jobRunInputs
	ID             types.String   `tfsdk:"id"`
	Triggers       types.Map      `tfsdk:"triggers"`
	AbortOnDestroy types.Bool     `tfsdk:"abort_on_destroy"`
	JobID          types.String   `tfsdk:"job_id"`
	Status         types.String   `tfsdk:"status"`
	Started        types.String   `tfsdk:"started"`
	Ended          types.String   `tfsdk:"ended"`
	ResultData     types.Map      `tfsdk:"result_data"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

// jobRunIdentity is the job a run started.
type jobRunIdentity struct {
	JobID types.String `tfsdk:"job_id"`
}

func (i jobRunIdentity) importID() string { return i.JobID.ValueString() }

func (r *jobRunResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_run"
}

func (r *jobRunResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"job_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the job the run started, e.g. `VX-110`."},
		},
	}
}

// Descriptions shared by the resource and the action.
const (
	jobRunJobTypeDescription = "Type of the job to start: a built-in type such as `TRANSCODE` or a custom type " +
		"(`vidispine_job_type`) whose task definitions are its steps."
	jobRunJobDataDescription = "The job's data (job metadata): what its steps read with `job.getData(key)`. Keys may not " +
		"contain `=`; `" + vidispine.StartMarkerKey + "` is reserved: the provider adds it with a random value to " +
		"every start, to find the job again when the answer to the start request is lost."
	jobRunWaitDescription = "Whether to wait until the job has ended (within the timeout), reporting its state and " +
		"step as they change, and to fail when it ends in a state not in `success_states`; the error names the job, " +
		"its state, the step that failed and its message or the job's problem. Defaults to `false`: the job is " +
		"started and left running."
	jobRunPollIntervalDescription = "How long to wait between two looks at the job while waiting, at first, as a " +
		"duration such as `2s`; while nothing changes the wait grows by half each time, up to ten times this " +
		"(at most 30s). Defaults to `5s`."
	jobRunAbortOnTimeoutDescription = "Whether to abort the job (`DELETE /API/job/{id}`, cleanup steps run) when the " +
		"timeout passes before it ended. Defaults to `false`: it keeps running on the server."
)

func jobRunSuccessStatesDescription() string {
	return "End states that count as success: " + backtickList(jobSuccessStates) + ". Defaults to `[\"FINISHED\"]`; add " +
		"`FINISHED_WARNING` to accept a job that finished with warnings. `FAILED_TOTAL` and `ABORTED` are always failures."
}

// jobDataValidators check job_data keys at validate time.
func jobDataValidators() []validator.Map {
	return []validator.Map{mapvalidator.KeysAre(
		stringvalidator.RegexMatches(jobDataKeyPattern, "must be a job data key: not empty and without `=`"),
		stringvalidator.NoneOf(vidispine.StartMarkerKey),
	)}
}

// successStatesValidators check success_states at validate time, naming the allowed values.
func successStatesValidators() []validator.Set {
	return []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(jobSuccessStates...))}
}

// replaceUnlessImported re-starts the job when a value changes, except on the first apply after
// an import, which records the configured value.
var replaceUnlessImported = mapplanmodifier.RequiresReplaceIf(
	func(ctx context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !adoptedByImport(ctx, req.Private, req.StateValue.IsNull())
	}, jobRunReplaceDescription, jobRunReplaceDescription)

const jobRunReplaceDescription = "A change starts a new job (replaces the resource), except on the first apply after " +
	"an import, which records the configured value."

func (r *jobRunResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Starts a job of a type (`POST /API/job?type=...`) with the given job data, once when " +
			"created and again whenever `job_type`, `job_data`, `priority` or `triggers` change (the resource is " +
			"replaced). With `wait_for_completion` the apply waits for the job and fails when it does not end in one " +
			"of `success_states`: a smoke test of a pipeline, or the gate of a deployment. Works with every " +
			"Terraform and OpenTofu version.\n\n" +
			"The start request is never sent twice for one create: every start carries a random `" +
			vidispine.StartMarkerKey + "` in its job data, and after a network failure or a 502/503/504 the provider " +
			"looks for the job by it before it tries again.\n\n" +
			"**A failed run** (the job ended outside `success_states`, or the timeout passed) fails the apply but " +
			"keeps the job in state with its `status`, so the run that did happen is not lost: Terraform marks the " +
			"resource tainted, and the next apply starts a new job. To keep this run instead, use `terraform untaint`. " +
			"An apply interrupted while it waits (Ctrl-C) records the run untainted with a warning: the job keeps " +
			"running, and the next apply does not start another.\n\n" +
			"**Refresh** follows a job that was still running; a job that has ended is not read again, and reading " +
			"one is never a change to plan. A job removed from the server's job history stays in state, so cleaning " +
			"up old jobs never starts a new one.\n\n" +
			"**Destroy** leaves the job alone, unless `abort_on_destroy` is set and the job is still running.\n\n" +
			"**Import** adopts a job started elsewhere by its id (`VX-110`) or the identity `{ job_id }`; the first " +
			"apply after it records `job_data` and `triggers` from the configuration without starting " +
			"a job.\n\n" +
			"**Resource or action?** Use this resource when a run belongs to the configuration: its job id, status " +
			"and result data stay in state for other resources, and it runs again only when its inputs change. Use " +
			"the `vidispine_job_start` action (Terraform 1.14 or later) to start a job on demand (`terraform apply " +
			"-invoke`) or on every change of another resource (`action_trigger`), without keeping anything in state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Id of the job (same as `job_id`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"job_type": schema.StringAttribute{
				MarkdownDescription: jobRunJobTypeDescription + " Changing it starts a new job.",
				Required:            true,
				Validators:          []validator.String{jobTypeNameValidator()},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"job_data": schema.MapAttribute{
				MarkdownDescription: jobRunJobDataDescription + " Changing it starts a new job.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          jobDataValidators(),
				PlanModifiers:       []planmodifier.Map{replaceUnlessImported},
			},
			"priority": schema.StringAttribute{
				MarkdownDescription: priorityDescription("Priority of the job") + " Unset: the server's default " +
					"(`MEDIUM`, or the job type's default priority); the priority the job started at is recorded. " +
					"Changing it starts a new job; later changes of the job's priority are not tracked here " +
					"(`vidispine_job_priority` does that).",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{priorityValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values; any change starts a new job (replaces the resource). For " +
					"example the ids and scripts of the pipeline's task definitions, so that every change of the " +
					"pipeline is smoke-tested.",
				Optional:      true,
				ElementType:   types.StringType,
				PlanModifiers: []planmodifier.Map{replaceUnlessImported},
			},
			"wait_for_completion": schema.BoolAttribute{
				MarkdownDescription: jobRunWaitDescription + " Changing it alone starts nothing.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"success_states": schema.SetAttribute{
				MarkdownDescription: jobRunSuccessStatesDescription(),
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Default:             setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{types.StringValue("FINISHED")})),
				Validators:          successStatesValidators(),
			},
			"abort_on_timeout": schema.BoolAttribute{
				MarkdownDescription: jobRunAbortOnTimeoutDescription,
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"abort_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Whether destroying (or replacing) the resource aborts the job while it still " +
					"runs. Defaults to `false`: destroy leaves the job, running or not, and its record alone.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"poll_interval": schema.StringAttribute{
				MarkdownDescription: jobRunPollIntervalDescription,
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
			"job_id": schema.StringAttribute{
				MarkdownDescription: "Id of the job the run started, e.g. `VX-110`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "State of the job: as the apply left it, refreshed while the job runs " +
					"(e.g. `STARTED`, `FINISHED`, `FAILED_TOTAL`).",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"started": schema.StringAttribute{
				MarkdownDescription: "When the job started, as the server wrote it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"ended": schema.StringAttribute{
				MarkdownDescription: "When the job ended, as the server wrote it; null while it runs.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"result_data": schema.MapAttribute{
				MarkdownDescription: "The job's data as the run left it (what its steps set with `job.setData`), as " +
					"last read: when the apply stopped waiting, or at the refresh after it ended. Without `" +
					vidispine.StartMarkerKey + "`.",
				Computed:      true,
				ElementType:   types.StringType,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{
				Create: true,
				CreateDescription: fmt.Sprintf("How long to wait for the job to end when `wait_for_completion` is set, "+
					"as a duration such as `2h`. Defaults to `%s`.", defaultJobRunTimeout),
			}),
		},
	}
}

func (r *jobRunResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// jobRun is one start of a job with what judging its outcome takes: the inputs the resource
// and the action share.
type jobRun struct {
	JobType        string
	Priority       string
	Data           map[string]string
	Wait           bool
	SuccessStates  []string
	AbortOnTimeout bool
	PollInterval   time.Duration
	Timeout        time.Duration
	TimeoutAttr    string // the setting that raises the timeout: timeouts.create, timeouts.invoke
}

// startJobRun reads the shared inputs and starts the job (vidispine.Client.StartJob: one
// POST /API/job, and GET /API/job to find it after a lost answer). The job is nil when diags
// has an error.
func startJobRun(ctx context.Context, data *providerData, in jobRunInputs, timeout time.Duration, timeoutAttr string, diags *diag.Diagnostics) (jobRun, *vidispine.Job) {
	run := jobRun{
		JobType: in.JobType.ValueString(), Wait: in.WaitForCompletion.ValueBool(), AbortOnTimeout: in.AbortOnTimeout.ValueBool(),
		PollInterval: data.jobPollInterval, Timeout: timeout, TimeoutAttr: timeoutAttr, SuccessStates: []string{"FINISHED"},
	}
	if known(in.Priority) {
		run.Priority = in.Priority.ValueString()
	}
	if known(in.JobData) {
		diags.Append(in.JobData.ElementsAs(ctx, &run.Data, false)...)
	}
	if known(in.SuccessStates) {
		run.SuccessStates = nil
		diags.Append(in.SuccessStates.ElementsAs(ctx, &run.SuccessStates, false)...)
	}
	if known(in.PollInterval) {
		if d, err := time.ParseDuration(in.PollInterval.ValueString()); err == nil && d > 0 {
			run.PollInterval = d
		}
	}
	if diags.HasError() {
		return run, nil
	}
	job, err := data.client.StartJob(ctx, vidispine.StartJobOptions{Type: run.JobType, Priority: run.Priority, Data: run.Data})
	if err != nil {
		diags.AddError("Could not start a "+run.JobType+" job", err.Error())
		return run, nil
	}
	return run, job
}

// follow waits for the started job to end (GET /API/job/{id} with backoff, reporting each
// change to progress), then reads it with its data (GET /API/job/{id}?metadata=true). A job
// that ends outside SuccessStates is an error naming its state, failed step and problem (GET
// /API/job/{id}/problem); so is the timeout, after which the job is aborted (DELETE
// /API/job/{id}) with AbortOnTimeout. outcome ends every error: what becomes of the run. It
// returns the job as last seen.
func (run jobRun) follow(ctx context.Context, data *providerData, job *vidispine.Job, outcome string, progress func(*vidispine.Job)) (*vidispine.Job, diag.Diagnostics) {
	var diags diag.Diagnostics
	waitCtx, cancel := context.WithTimeout(ctx, run.Timeout)
	defer cancel()
	final, err := data.client.FollowJob(waitCtx, job.ID, vidispine.FollowOptions{
		Interval: run.PollInterval, MaxInterval: max(run.PollInterval, min(10*run.PollInterval, maxJobPollInterval)), OnChange: progress,
	})
	if final == nil {
		final = job
	}
	switch {
	case err != nil && ctx.Err() == nil && errors.Is(waitCtx.Err(), context.DeadlineExceeded):
		detail := fmt.Sprintf("Job %s (%s) had not ended after %s (last %s); it keeps running on the server. "+
			"Raise %s to wait longer.", job.ID, run.JobType, run.Timeout, vidispine.JobPosition(final), run.TimeoutAttr)
		if run.AbortOnTimeout {
			if aerr := data.client.AbortJob(ctx, job.ID, "timed out in Terraform after "+run.Timeout.String(), true); aerr != nil {
				detail = fmt.Sprintf("Job %s (%s) had not ended after %s (last %s), and aborting it failed: %s",
					job.ID, run.JobType, run.Timeout, vidispine.JobPosition(final), aerr)
			} else {
				detail = fmt.Sprintf("Job %s (%s) had not ended after %s (last %s), so it was aborted (abort_on_timeout).",
					job.ID, run.JobType, run.Timeout, vidispine.JobPosition(final))
			}
		}
		diags.AddError("Timed out waiting for job "+job.ID, detail+"\n\n"+outcome)
		return final, diags
	case err != nil && ctx.Err() != nil:
		// Terraform was stopped (Ctrl-C): the job was started and keeps running, so the run is
		// recorded as it is, not failed; a tainted run would start a second job next time.
		diags.AddWarning("Stopped waiting for job "+job.ID, fmt.Sprintf("Terraform was interrupted while job %s (%s) "+
			"was %s. The job keeps running on the server; the run is recorded, so the next apply does not start "+
			"another, and the next refresh reads its state.", job.ID, run.JobType, vidispine.JobPosition(final)))
		return final, diags
	case err != nil:
		diags.AddError("Could not follow job "+job.ID, fmt.Sprintf("Job %s (%s) was started, but following it failed: %s\n\n%s",
			job.ID, run.JobType, err, outcome))
		return final, diags
	}
	if withData, err := data.client.GetJob(ctx, job.ID, true); err == nil {
		final = withData
	} else {
		tflog.Warn(ctx, "could not read the ended job's data", map[string]any{"job_id": job.ID, "error": err.Error()})
	}
	if !slices.Contains(run.SuccessStates, final.Status) {
		diags.AddError(fmt.Sprintf("Job %s (%s) ended %s", job.ID, run.JobType, final.Status),
			fmt.Sprintf("Job %s of type %s ended %s; success_states accepts %s.%s\n\n%s", job.ID, run.JobType, final.Status,
				strings.Join(run.SuccessStates, ", "), jobFailure(ctx, data.client, final), outcome))
	}
	return final, diags
}

// resultData is the job's data without the start marker; null when the document has none.
func resultData(job *vidispine.Job) types.Map {
	if len(job.Data) == 0 {
		return types.MapNull(types.StringType)
	}
	kvs := slices.DeleteFunc(slices.Clone([]vidispine.KeyValue(job.Data)), func(kv vidispine.KeyValue) bool {
		return kv.Key == vidispine.StartMarkerKey
	})
	return keyValuesMap(kvs)
}

// setJob records what the server says of the job.
func (m *jobRunResourceModel) setJob(job *vidispine.Job) {
	m.ID, m.JobID = types.StringValue(job.ID), types.StringValue(job.ID)
	m.Status, m.Started, m.Ended = types.StringValue(job.Status), optionalString(job.Started), optionalString(job.Finished)
	if job.Priority != "" {
		m.Priority = types.StringValue(job.Priority)
	}
	if len(job.Data) > 0 || m.ResultData.IsUnknown() {
		m.ResultData = resultData(job)
	}
}

// Create starts the job: one POST /API/job (GET /API/job to find it after a lost answer). With
// wait_for_completion it adds GET /API/job/{id} with backoff until the job ends, one
// GET /API/job/{id}?metadata=true for its data, and GET /API/job/{id}/problem when it failed.
func (r *jobRunResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan jobRunResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultJobRunTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	run, job := startJobRun(ctx, r.data, plan.jobRunInputs, timeout, "timeouts.create", &resp.Diagnostics)
	if job == nil {
		return
	}
	tflog.Info(ctx, "started job", map[string]any{"job_id": job.ID, "job_type": job.Type, "priority": job.Priority})
	plan.setJob(job)
	if run.Wait {
		kept := fmt.Sprintf("Job %s is kept in state and the resource is tainted: the next apply starts a new job. "+
			"To keep this run instead, run `terraform untaint` on the resource.", job.ID)
		final, diags := run.follow(ctx, r.data, job, kept, func(j *vidispine.Job) {
			tflog.Info(ctx, "waiting for job", jobProgressFields(j))
		})
		plan.setJob(final)
		// On failure too: the job was started, so it is recorded (and Terraform taints it).
		resp.Diagnostics.Append(diags...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, jobRunIdentity{JobID: plan.JobID}, &resp.Diagnostics)
}

// Read follows a job that had not ended: one GET /API/job/{id}?metadata=true. A job that had
// ended is not read again (nothing about it changes); a job gone from the server stays in state.
func (r *jobRunResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state jobRunResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !known(state.Status) || !vidispine.IsTerminalState(state.Status.ValueString()) {
		id := state.JobID.ValueString()
		job, err := r.data.client.GetJob(ctx, id, true)
		switch {
		case vidispine.IsNotFound(err) && known(state.Status):
			tflog.Warn(ctx, "job no longer exists on the server; keeping the run in state so that it is not repeated",
				map[string]any{"job_id": id})
		case err != nil:
			addJobReadError(&resp.Diagnostics, id, err)
			return
		default:
			state.setJob(job)
			if state.JobType.IsNull() {
				state.JobType = types.StringValue(job.Type) // import
			}
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, jobRunIdentity{JobID: state.JobID}, &resp.Diagnostics)
}

// Update changes only what acts at create or destroy (waiting, success states, aborting,
// timeouts), or records job_data and triggers after an import: it sends no request.
func (r *jobRunResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state jobRunResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID, plan.JobID, plan.Status, plan.Started, plan.Ended, plan.ResultData =
		state.ID, state.JobID, state.Status, state.Started, state.Ended, state.ResultData
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, rerunImportedKey, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, jobRunIdentity{JobID: plan.JobID}, &resp.Diagnostics)
}

// Delete forgets the run. With abort_on_destroy it reads the job (GET /API/job/{id}) and, while
// it still runs, aborts it (DELETE /API/job/{id}, cleanup steps run).
func (r *jobRunResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jobRunResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.JobID.ValueString()
	if !state.AbortOnDestroy.ValueBool() {
		tflog.Info(ctx, "forgetting job run; the job is left on the server", map[string]any{"job_id": id})
		return
	}
	job, err := r.data.client.GetJob(ctx, id, false)
	switch {
	case vidispine.IsNotFound(err):
		return
	case err != nil:
		addJobReadError(&resp.Diagnostics, id, err)
		return
	case vidispine.IsTerminalState(job.Status) || strings.HasPrefix(job.Status, "ABORT"):
		return
	}
	if err := r.data.client.AbortJob(ctx, id, "destroyed by Terraform (abort_on_destroy)", true); err != nil {
		addJobError(&resp.Diagnostics, id, "Could not abort job "+id, err)
	}
}

// ImportState adopts a job started elsewhere, by id ("VX-110") or the identity { job_id }. The
// Read that follows fills in the rest (GET /API/job/{id}?metadata=true); the first apply records
// job_data and triggers from the configuration without starting a job.
func (r *jobRunResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID[jobRunIdentity](ctx, req, &resp.Diagnostics)
	if !siteIDPattern.MatchString(id) {
		addInvalidImportID(&resp.Diagnostics, fmt.Sprintf("Import a job run by its job id, e.g. VX-110; got %q.", id))
		return
	}
	for attr, v := range map[string]string{"id": id, "job_id": id} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
	for attr, v := range map[string]bool{"wait_for_completion": false, "abort_on_timeout": false, "abort_on_destroy": false} {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), v)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("success_states"), []string{"FINISHED"})...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, rerunImportedKey, []byte("true"))...)
}
