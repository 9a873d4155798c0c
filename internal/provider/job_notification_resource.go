package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure        = (*jobNotificationResource)(nil)
	_ resource.ResourceWithImportState      = (*jobNotificationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*jobNotificationResource)(nil)
)

// Values the http action accepts; the server fills method GET when none is sent.
var (
	notificationHTTPMethods      = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	notificationContentTypes     = []string{"application/json", "application/xml", "text/plain"}
	notificationURLPattern       = regexp.MustCompile(`^https?://[^\s/]+\S*$`)
	defaultNotificationMethod    = "GET"
	notificationTimeoutMaxSecond = int64(86400)
)

// NewJobNotificationResource is a job notification (NotificationDocument with a job trigger).
func NewJobNotificationResource() resource.Resource { return &jobNotificationResource{} }

type jobNotificationResource struct {
	data *providerData
}

type jobNotificationResourceModel struct {
	ID         types.String                    `tfsdk:"id"`
	Trigger    *jobNotificationTriggerModel    `tfsdk:"trigger"`
	HTTP       *jobNotificationHTTPModel       `tfsdk:"http"`
	JavaScript *jobNotificationJavaScriptModel `tfsdk:"javascript"`
}

type jobNotificationTriggerModel struct {
	Event   types.String                 `tfsdk:"event"`
	JobType types.String                 `tfsdk:"job_type"`
	JobData *jobNotificationJobDataModel `tfsdk:"job_data"`
}

type jobNotificationJobDataModel struct {
	Key   types.String `tfsdk:"key"`
	Value types.String `tfsdk:"value"`
}

type jobNotificationHTTPModel struct {
	URL         types.String `tfsdk:"url"`
	Method      types.String `tfsdk:"method"`
	ContentType types.String `tfsdk:"content_type"`
	Timeout     types.Int64  `tfsdk:"timeout"`
	Synchronous types.Bool   `tfsdk:"synchronous"`
	Retry       types.Int64  `tfsdk:"retry"`
}

type jobNotificationJavaScriptModel struct {
	Script types.String `tfsdk:"script"`
}

func (r *jobNotificationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_notification"
}

func (r *jobNotificationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A job notification (`/API/job/notification`): when a job event happens, the server calls " +
			"a URL (`http`) or runs a script (`javascript`). Changes are made in place (`PUT`). The notification side " +
			"of JobHelper's `getAllNotifications()`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Id of the notification, e.g. `VX-12`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"trigger": schema.SingleNestedAttribute{
				MarkdownDescription: "Which job events fire the notification.",
				Required:            true,
				Attributes: map[string]schema.Attribute{
					"event": schema.StringAttribute{
						MarkdownDescription: "The job event: one of `" + strings.Join(vidispine.JobTriggerEvents, "`, `") + "`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(vidispine.JobTriggerEvents...)},
					},
					"job_type": schema.StringAttribute{
						MarkdownDescription: "Fire only for jobs of this type, e.g. `TRANSCODE`.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"job_data": schema.SingleNestedAttribute{
						MarkdownDescription: "Fire only for jobs whose job data holds this key with this value.",
						Optional:            true,
						Attributes: map[string]schema.Attribute{
							"key": schema.StringAttribute{
								MarkdownDescription: "Job-data key, e.g. `itemId`.",
								Required:            true,
								Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
							},
							"value": schema.StringAttribute{
								MarkdownDescription: "Value the key must have.",
								Required:            true,
							},
						},
					},
				},
			},
			"http": schema.SingleNestedAttribute{
				MarkdownDescription: "Call a URL when the notification fires. Exactly one of `http` and `javascript` must be set.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"url": schema.StringAttribute{
						MarkdownDescription: "URL to call, `http://` or `https://`.",
						Required:            true,
						Validators: []validator.String{stringvalidator.RegexMatches(notificationURLPattern,
							"must be an http:// or https:// URL")},
					},
					"method": schema.StringAttribute{
						MarkdownDescription: "HTTP method: one of `" + strings.Join(notificationHTTPMethods, "`, `") +
							"`. Defaults to `GET`, the server's default.",
						Optional:   true,
						Computed:   true,
						Default:    stringdefault.StaticString(defaultNotificationMethod),
						Validators: []validator.String{stringvalidator.OneOf(notificationHTTPMethods...)},
					},
					"content_type": schema.StringAttribute{
						MarkdownDescription: "Format of the job document sent: one of `" +
							strings.Join(notificationContentTypes, "`, `") + "`. The server's default when unset.",
						Optional:   true,
						Validators: []validator.String{stringvalidator.OneOf(notificationContentTypes...)},
					},
					"timeout": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("Seconds to wait for the URL to answer, 1 to %d. The server's "+
							"default when unset.", notificationTimeoutMaxSecond),
						Optional:   true,
						Validators: []validator.Int64{int64validator.Between(1, notificationTimeoutMaxSecond)},
					},
					"synchronous": schema.BoolAttribute{
						MarkdownDescription: "Whether the job waits for the call to finish. Defaults to `false`.",
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(false),
					},
					"retry": schema.Int64Attribute{
						MarkdownDescription: "How often a failed call is retried, 0 to 100. The server's default when unset.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.Between(0, 100)},
					},
				},
			},
			"javascript": schema.SingleNestedAttribute{
				MarkdownDescription: "Run a JavaScript on the server when the notification fires. Exactly one of " +
					"`http` and `javascript` must be set.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"script": schema.StringAttribute{
						MarkdownDescription: "The script's source.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				},
			},
		},
	}
}

