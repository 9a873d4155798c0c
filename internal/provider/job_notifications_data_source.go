package provider

import (
	"context"
	"maps"

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
	notificationListSQSAttrTypes = withAttrTypes(notificationListAWSAttrTypes(), map[string]attr.Type{
		"queue": types.StringType, "message_group_id": types.StringType,
	})
	notificationListSNSAttrTypes = withAttrTypes(notificationListAWSAttrTypes(), map[string]attr.Type{
		"topic": types.StringType,
	})
	notificationListJMSAttrTypes = map[string]attr.Type{
		"queue_factory": types.StringType, "queue": types.StringType, "content_type": types.StringType,
		"username": types.StringType, "password_set": types.BoolType, "synchronous": types.BoolType, "retry": types.Int64Type,
	}
	notificationListEJBAttrTypes = map[string]attr.Type{
		"bean": types.StringType, "method": types.StringType, "synchronous": types.BoolType, "retry": types.Int64Type,
	}
	notificationListAttrTypes = map[string]attr.Type{
		"id":         types.StringType,
		"trigger":    types.ObjectType{AttrTypes: notificationListTriggerAttrTypes},
		"http":       types.ObjectType{AttrTypes: notificationListHTTPAttrTypes},
		"javascript": types.ObjectType{AttrTypes: notificationListJavaScriptAttrTypes},
		"sqs":        types.ObjectType{AttrTypes: notificationListSQSAttrTypes},
		"sns":        types.ObjectType{AttrTypes: notificationListSNSAttrTypes},
		"jms":        types.ObjectType{AttrTypes: notificationListJMSAttrTypes},
		"ejb":        types.ObjectType{AttrTypes: notificationListEJBAttrTypes},
	}
)

// notificationListAWSAttrTypes are the members the sqs and sns actions share.
func notificationListAWSAttrTypes() map[string]attr.Type {
	return map[string]attr.Type{
		"endpoint": types.StringType, "content_type": types.StringType, "access_key": types.StringType,
		"secret_set": types.BoolType, "role_arn": types.StringType, "role_session_name": types.StringType,
		"role_external_id": types.StringType, "synchronous": types.BoolType, "retry": types.Int64Type,
	}
}

// withAttrTypes adds more to m and returns m.
func withAttrTypes(m, more map[string]attr.Type) map[string]attr.Type {
	maps.Copy(m, more)
	return m
}

func (d *jobNotificationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_notifications"
}

