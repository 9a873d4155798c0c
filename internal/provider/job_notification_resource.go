package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var (
	_ resource.ResourceWithConfigure        = (*jobNotificationResource)(nil)
	_ resource.ResourceWithImportState      = (*jobNotificationResource)(nil)
	_ resource.ResourceWithConfigValidators = (*jobNotificationResource)(nil)
	_ resource.ResourceWithIdentity         = (*jobNotificationResource)(nil)
	_ resource.ResourceWithMoveState        = (*jobNotificationResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*jobNotificationResource)(nil)
)

// Values the http action accepts; the server fills method GET when none is sent.
var (
	notificationHTTPMethods      = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	notificationContentTypes     = []string{"application/json", "application/xml", "text/plain"}
	notificationURLPattern       = regexp.MustCompile(`^https?://[^\s/]+\S*$`)
	defaultNotificationMethod    = "GET"
	notificationTimeoutMaxSecond = int64(86400)
	// defaultNotificationTimeout is sent when a new http action has no timeout: the
	// specification requires one, and a server may refuse the document without it.
	defaultNotificationTimeout = int64(60)
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
	Event          types.String                 `tfsdk:"event"`
	JobType        types.String                 `tfsdk:"job_type"`
	Step           types.Int64                  `tfsdk:"step"`
	JobData        *jobNotificationJobDataModel `tfsdk:"job_data"`
	ContentFilters types.Set                    `tfsdk:"content_filters"`
}

type jobNotificationJobDataModel struct {
	Key        types.String `tfsdk:"key"`
	Value      types.String `tfsdk:"value"`
	KeyRegex   types.String `tfsdk:"key_regex"`
	ValueRegex types.String `tfsdk:"value_regex"`
}

type jobNotificationHTTPModel struct {
	URL         types.String `tfsdk:"url"`
	Method      types.String `tfsdk:"method"`
	ContentType types.String `tfsdk:"content_type"`
	Timeout     types.Int64  `tfsdk:"timeout"`
	Synchronous types.Bool   `tfsdk:"synchronous"`
	Retry       types.Int64  `tfsdk:"retry"`
	Extradata   types.String `tfsdk:"extradata"`
	Group       types.String `tfsdk:"group"`
}

type jobNotificationJavaScriptModel struct {
	Script      types.String `tfsdk:"script"`
	Synchronous types.Bool   `tfsdk:"synchronous"`
	Retry       types.Int64  `tfsdk:"retry"`
	Extradata   types.String `tfsdk:"extradata"`
	Group       types.String `tfsdk:"group"`
}

func (r *jobNotificationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_notification"
}

type jobNotificationIdentity struct {
	ID types.String `tfsdk:"id"`
}

func (i jobNotificationIdentity) importID() string { return i.ID.ValueString() }

func (r *jobNotificationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the notification, e.g. `VX-12`."},
		},
	}
}

