package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ datasource.DataSourceWithConfigure = (*jobNotificationsDataSource)(nil)

// NewJobNotificationsDataSource lists every job notification, expanded: JobHelper's
// getAllNotifications.
func NewJobNotificationsDataSource() datasource.DataSource { return &jobNotificationsDataSource{} }

type jobNotificationsDataSource struct {
	data *providerData
}

type jobNotificationsDataSourceModel struct {
	Notifications types.List `tfsdk:"notifications"`
}

var (
	notificationListJobDataAttrTypes = map[string]attr.Type{
		"key":         types.StringType,
		"value":       types.StringType,
		"key_regex":   types.StringType,
		"value_regex": types.StringType,
	}
	notificationListTriggerAttrTypes = map[string]attr.Type{
		"event":       types.StringType,
		"job_type":    types.StringType,
		"step":        types.Int64Type,
		"placeholder": types.BoolType,
		"jobdata":     types.ObjectType{AttrTypes: notificationListJobDataAttrTypes},
	}
	notificationListHTTPAttrTypes = map[string]attr.Type{
		"url":          types.StringType,
		"method":       types.StringType,
		"content_type": types.StringType,
		"timeout":      types.StringType,
		"synchronous":  types.BoolType,
		"retry":        types.Int64Type,
	}
	notificationListJavaScriptAttrTypes = map[string]attr.Type{
		"script":      types.StringType,
		"synchronous": types.BoolType,
		"retry":       types.Int64Type,
	}
	notificationListAttrTypes = map[string]attr.Type{
		"id":         types.StringType,
		"trigger":    types.ObjectType{AttrTypes: notificationListTriggerAttrTypes},
		"http":       types.ObjectType{AttrTypes: notificationListHTTPAttrTypes},
		"javascript": types.ObjectType{AttrTypes: notificationListJavaScriptAttrTypes},
	}
)

func (d *jobNotificationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_notifications"
}

func (d *jobNotificationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	synchronous := schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job waits for the action to complete."}
	retry := schema.Int64Attribute{Computed: true, MarkdownDescription: "How often a failed action is retried; null when the server reports none."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every job notification with its trigger and action, fully expanded " +
			"(`GET /API/job/notification`, then each notification): the equivalent of JobHelper's " +
			"`getAllNotifications`. Notifications with an action other than `http` or `javascript` list both as null.",
		Attributes: map[string]schema.Attribute{
			"notifications": schema.ListNestedAttribute{
				MarkdownDescription: "The job notifications, in the server's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id": str("Id of the notification, e.g. `VX-12`."),
					"trigger": schema.SingleNestedAttribute{
						MarkdownDescription: "What fires the notification.",
						Computed:            true,
						Attributes: map[string]schema.Attribute{
							"event":       str("Job event: `create`, `update`, `stop`, `finished` or `fail`."),
							"job_type":    str("Only jobs of this type fire it; null for all types."),
							"step":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Only this step of a job fires it; null for all steps."},
							"placeholder": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it fires for placeholder jobs; null when not set."},
							"jobdata": schema.SingleNestedAttribute{
								MarkdownDescription: "Only jobs with this job-data key and value fire it; null for all.",
								Computed:            true,
								Attributes: map[string]schema.Attribute{
									"key":         str("Job-data key; null when `key_regex` is used."),
									"value":       str("Job-data value; null when any value, or `value_regex`, matches."),
									"key_regex":   str("Regular expression the key matches."),
									"value_regex": str("Regular expression the value matches."),
								},
							},
						},
					},
					"http": schema.SingleNestedAttribute{
						MarkdownDescription: "The HTTP call made when it fires; null for other actions.",
						Computed:            true,
						Attributes: map[string]schema.Attribute{
							"url":          str("URL called."),
							"method":       str("HTTP method, e.g. `POST`."),
							"content_type": str("Content type of the body sent."),
							"timeout":      str("Timeout in seconds, or `none`."),
							"synchronous":  synchronous,
							"retry":        retry,
						},
					},
					"javascript": schema.SingleNestedAttribute{
						MarkdownDescription: "The script run when it fires; null for other actions.",
						Computed:            true,
						Attributes: map[string]schema.Attribute{
							"script":      str("JavaScript source."),
							"synchronous": synchronous,
							"retry":       retry,
						},
					},
				}},
			},
		},
	}
}

func (d *jobNotificationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// Read costs GET /API/job/notification and one GET /API/job/notification/{id} per notification
// (up to 8 at a time).
func (d *jobNotificationsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	list, err := d.data.client.ListNotificationsExpanded(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not list job notifications", err.Error())
		return
	}
	elems := make([]attr.Value, 0, len(list))
	for i := range list {
		elems = append(elems, notificationListEntry(&list[i]))
	}
	model := jobNotificationsDataSourceModel{
		Notifications: types.ListValueMust(types.ObjectType{AttrTypes: notificationListAttrTypes}, elems),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

func notificationListEntry(n *vidispine.Notification) attr.Value {
	trigger := types.ObjectNull(notificationListTriggerAttrTypes)
	if t := n.Trigger.Job; t != nil {
		jobType, step, jobData := types.StringNull(), types.Int64Null(), types.ObjectNull(notificationListJobDataAttrTypes)
		if f := t.Filter; f != nil {
			jobType, step = optionalString(f.Type), int64Value(f.Step)
			if jd := f.JobData; jd != nil {
				jobData = types.ObjectValueMust(notificationListJobDataAttrTypes, map[string]attr.Value{
					"key":         types.StringPointerValue(jd.Key),
					"value":       types.StringPointerValue(jd.Value),
					"key_regex":   types.StringPointerValue(jd.KeyRegex),
					"value_regex": types.StringPointerValue(jd.ValueRegex),
				})
			}
		}
		trigger = types.ObjectValueMust(notificationListTriggerAttrTypes, map[string]attr.Value{
			"event":       types.StringValue(t.Event),
			"job_type":    jobType,
			"step":        step,
			"placeholder": types.BoolPointerValue(t.Placeholder),
			"jobdata":     jobData,
		})
	}
	httpAction := types.ObjectNull(notificationListHTTPAttrTypes)
	if h := n.Action.HTTP; h != nil {
		httpAction = types.ObjectValueMust(notificationListHTTPAttrTypes, map[string]attr.Value{
			"url":          types.StringValue(h.URL),
			"method":       optionalString(h.Method),
			"content_type": optionalString(h.ContentType),
			"timeout":      optionalString(h.Timeout),
			"synchronous":  types.BoolValue(h.Synchronous),
			"retry":        int64Value(h.Retry),
		})
	}
	jsAction := types.ObjectNull(notificationListJavaScriptAttrTypes)
	if js := n.Action.JavaScript; js != nil {
		jsAction = types.ObjectValueMust(notificationListJavaScriptAttrTypes, map[string]attr.Value{
			"script":      types.StringValue(js.Script),
			"synchronous": types.BoolValue(js.Synchronous),
			"retry":       int64Value(js.Retry),
		})
	}
	return types.ObjectValueMust(notificationListAttrTypes, map[string]attr.Value{
		"id":         types.StringValue(n.ID),
		"trigger":    trigger,
		"http":       httpAction,
		"javascript": jsAction,
	})
}