func (r *jobNotificationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("http"), path.MatchRoot("javascript")),
	}
}

func (r *jobNotificationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// document builds the NotificationDocument from the plan, sending only what is set.
func (m *jobNotificationResourceModel) document() vidispine.Notification {
	var n vidispine.Notification
	t := &vidispine.JobTrigger{Event: m.Trigger.Event.ValueString()}
	if !m.Trigger.JobType.IsNull() || m.Trigger.JobData != nil {
		t.Filter = &vidispine.JobTriggerFilter{Type: m.Trigger.JobType.ValueString()}
		if jd := m.Trigger.JobData; jd != nil {
			t.Filter.JobData = &vidispine.JobDataFilter{Key: jd.Key.ValueString(), Value: jd.Value.ValueString()}
		}
	}
	n.Trigger.Job = t
	switch {
	case m.HTTP != nil:
		h := &vidispine.HTTPAction{
			URL:         m.HTTP.URL.ValueString(),
			Method:      m.HTTP.Method.ValueString(),
			ContentType: m.HTTP.ContentType.ValueString(),
			Synchronous: m.HTTP.Synchronous.ValueBool(),
		}
		if !m.HTTP.Timeout.IsNull() {
			h.Timeout = strconv.FormatInt(m.HTTP.Timeout.ValueInt64(), 10)
		}
		if !m.HTTP.Retry.IsNull() {
			retry := int(m.HTTP.Retry.ValueInt64())
			h.Retry = &retry
		}
		n.Action.HTTP = h
	case m.JavaScript != nil:
		n.Action.JavaScript = &vidispine.JavaScriptAction{Script: m.JavaScript.Script.ValueString()}
	}
	return n
}

// fromDocument sets every attribute from the server's document. It fails for documents this
// resource cannot represent (another trigger or action kind).
func (m *jobNotificationResourceModel) fromDocument(n *vidispine.Notification) error {
	if n.Trigger.Job == nil {
		return fmt.Errorf("notification %s has no job trigger", n.ID)
	}
	if n.Action.HTTP == nil && n.Action.JavaScript == nil {
		return fmt.Errorf("notification %s has neither an http nor a javascript action (other kinds are not supported)", n.ID)
	}
	m.ID = types.StringValue(n.ID)
	t := n.Trigger.Job
	m.Trigger = &jobNotificationTriggerModel{Event: types.StringValue(t.Event), JobType: types.StringNull()}
	if f := t.Filter; f != nil {
		m.Trigger.JobType = optionalString(f.Type)
		if f.JobData != nil {
			m.Trigger.JobData = &jobNotificationJobDataModel{Key: types.StringValue(f.JobData.Key), Value: types.StringValue(f.JobData.Value)}
		}
	}
	m.HTTP, m.JavaScript = nil, nil
	if h := n.Action.HTTP; h != nil {
		method := h.Method
		if method == "" {
			method = defaultNotificationMethod
		}
		m.HTTP = &jobNotificationHTTPModel{
			URL:         types.StringValue(h.URL),
			Method:      types.StringValue(strings.ToUpper(method)),
			ContentType: optionalString(h.ContentType),
			Timeout:     types.Int64Null(),
			Synchronous: types.BoolValue(h.Synchronous),
			Retry:       types.Int64Null(),
		}
		// "none" (no timeout) and the empty string both mean: not set.
		if secs, err := strconv.ParseInt(h.Timeout, 10, 64); err == nil {
			m.HTTP.Timeout = types.Int64Value(secs)
		}
		if h.Retry != nil {
			m.HTTP.Retry = types.Int64Value(int64(*h.Retry))
		}
	}
	if js := n.Action.JavaScript; js != nil {
		m.JavaScript = &jobNotificationJavaScriptModel{Script: types.StringValue(js.Script)}
	}
	return nil
}

func (r *jobNotificationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan jobNotificationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	n, err := r.data.client.CreateNotification(ctx, plan.document())
	if err != nil {
		resp.Diagnostics.AddError("Could not create the job notification", err.Error())
		return
	}
	tflog.Info(ctx, "created job notification", map[string]any{"id": n.ID})
	plan.ID = types.StringValue(n.ID)
	if err := plan.fromDocument(n); err != nil {
		resp.Diagnostics.AddError("Unexpected job notification from the server", err.Error())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, jobNotificationIdentity{ID: plan.ID}, &resp.Diagnostics)
}

func (r *jobNotificationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state jobNotificationResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Terraform wants an identity even from a Read that removes the resource.
	setIdentity(ctx, resp.Identity, jobNotificationIdentity{ID: state.ID}, &resp.Diagnostics)
	id := state.ID.ValueString()
	n, err := r.data.client.GetNotification(ctx, id)
	if err != nil {
		if vidispine.IsNotFound(err) {
			tflog.Warn(ctx, "job notification no longer exists on the server; removing it from state", map[string]any{"id": id})
			resp.State.RemoveResource(ctx)
			return
		}
		resp.Diagnostics.AddError("Could not read job notification "+id, err.Error())
		return
	}
	if err := state.fromDocument(n); err != nil {
		resp.Diagnostics.AddError("Unsupported job notification", err.Error()+". Manage it outside Terraform.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *jobNotificationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state jobNotificationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	n, err := r.data.client.UpdateNotification(ctx, id, plan.document())
	if err != nil {
		resp.Diagnostics.AddError("Could not update job notification "+id, err.Error())
		return
	}
	if err := plan.fromDocument(n); err != nil {
		resp.Diagnostics.AddError("Unexpected job notification from the server", err.Error())
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, jobNotificationIdentity{ID: plan.ID}, &resp.Diagnostics)
}

func (r *jobNotificationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jobNotificationResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if err := r.data.client.DeleteNotification(ctx, id); err != nil && !vidispine.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not delete job notification "+id, err.Error())
	}
}

func (r *jobNotificationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := importID[jobNotificationIdentity](ctx, req, &resp.Diagnostics)
	id := strings.TrimSpace(given)
	if !siteIDPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Import a vidispine_job_notification by its id, %s; got %q.", siteIDHelp, given))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