// notificationActionAttributes are the attributes every kind of action has.
func notificationActionAttributes(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	attrs["synchronous"] = schema.BoolAttribute{
		MarkdownDescription: "Whether the job waits for the action to finish. `false` for a new notification when " +
			"unset; otherwise the server's value is kept.",
		Optional:      true,
		Computed:      true,
		PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseNonNullStateForUnknown()},
	}
	attrs["retry"] = schema.Int64Attribute{
		MarkdownDescription: "How often a failed action is retried, 0 to 100. The server's value when unset.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.Int64{int64validator.Between(0, 100)},
		PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseNonNullStateForUnknown()},
	}
	attrs["extradata"] = schema.StringAttribute{
		MarkdownDescription: "Extra data the server passes along when the action runs.",
		Optional:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["group"] = schema.StringAttribute{
		MarkdownDescription: "The action's notification group.",
		Optional:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	return attrs
}

func (r *jobNotificationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A job notification (`/API/job/notification`): when a job event happens, the server calls " +
			"a URL (`http`) or runs a script (`javascript`). The notification side of JobHelper's `getAllNotifications()`.\n\n" +
			"Changes are made in place: the provider reads the server's document, changes the attributes below and " +
			"writes it back (`PUT`), so what it does not manage survives an update: the trigger's `placeholder` and " +
			"`type`, and any member a newer server adds. Settings the server may fill in (`method`, `content_type`, " +
			"`timeout`, `synchronous`, `retry`) are adopted from the server when unset, and removing one from the " +
			"configuration keeps its current value. Notifications with another kind of action (`ejb`, `jms`, `sqs`) " +
			"cannot be managed here.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Id of the notification, e.g. `VX-12`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"trigger": schema.SingleNestedAttribute{
				MarkdownDescription: "Which job events fire the notification. The filters (`job_type`, `step`, `job_data`) " +
					"must all match.",
				Required: true,
				Attributes: map[string]schema.Attribute{
					"event": schema.StringAttribute{
						MarkdownDescription: "The job event: one of " + backtickList(vidispine.JobTriggerEvents) + ".",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(vidispine.JobTriggerEvents...)},
					},
					"job_type": schema.StringAttribute{
						MarkdownDescription: "Fire only for jobs of this type, e.g. `TRANSCODE`.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"step": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("Fire only for this step of the job, 0 to %d.", maxServerInt),
						Optional:            true,
						Validators:          []validator.Int64{serverIntAtLeast(0)},
					},
					"job_data": schema.SingleNestedAttribute{
						MarkdownDescription: "Fire only for jobs whose job data holds a key (`key`, or one matching " +
							"`key_regex`) with a value (`value`, or one matching `value_regex`; any value when both are unset). " +
							"The regular expressions are evaluated by the server (Java syntax).",
						Optional: true,
						Attributes: map[string]schema.Attribute{
							"key": schema.StringAttribute{
								MarkdownDescription: "Job-data key, e.g. `itemId`. At most one of `key` and `key_regex` may be set.",
								Optional:            true,
								Validators: []validator.String{
									stringvalidator.LengthAtLeast(1),
									stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("key_regex")),
								},
							},
							"key_regex": schema.StringAttribute{
								MarkdownDescription: "Regular expression the job-data key must match.",
								Optional:            true,
								Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
							},
							"value": schema.StringAttribute{
								MarkdownDescription: "Value the key must have. At most one of `value` and `value_regex` may be set.",
								Optional:            true,
								Validators: []validator.String{
									stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("value_regex")),
								},
							},
							"value_regex": schema.StringAttribute{
								MarkdownDescription: "Regular expression the value must match.",
								Optional:            true,
								Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
							},
						},
					},
					"content_filters": schema.SetAttribute{
						MarkdownDescription: "The job fields the notification sends (the API's `contentFilters`): any of " +
							backtickList(vidispine.JobTriggerContentFilters) + ".",
						ElementType: types.StringType,
						Optional:    true,
						Validators: []validator.Set{
							setvalidator.SizeAtLeast(1),
							setvalidator.ValueStringsAre(stringvalidator.OneOf(vidispine.JobTriggerContentFilters...)),
						},
					},
				},
			},
			"http": schema.SingleNestedAttribute{
				MarkdownDescription: "Call a URL when the notification fires. Exactly one of `http` and `javascript` must be set.",
				Optional:            true,
				Attributes: notificationActionAttributes(map[string]schema.Attribute{
					"url": schema.StringAttribute{
						MarkdownDescription: "URL to call, `http://` or `https://`.",
						Required:            true,
						Validators: []validator.String{stringvalidator.RegexMatches(notificationURLPattern,
							"must be an http:// or https:// URL")},
					},
					"method": schema.StringAttribute{
						MarkdownDescription: "HTTP method: one of " + backtickList(notificationHTTPMethods) +
							". The server's value when unset (`GET` for a new notification).",
						Optional:      true,
						Computed:      true,
						Validators:    []validator.String{stringvalidator.OneOf(notificationHTTPMethods...)},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseNonNullStateForUnknown()},
					},
					"content_type": schema.StringAttribute{
						MarkdownDescription: "Format of the job document sent: one of " +
							backtickList(notificationContentTypes) + ". The server's value when unset.",
						Optional:      true,
						Computed:      true,
						Validators:    []validator.String{stringvalidator.OneOf(notificationContentTypes...)},
						PlanModifiers: []planmodifier.String{stringplanmodifier.UseNonNullStateForUnknown()},
					},
					"timeout": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("Seconds to wait for the URL to answer, 1 to %d. The server "+
							"requires a timeout: a new notification gets %d when unset; otherwise the server's value is "+
							"kept (null when the server has none).", notificationTimeoutMaxSecond, defaultNotificationTimeout),
						Optional:      true,
						Computed:      true,
						Validators:    []validator.Int64{int64validator.Between(1, notificationTimeoutMaxSecond)},
						PlanModifiers: []planmodifier.Int64{int64planmodifier.UseNonNullStateForUnknown()},
					},
				}),
			},
			"javascript": schema.SingleNestedAttribute{
				MarkdownDescription: "Run a JavaScript on the server when the notification fires. Exactly one of " +
					"`http` and `javascript` must be set.",
				Optional: true,
				Attributes: notificationActionAttributes(map[string]schema.Attribute{
					"script": schema.StringAttribute{
						MarkdownDescription: "The script's source. " + descScriptChecked,
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1), scriptValidator{}},
					},
				}),
			},
		},
	}
}

func (r *jobNotificationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("http"), path.MatchRoot("javascript")),
	}
}