func (d *jobNotificationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	synchronous := schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the job waits for the action to complete."}
	retry := schema.Int64Attribute{Computed: true, MarkdownDescription: "How often a failed action is retried; null when the server reports none."}
	// What the sqs and sns actions share.
	aws := func(attrs map[string]schema.Attribute) map[string]schema.Attribute {
		maps.Copy(attrs, map[string]schema.Attribute{
			"endpoint":          str("The AWS endpoint; null for the server's choice."),
			"content_type":      str("Content type of the message sent."),
			"access_key":        str("AWS access key id; null when the server sends by role or its own credentials."),
			"secret_set":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the server holds a secret access key (never shown)."},
			"role_arn":          str("ARN of the IAM role the server assumes."),
			"role_session_name": str("Session name used with `role_arn`."),
			"role_external_id":  str("External id used with `role_arn`."),
			"synchronous":       synchronous,
			"retry":             retry,
		})
		return attrs
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every job notification with its trigger and action, fully expanded " +
			"(`GET /API/job/notification`, then each notification): the equivalent of JobHelper's " +
			"`getAllNotifications`. Of the actions (`http`, `javascript`, `sqs`, `sns`, `jms`, `ejb`) the one the " +
			"notification has is set, the others are null. Secrets are never shown: `secret_set` and `password_set` " +
			"say whether the server holds one.",
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
					"sqs": schema.SingleNestedAttribute{
						MarkdownDescription: "The Amazon SQS queue sent to when it fires; null for other actions.",
						Computed:            true,
						Attributes: aws(map[string]schema.Attribute{
							"queue":            str("URL of the queue."),
							"message_group_id": str("Message group of a FIFO queue's messages."),
						}),
					},
					"sns": schema.SingleNestedAttribute{
						MarkdownDescription: "The Amazon SNS topic published to when it fires; null for other actions.",
						Computed:            true,
						Attributes:          aws(map[string]schema.Attribute{"topic": str("ARN of the topic.")}),
					},
					"jms": schema.SingleNestedAttribute{
						MarkdownDescription: "The JMS queue sent to when it fires; null for other actions.",
						Computed:            true,
						Attributes: map[string]schema.Attribute{
							"queue_factory": str("JNDI name of the queue connection factory."),
							"queue":         str("JNDI name of the queue."),
							"content_type":  str("Content type of the message sent."),
							"username":      str("User the server connects to the broker as."),
							"password_set":  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the server holds a password (never shown)."},
							"synchronous":   synchronous,
							"retry":         retry,
						},
					},
					"ejb": schema.SingleNestedAttribute{
						MarkdownDescription: "The Enterprise Java Bean called when it fires; null for other actions.",
						Computed:            true,
						Attributes: map[string]schema.Attribute{
							"bean":        str("JNDI name of the bean."),
							"method":      str("Method called."),
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
	sqs, sns := types.ObjectNull(notificationListSQSAttrTypes), types.ObjectNull(notificationListSNSAttrTypes)
	if q := n.Action.SQS; q != nil {
		sqs = types.ObjectValueMust(notificationListSQSAttrTypes, awsListEntry(q.ActionCommon, q.AWSAccess, map[string]attr.Value{
			"queue": types.StringValue(q.Queue), "message_group_id": optionalString(q.MessageGroupID),
		}))
	}
	if a := n.Action.SNS; a != nil {
		sns = types.ObjectValueMust(notificationListSNSAttrTypes, awsListEntry(a.ActionCommon, a.AWSAccess, map[string]attr.Value{
			"topic": types.StringValue(a.Topic),
		}))
	}
	jms := types.ObjectNull(notificationListJMSAttrTypes)
	if j := n.Action.JMS; j != nil {
		jms = types.ObjectValueMust(notificationListJMSAttrTypes, map[string]attr.Value{
			"queue_factory": types.StringValue(j.QueueFactory), "queue": types.StringValue(j.Queue),
			"content_type": optionalString(j.ContentType), "username": optionalString(j.Username),
			"password_set": types.BoolValue(j.Password != ""), "synchronous": types.BoolValue(j.Synchronous),
			"retry": int64Value(j.Retry),
		})
	}
	ejb := types.ObjectNull(notificationListEJBAttrTypes)
	if e := n.Action.EJB; e != nil {
		ejb = types.ObjectValueMust(notificationListEJBAttrTypes, map[string]attr.Value{
			"bean": types.StringValue(e.Bean), "method": types.StringValue(e.Method),
			"synchronous": types.BoolValue(e.Synchronous), "retry": int64Value(e.Retry),
		})
	}
	return types.ObjectValueMust(notificationListAttrTypes, map[string]attr.Value{
		"id":         types.StringValue(n.ID),
		"trigger":    trigger,
		"http":       httpAction,
		"javascript": jsAction,
		"sqs":        sqs,
		"sns":        sns,
		"jms":        jms,
		"ejb":        ejb,
	})
}

// awsListEntry adds the members the sqs and sns actions share to own; the secret only as
// secret_set.
func awsListEntry(c vidispine.ActionCommon, a vidispine.AWSAccess, own map[string]attr.Value) map[string]attr.Value {
	maps.Copy(own, map[string]attr.Value{
		"endpoint": optionalString(a.Endpoint), "content_type": optionalString(a.ContentType),
		"access_key": optionalString(a.AccessKey), "secret_set": types.BoolValue(a.Secret != ""),
		"role_arn": optionalString(a.RoleArn), "role_session_name": optionalString(a.RoleSessionName),
		"role_external_id": optionalString(a.RoleExternalID), "synchronous": types.BoolValue(c.Synchronous),
		"retry": int64Value(c.Retry),
	})
	return own
}
