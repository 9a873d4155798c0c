package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure      = (*jobPoolsResource)(nil)
	_ resource.ResourceWithImportState    = (*jobPoolsResource)(nil)
	_ resource.ResourceWithIdentity       = (*jobPoolsResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*jobPoolsResource)(nil)
	_ resource.ResourceWithValidateConfig = (*jobPoolsResource)(nil)
)

// jobPoolsID is the id and import id of the one job pool configuration of a server.
const jobPoolsID = "job-pool"

// NewJobPoolsResource manages the server's job pool configuration
// (/API/configuration/job-pool), one per server.
func NewJobPoolsResource() resource.Resource { return &jobPoolsResource{} }

type jobPoolsResource struct {
	data *providerData
}

// jobPoolsModel is the resource and the vidispine_job_pools data source.
type jobPoolsModel struct {
	ID             types.String   `tfsdk:"id"`
	ConcurrentJobs types.Int64    `tfsdk:"concurrent_jobs"`
	Pool           []jobPoolModel `tfsdk:"pool"`
}

type jobPoolModel struct {
	PriorityThreshold types.String `tfsdk:"priority_threshold"`
	Size              types.Int64  `tfsdk:"size"`
}

// fromDocument sets every attribute from the server's document. No pools is null, unless
// emptySet: the configuration says `pool = []`.
func (m *jobPoolsModel) fromDocument(jp *vidispine.JobPoolConfiguration, emptySet bool) {
	m.ID = types.StringValue(jobPoolsID)
	m.ConcurrentJobs = int64Value(jp.ConcurrentJobs)
	m.Pool = nil
	if emptySet {
		m.Pool = []jobPoolModel{}
	}
	for _, p := range jp.Pools {
		m.Pool = append(m.Pool, jobPoolModel{PriorityThreshold: types.StringValue(p.PriorityThreshold), Size: types.Int64Value(int64(p.Size))})
	}
}

// applyTo writes the managed attributes into jp, the server's document: the pools, in
// priority order from IMMEDIATE down, and concurrent_jobs when the plan knows it (else the
// server's stays). Members the client does not model are left as they are.
func (m *jobPoolsModel) applyTo(jp *vidispine.JobPoolConfiguration) {
	if known(m.ConcurrentJobs) {
		jp.ConcurrentJobs = intPointer(m.ConcurrentJobs)
	}
	jp.Pools = nil
	for _, p := range m.Pool {
		jp.Pools = append(jp.Pools, vidispine.JobPool{PriorityThreshold: p.PriorityThreshold.ValueString(), Size: int(p.Size.ValueInt64())})
	}
	slices.SortFunc(jp.Pools, func(a, b vidispine.JobPool) int {
		return slices.Index(vidispine.Priorities, a.PriorityThreshold) - slices.Index(vidispine.Priorities, b.PriorityThreshold)
	})
}

func (r *jobPoolsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_pools"
}

type jobPoolsIdentity struct {
	ID types.String `tfsdk:"id"`
}

func (i jobPoolsIdentity) importID() string { return i.ID.ValueString() }

func (r *jobPoolsResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{RequiredForImport: true, Description: "Always `" + jobPoolsID + "`: there is one job pool configuration per server."},
		},
	}
}

var (
	descJobPoolsConcurrentJobs = "How many jobs the server runs at once outside the pools (the `concurrentJobs` " +
		"configuration property; 3 on a server nobody has configured). Jobs of priority `IMMEDIATE` always start, " +
		"even above the limit."
	descJobPoolsPool = "Pools of slots reserved for jobs of a priority or above, at most one per priority. " +
		"Presumably a pool admits jobs at or above its threshold; how the sizes add up against `concurrent_jobs` " +
		"is not published."
	descJobPoolThreshold = priorityDescription("Lowest priority the pool admits")
	descJobPoolSize      = "Number of slots in the pool, at least 1."
)

func (r *jobPoolsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The server's job pool configuration (`/API/configuration/job-pool`): how many jobs run at " +
			"once, and how many slots each priority gets. There is one per server, so a configuration may hold one " +
			"`vidispine_job_pools` per provider configuration; a second one is an error at plan.\n\n" +
			"The resource owns the whole document: pools not in the configuration are removed on apply (leaving " +
			"`pool` out means no pools). Creating the resource takes the server's configuration over as it is: to see in a " +
			"plan what it replaces, import it first (id `" + jobPoolsID + "`). Each update reads the server's document and writes it back whole, so " +
			"members the provider does not model survive. Destroying the resource removes every pool " +
			"(`DELETE /API/configuration/job-pool`); the server keeps `concurrent_jobs` as it is, because the " +
			"limit cannot be removed.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Always `" + jobPoolsID + "`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"concurrent_jobs": schema.Int64Attribute{
				MarkdownDescription: descJobPoolsConcurrentJobs + " The server's value when unset; removing it from the " +
					"configuration keeps the current value.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{serverIntAtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"pool": schema.SetNestedAttribute{
				MarkdownDescription: descJobPoolsPool,
				Optional:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"priority_threshold": schema.StringAttribute{
						MarkdownDescription: descJobPoolThreshold,
						Required:            true,
						Validators:          []validator.String{priorityValidator()},
					},
					"size": schema.Int64Attribute{
						MarkdownDescription: descJobPoolSize,
						Required:            true,
						Validators:          []validator.Int64{serverIntAtLeast(1)},
					},
				}},
			},
		},
	}
}