// ModifyPlan checks a javascript action's script for the server's JavaScript engine
// (checkScriptForServerEngine: a request only for a script that one engine's language takes and
// the other's does not).
func (r *jobNotificationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.Plan.Raw.IsNull() {
		return
	}
	var script types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("javascript").AtName("script"), &script)...)
	checkScriptForServerEngine(ctx, r.data, path.Root("javascript").AtName("script"), script, &resp.Diagnostics)
}

func (r *jobNotificationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// newNotificationDocument is the document a new notification starts from: what the
// specification requires and the configuration may leave unset.
func newNotificationDocument() *vidispine.Notification {
	return &vidispine.Notification{Trigger: vidispine.NotificationTrigger{Job: &vidispine.JobTrigger{}}}
}

// applyTo writes the managed attributes into n, the server's current document (or a new one).
// Optional attributes that are null are removed; computed ones the plan does not know (left
// unset) keep the server's value. Everything else in n is left as it is.
func (m *jobNotificationResourceModel) applyTo(ctx context.Context, n *vidispine.Notification) diag.Diagnostics {
	var diags diag.Diagnostics
	t := n.Trigger.Job
	if t == nil {
		t = &vidispine.JobTrigger{}
		n.Trigger.Job = t
	}
	t.Event = m.Trigger.Event.ValueString()
	f := vidispine.JobTriggerFilter{Type: m.Trigger.JobType.ValueString(), Step: intPointer(m.Trigger.Step)}
	if jd := m.Trigger.JobData; jd != nil {
		f.JobData = &vidispine.JobDataFilter{Key: jd.Key.ValueStringPointer(), Value: jd.Value.ValueStringPointer(),
			KeyRegex: jd.KeyRegex.ValueStringPointer(), ValueRegex: jd.ValueRegex.ValueStringPointer()}
	}
	t.Filter = nil
	if f != (vidispine.JobTriggerFilter{}) {
		t.Filter = &f
	}
	t.ContentFilters = nil
	diags.Append(m.Trigger.ContentFilters.ElementsAs(ctx, &t.ContentFilters, true)...)

	switch {
	case m.HTTP != nil:
		h := n.Action.HTTP
		if h == nil {
			h = &vidispine.HTTPAction{}
		}
		n.Action = vidispine.NotificationAction{HTTP: h}
		h.URL = m.HTTP.URL.ValueString()
		keepUnlessKnown(m.HTTP.Method, &h.Method)
		keepUnlessKnown(m.HTTP.ContentType, &h.ContentType)
		if known(m.HTTP.Timeout) {
			h.Timeout = strconv.FormatInt(m.HTTP.Timeout.ValueInt64(), 10)
		} else if h.Timeout == "" {
			h.Timeout = strconv.FormatInt(defaultNotificationTimeout, 10)
		}
		applyActionCommon(m.HTTP.Synchronous, m.HTTP.Retry, m.HTTP.Extradata, m.HTTP.Group,
			&h.Synchronous, &h.Retry, &h.Extradata, &h.Group)
	case m.JavaScript != nil:
		js := n.Action.JavaScript
		if js == nil {
			js = &vidispine.JavaScriptAction{}
		}
		n.Action = vidispine.NotificationAction{JavaScript: js}
		js.Script = m.JavaScript.Script.ValueString()
		applyActionCommon(m.JavaScript.Synchronous, m.JavaScript.Retry, m.JavaScript.Extradata, m.JavaScript.Group,
			&js.Synchronous, &js.Retry, &js.Extradata, &js.Group)
	}
	return diags
}

// applyActionCommon writes the attributes every kind of action has.
func applyActionCommon(synchronous types.Bool, retry types.Int64, extradata, group types.String,
	dstSynchronous *bool, dstRetry **int, dstExtradata, dstGroup *string) {
	if known(synchronous) {
		*dstSynchronous = synchronous.ValueBool()
	}
	if known(retry) {
		*dstRetry = intPointer(retry)
	}
	*dstExtradata, *dstGroup = extradata.ValueString(), group.ValueString()
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
	m.Trigger = &jobNotificationTriggerModel{Event: types.StringValue(t.Event), JobType: types.StringNull(),
		Step: types.Int64Null(), ContentFilters: types.SetNull(types.StringType)}
	if f := t.Filter; f != nil {
		m.Trigger.JobType, m.Trigger.Step = optionalString(f.Type), int64Value(f.Step)
		if jd := f.JobData; jd != nil {
			m.Trigger.JobData = &jobNotificationJobDataModel{
				Key: types.StringPointerValue(jd.Key), Value: types.StringPointerValue(jd.Value),
				KeyRegex: types.StringPointerValue(jd.KeyRegex), ValueRegex: types.StringPointerValue(jd.ValueRegex),
			}
		}
	}
	if len(t.ContentFilters) > 0 {
		elems := make([]attr.Value, len(t.ContentFilters))
		for i, cf := range t.ContentFilters {
			elems[i] = types.StringValue(cf)
		}
		m.Trigger.ContentFilters = types.SetValueMust(types.StringType, elems)
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
			Retry:       int64Value(h.Retry),
			Extradata:   optionalString(h.Extradata),
			Group:       optionalString(h.Group),
		}
		// "none" (no timeout) and the empty string both mean: not set.
		if secs, err := strconv.ParseInt(h.Timeout, 10, 64); err == nil {
			m.HTTP.Timeout = types.Int64Value(secs)
		}
	}
	if js := n.Action.JavaScript; js != nil {
		m.JavaScript = &jobNotificationJavaScriptModel{
			Script:      types.StringValue(js.Script),
			Synchronous: types.BoolValue(js.Synchronous),
			Retry:       int64Value(js.Retry),
			Extradata:   optionalString(js.Extradata),
			Group:       optionalString(js.Group),
		}
	}
	return nil
}

