package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ datasource.DataSourceWithConfigure = (*jobAccessDataSource)(nil)

// Job actions vidispine_job_access decides on.
const (
	jobActionView     = "view"
	jobActionAbort    = "abort"
	jobActionRerun    = "rerun"
	jobActionPriority = "priority"

	administratorRole = "_administrator"
)

var jobActions = []string{jobActionView, jobActionAbort, jobActionRerun, jobActionPriority}

// NewJobAccessDataSource decides whether a user may act on a job: JobHelper's
// userHasAccessToJob(job_id, user, action).
func NewJobAccessDataSource() datasource.DataSource { return &jobAccessDataSource{} }

type jobAccessDataSource struct {
	data *providerData
}

type jobAccessDataSourceModel struct {
	JobID   types.String `tfsdk:"job_id"`
	User    types.String `tfsdk:"user"`
	Action  types.String `tfsdk:"action"`
	Allowed types.Bool   `tfsdk:"allowed"`
	Reason  types.String `tfsdk:"reason"`
}

func (d *jobAccessDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_access"
}

func (d *jobAccessDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Decides whether a user may view or act on a job, the equivalent of JobHelper's " +
			"`userHasAccessToJob(job_id, user, action)`. Vidispine has no access-control list for jobs, so the " +
			"provider applies this rule.\n\n" +
			"**Visibility first.** The job must be visible to the user: the provider reads the job as that user " +
			"(`GET /API/job/{id}` with the header `RunAs: <user>`). If the server answers 403 or 404, access is " +
			"refused for every action. A disabled user is refused too.\n\n" +
			"**Then the action.** `view` is allowed for every user who can see the job. `abort`, `rerun` and " +
			"`priority` are allowed for the job's owner (the user who started it) and for users holding the " +
			"`_administrator` role (a role group among the user's groups, from `GET /API/user/{user}`), and refused " +
			"for everyone else.\n\n" +
			"**Errors, not answers.** An unknown user is an error. The provider's own user must be allowed to read " +
			"the user and to impersonate it (RunAs), which normally means it holds `_administrator`; if the server " +
			"refuses either, the read fails with an error instead of answering `false`.",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{
				MarkdownDescription: "Id of the job, e.g. `VX-29`.",
				Required:            true,
				Validators: []validator.String{
					siteIDValidator(),
				},
			},
			"user": schema.StringAttribute{
				MarkdownDescription: "Name of the user whose access is checked.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"action": schema.StringAttribute{
				MarkdownDescription: "What the user wants to do: `view`, `abort`, `rerun` or `priority` (change the priority).",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(jobActions...)},
			},
			"allowed": schema.BoolAttribute{
				MarkdownDescription: "Whether the user may do `action` on the job.",
				Computed:            true,
			},
			"reason": schema.StringAttribute{
				MarkdownDescription: "Why access is allowed or refused, for messages and logs.",
				Computed:            true,
			},
		},
	}
}

func (d *jobAccessDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs GET /API/user/{user} and, for an enabled user, GET /API/job/{id} as the user
// (RunAs); a 403 for the job adds GET /API/user/{user} as the user (impersonationRefused).
func (d *jobAccessDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model jobAccessDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	jobID, userName, action := model.JobID.ValueString(), model.User.ValueString(), model.Action.ValueString()

	user, err := d.data.client.GetUser(ctx, userName)
	switch {
	case vidispine.IsNotFound(err):
		resp.Diagnostics.AddAttributeError(path.Root("user"), "User not found",
			fmt.Sprintf("No user %q exists on the Vidispine server: %s", userName, err))
		return
	case vidispine.IsForbidden(err):
		resp.Diagnostics.AddError("Could not read user "+userName,
			fmt.Sprintf("The access check needs the user's groups and the right to act as the user (RunAs), and the "+
				"server refused the provider's user the first; that normally needs the %s role: %s", administratorRole, err))
		return
	case err != nil:
		resp.Diagnostics.AddError("Could not read user "+userName, err.Error())
		return
	}

	allowed, reason, err := d.decide(ctx, jobID, user, action)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Could not check access of user %s to job %s", userName, jobID), err.Error())
		return
	}
	model.Allowed = types.BoolValue(allowed)
	model.Reason = types.StringValue(reason)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// decide applies the documented rule.
func (d *jobAccessDataSource) decide(ctx context.Context, jobID string, user *vidispine.User, action string) (bool, string, error) {
	name := user.UserName
	if user.Disabled {
		return false, fmt.Sprintf("user %s is disabled", name), nil
	}
	job, err := d.data.client.WithRunAs(name).GetJob(ctx, jobID, false)
	switch {
	case vidispine.IsNotFound(err) || vidispine.IsForbidden(err):
		if vidispine.IsForbidden(err) {
			if refused, rerr := d.impersonationRefused(ctx, name); rerr != nil {
				return false, "", rerr
			} else if refused {
				return false, "", fmt.Errorf("the server refused to let the provider's user act as %s (RunAs), so "+
					"visibility cannot be checked; the provider's user needs the right to impersonate, normally the "+
					"%s role: %w", name, administratorRole, err)
			}
		}
		return false, fmt.Sprintf("job %s is not visible to user %s (%s)", jobID, name, err), nil
	case err != nil:
		return false, "", err
	}

	switch {
	case action == jobActionView:
		return true, fmt.Sprintf("job %s is visible to user %s", jobID, name), nil
	case job.User == name:
		return true, fmt.Sprintf("user %s owns job %s", name, jobID), nil
	case user.HasRole(administratorRole):
		return true, fmt.Sprintf("user %s holds the %s role", name, administratorRole), nil
	default:
		return false, fmt.Sprintf("%s on job %s needs the job's owner (%s) or the %s role, and user %s is neither",
			action, jobID, job.User, administratorRole, name), nil
	}
}

// impersonationRefused tells a 403 about the job from a 403 about RunAs itself: as the
// user, the provider reads that user's own document, which impersonation alone allows.
func (d *jobAccessDataSource) impersonationRefused(ctx context.Context, name string) (bool, error) {
	_, err := d.data.client.WithRunAs(name).GetUser(ctx, name)
	switch {
	case err == nil:
		return false, nil
	case vidispine.IsForbidden(err) || vidispine.IsUnauthorized(err):
		return true, nil
	default:
		return false, err
	}
}