// ValidateConfig refuses two pools of one priority threshold.
func (r *jobPoolsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var pools types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("pool"), &pools)...)
	if resp.Diagnostics.HasError() || !known(pools) {
		return
	}
	seen := map[string]bool{}
	for _, e := range pools.Elements() {
		obj, ok := e.(basetypes.ObjectValue)
		if !ok || !known(obj) {
			continue
		}
		threshold, ok := obj.Attributes()["priority_threshold"].(basetypes.StringValue)
		if !ok || !known(threshold) {
			continue
		}
		t := threshold.ValueString()
		if seen[t] {
			resp.Diagnostics.AddAttributeError(path.Root("pool"), "Duplicate priority threshold",
				fmt.Sprintf("More than one pool has priority_threshold %q: each priority may have one pool. Merge them "+
					"into one pool with the total size.", t))
		}
		seen[t] = true
	}
}

// ModifyPlan claims the server's job pool configuration for this resource: a second
// vidispine_job_pools of the same provider configuration is refused (the two would overwrite
// each other on every apply).
//
// It sends no request.
func (r *jobPoolsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	if !claimAlone(ctx, r.data, "vidispine_job_pools", req, resp) {
		resp.Diagnostics.AddError("More than one vidispine_job_pools",
			"A Vidispine server has one job pool configuration, and this configuration has more than one "+
				"vidispine_job_pools resource (or instance) for the same provider configuration: they would overwrite "+
				"each other on every apply. Keep one, holding every pool.")
	}
}

func (r *jobPoolsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// write applies plan to the server's document and records the stored document in state and
// identity. It costs GET /API/configuration/job-pool, PUT /API/configuration/job-pool and GET
// again (the PUT answers nothing).
func (r *jobPoolsResource) write(ctx context.Context, plan *jobPoolsModel, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	jp, err := r.data.client.UpdateJobPoolConfiguration(ctx, plan.applyTo)
	if err != nil {
		diags.AddError("Could not write the job pool configuration", err.Error())
		return
	}
	tflog.Info(ctx, "wrote job pool configuration", map[string]any{"pools": len(jp.Pools)})
	plan.fromDocument(jp, plan.Pool != nil)
	diags.Append(state.Set(ctx, plan)...)
	setIdentity(ctx, identity, jobPoolsIdentity{ID: plan.ID}, diags)
}

// Create takes the server's job pool configuration over, replacing the pools it has; it costs
// GET /API/configuration/job-pool, PUT /API/configuration/job-pool and GET again (the PUT
// answers nothing).
func (r *jobPoolsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan jobPoolsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Read costs one GET /API/configuration/job-pool.
func (r *jobPoolsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state jobPoolsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	setIdentity(ctx, resp.Identity, jobPoolsIdentity{ID: types.StringValue(jobPoolsID)}, &resp.Diagnostics)
	jp, err := r.data.client.GetJobPoolConfiguration(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not read the job pool configuration", err.Error())
		return
	}
	state.fromDocument(jp, state.Pool != nil)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update costs GET /API/configuration/job-pool, PUT /API/configuration/job-pool of the whole
// document with the managed attributes changed, and GET again.
func (r *jobPoolsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan jobPoolsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete removes every pool with one DELETE /API/configuration/job-pool; the server keeps
// concurrentJobs.
func (r *jobPoolsResource) Delete(ctx context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	if err := r.data.client.DeleteJobPools(ctx); err != nil && !vidispine.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not remove the job pools", err.Error())
	}
}

// ImportState accepts the id "job-pool" or the identity { id = "job-pool" }. It sends no
// request: the Read that follows reads the configuration.
func (r *jobPoolsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := importID[jobPoolsIdentity](ctx, req, &resp.Diagnostics)
	if strings.TrimSpace(given) != jobPoolsID {
		addInvalidImportID(&resp.Diagnostics, fmt.Sprintf("A server has one job pool configuration: import it with the id %q; got %q.", jobPoolsID, given))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), jobPoolsID)...)
}