// Create costs GET /API/job/notification (the ids before, to recognise the new one after a POST
// whose outcome is unknown), one POST /API/job/notification and one
// GET /API/job/notification/{id} (the stored document).
func (r *jobNotificationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan jobNotificationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	doc := newNotificationDocument()
	resp.Diagnostics.Append(plan.applyTo(ctx, doc)...)
	if resp.Diagnostics.HasError() {
		return
	}
	n, err := r.data.client.CreateNotification(ctx, *doc)
	if err != nil {
		resp.Diagnostics.AddError("Could not create the job notification", err.Error())
		return
	}
	tflog.Info(ctx, "created job notification", map[string]any{"id": n.ID})
	plan.ID = types.StringValue(n.ID)
	plan.storeWritten(ctx, n, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Read costs one GET /API/job/notification/{id}.
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
		resp.Diagnostics.Append(notificationReadError(id, err)...)
		return
	}
	if err := state.fromDocument(n); err != nil {
		resp.Diagnostics.AddError("Unsupported job notification", err.Error()+". Manage it outside Terraform.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update costs GET /API/job/notification/{id} and PUT /API/job/notification/{id} of the whole
// document with the managed attributes changed, so what the resource does not manage survives.
func (r *jobNotificationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state jobNotificationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	// Start from the server's document so that what the resource does not manage survives.
	doc, err := r.data.client.GetNotification(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Could not read job notification "+id+" before updating it", err.Error())
		return
	}
	resp.Diagnostics.Append(plan.applyTo(ctx, doc)...)
	if resp.Diagnostics.HasError() {
		return
	}
	n, err := r.data.client.UpdateNotification(ctx, id, *doc)
	if err != nil {
		resp.Diagnostics.AddError("Could not update job notification "+id, err.Error())
		return
	}
	plan.storeWritten(ctx, n, &resp.State, resp.Identity, &resp.Diagnostics)
}

// storeWritten records n, the document as the server stored it after a create or update, in
// state and identity. A document the resource cannot represent is an error, but m is stored
// all the same: the write happened.
func (m *jobNotificationResourceModel) storeWritten(ctx context.Context, n *vidispine.Notification, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if err := m.fromDocument(n); err != nil {
		diags.AddError("Unexpected job notification from the server", err.Error())
	}
	diags.Append(state.Set(ctx, m)...)
	setIdentity(ctx, identity, jobNotificationIdentity{ID: m.ID}, diags)
}

// Delete costs one DELETE /API/job/notification/{id}; a notification already gone counts as
// deleted.
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

// ImportState accepts a notification id ("VX-12") or the identity { id }. It sends no request:
// the Read that follows reads the notification.
func (r *jobNotificationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := importID[jobNotificationIdentity](ctx, req, &resp.Diagnostics)
	id := strings.TrimSpace(given)
	if !siteIDPattern.MatchString(id) {
		addInvalidImportID(&resp.Diagnostics, fmt.Sprintf("Import a vidispine_job_notification by its id, %s; got %q.", siteIDHelp, given))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// MoveState takes over a restapi_object that reads a job notification under /API/job/notification.
// The restapi_object is recognised by the code shared with the other resources that take
// restapi objects over (restapi_move.go); this resource's own part is the function below: what
// it requires of the recognised object and which attributes it sets.
func (r *jobNotificationResource) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{restapiMover("vidispine_job_notification", restapiJobNotification,
		func(ctx context.Context, o *restapiObject, state *tfsdk.State) diag.Diagnostics {
			var diags diag.Diagnostics
			if !siteIDPattern.MatchString(o.notification) {
				addCannotMove(&diags, "vidispine_job_notification", fmt.Sprintf(
					"The restapi_object reads a job notification at %q, but %q is not a notification id (%s).",
					o.readPath, o.notification, siteIDHelp))
				return diags
			}
			diags.Append(state.SetAttribute(ctx, path.Root("id"), o.notification)...)
			return diags
		})}
}
