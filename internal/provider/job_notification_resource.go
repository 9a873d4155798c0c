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
	_ resource.ResourceWithValidateConfig   = (*jobNotificationResource)(nil)
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

	// notificationActionKinds are the action attributes, exactly one of which is set.
	notificationActionKinds = []string{"http", "javascript", "sqs", "sns", "jms", "ejb"}
	// An IAM role ARN, an SNS topic ARN (any partition: aws, aws-cn, aws-us-gov, …) and an SQS
	// queue URL (https://sqs.eu-west-1.amazonaws.com/123456789012/jobs; any host, for SQS
	// look-alikes such as LocalStack or ElasticMQ), whose last segment is the queue's name.
	roleARNPattern  = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$`)
	topicARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$`)
	queueURLPattern = regexp.MustCompile(`^https?://[^\s/]+/(\S*/)?[A-Za-z0-9_-]{1,75}(\.fifo)?$`)
)

// exactlyOneAction ends the description of each action attribute.
var exactlyOneAction = "Exactly one of " + backtickList(notificationActionKinds) + " must be set."

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
	SQS        *jobNotificationSQSModel        `tfsdk:"sqs"`
	SNS        *jobNotificationSNSModel        `tfsdk:"sns"`
	JMS        *jobNotificationJMSModel        `tfsdk:"jms"`
	EJB        *jobNotificationEJBModel        `tfsdk:"ejb"`
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

// notificationActionCommonModel is what every kind of action has.
type notificationActionCommonModel struct {
	Synchronous types.Bool   `tfsdk:"synchronous"`
	Retry       types.Int64  `tfsdk:"retry"`
	Extradata   types.String `tfsdk:"extradata"`
	Group       types.String `tfsdk:"group"`
}

type jobNotificationHTTPModel struct {
	notificationActionCommonModel
	URL         types.String `tfsdk:"url"`
	Method      types.String `tfsdk:"method"`
	ContentType types.String `tfsdk:"content_type"`
	Timeout     types.Int64  `tfsdk:"timeout"`
}

type jobNotificationJavaScriptModel struct {
	notificationActionCommonModel
	Script types.String `tfsdk:"script"`
}

// notificationSecretModel is a secret the provider sends but never reads back: a Sensitive
// attribute (stored in state), or a write-only one with a version whose change sends it.
// Named secret or password after the action's member.
type notificationSecretModel struct {
	Value     types.String // secret / password
	WriteOnly types.String // secret_wo / password_wo
	Version   types.Int64  // secret_wo_version / password_wo_version
}

// notificationAWSModel is what the sqs and sns actions share: where and how they authenticate.
type notificationAWSModel struct {
	Endpoint        types.String `tfsdk:"endpoint"`
	ContentType     types.String `tfsdk:"content_type"`
	AccessKey       types.String `tfsdk:"access_key"`
	Secret          types.String `tfsdk:"secret"`
	SecretWO        types.String `tfsdk:"secret_wo"`
	SecretWOVersion types.Int64  `tfsdk:"secret_wo_version"`
	RoleArn         types.String `tfsdk:"role_arn"`
	RoleSessionName types.String `tfsdk:"role_session_name"`
	RoleExternalID  types.String `tfsdk:"role_external_id"`
}

func (a *notificationAWSModel) secret() notificationSecretModel {
	return notificationSecretModel{a.Secret, a.SecretWO, a.SecretWOVersion}
}

type jobNotificationSQSModel struct {
	notificationActionCommonModel
	notificationAWSModel
	Queue          types.String `tfsdk:"queue"`
	MessageGroupID types.String `tfsdk:"message_group_id"`
}

type jobNotificationSNSModel struct {
	notificationActionCommonModel
	notificationAWSModel
	Topic types.String `tfsdk:"topic"`
}

type jobNotificationJMSModel struct {
	notificationActionCommonModel
	QueueFactory      types.String `tfsdk:"queue_factory"`
	Queue             types.String `tfsdk:"queue"`
	ContentType       types.String `tfsdk:"content_type"`
	Username          types.String `tfsdk:"username"`
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

func (j *jobNotificationJMSModel) secret() notificationSecretModel {
	return notificationSecretModel{j.Password, j.PasswordWO, j.PasswordWOVersion}
}

type jobNotificationEJBModel struct {
	notificationActionCommonModel
	Bean   types.String `tfsdk:"bean"`
	Method types.String `tfsdk:"method"`
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

// notificationSecretAttributes adds the attributes of the secret member name (secret, password)
// of the action attribute action, which belongs to the attribute needs (access_key, username):
// the Sensitive name, the write-only name_wo and its name_wo_version.
func notificationSecretAttributes(attrs map[string]schema.Attribute, action, name, what, needs string) map[string]schema.Attribute {
	sibling := func(n string) path.Expression { return path.MatchRelative().AtParent().AtName(n) }
	kept := fmt.Sprintf(" When neither `%[1]s` nor `%[1]s_wo` is set, an update keeps the %[2]s the server holds; "+
		"the provider never reads it back. Removing `%[3]s` removes the %[2]s too.", name, what, needs)
	attrs[name+"_wo"] = schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("The %[2]s for `%[3]s`, write-only (Terraform and OpenTofu 1.11 and later): "+
			"sent to the server, never stored in plan or state. It is sent when the notification is created and "+
			"whenever `%[1]s_wo_version` changes: change the version to send a new %[2]s. Use it rather than `%[1]s` "+
			"wherever the CLI supports it.", name, what, needs) + kept,
		Optional:  true,
		WriteOnly: true,
		Sensitive: true,
		Validators: []validator.String{
			stringvalidator.LengthAtLeast(1),
			stringvalidator.AlsoRequires(sibling(name+"_wo_version"), sibling(needs)),
		},
	}
	attrs[name+"_wo_version"] = schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("Version of `%[1]s_wo`, set with it: a change (e.g. 1 to 2) sends the "+
			"configured `%[1]s_wo` to the server.", name),
		Optional:   true,
		Validators: []validator.Int64{int64validator.AlsoRequires(sibling(name + "_wo"))},
	}
	attrs[name] = schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("The %[2]s for `%[3]s`, for CLIs without write-only attributes "+
			"(Terraform and OpenTofu before 1.11). Sensitive: hidden in plan output, but **stored in state in plain "+
			"text**; use `%[1]s_wo` where the CLI supports it. Sent with every create and update.", name, what, needs) + kept,
		Optional:  true,
		Sensitive: true,
		Validators: []validator.String{
			stringvalidator.LengthAtLeast(1),
			stringvalidator.ConflictsWith(sibling(name+"_wo"), sibling(name+"_wo_version")),
			stringvalidator.AlsoRequires(sibling(needs)),
			// This validator takes no relative path.
			stringvalidator.PreferWriteOnlyAttribute(path.MatchRoot(action).AtName(name + "_wo")),
		},
	}
	return attrs
}

// notificationAWSAttributes adds what the sqs and sns actions share.
func notificationAWSAttributes(attrs map[string]schema.Attribute, service string) map[string]schema.Attribute {
	attrs["endpoint"] = schema.StringAttribute{
		MarkdownDescription: "The " + service + " endpoint, e.g. `" + strings.ToLower(service) +
			".eu-west-1.amazonaws.com`. The server's choice when unset.",
		Optional:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["content_type"] = notificationContentTypeAttribute()
	attrs["access_key"] = schema.StringAttribute{
		MarkdownDescription: "AWS access key id the server sends with, together with `secret_wo` (or `secret`). " +
			"Unset for a server that authenticates by `role_arn` or by its own AWS credentials.",
		Optional:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["role_arn"] = schema.StringAttribute{
		MarkdownDescription: "ARN of an IAM role the server assumes to send, e.g. " +
			"`arn:aws:iam::123456789012:role/vidispine-notify`. Needs no secret.",
		Optional: true,
		Validators: []validator.String{stringvalidator.RegexMatches(roleARNPattern,
			"must be an IAM role ARN, e.g. arn:aws:iam::123456789012:role/vidispine-notify")},
	}
	attrs["role_session_name"] = schema.StringAttribute{
		MarkdownDescription: "Session name used when assuming `role_arn`.",
		Optional:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("role_arn"))},
	}
	attrs["role_external_id"] = schema.StringAttribute{
		MarkdownDescription: "External id required by the trust policy of `role_arn`.",
		Optional:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("role_arn"))},
	}
	return notificationSecretAttributes(attrs, strings.ToLower(service), "secret", "AWS secret access key", "access_key")
}

// notificationContentTypeAttribute is the format of the job document an action sends.
func notificationContentTypeAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Format of the job document sent: one of " +
			backtickList(notificationContentTypes) + ". The server's value when unset.",
		Optional:      true,
		Computed:      true,
		Validators:    []validator.String{stringvalidator.OneOf(notificationContentTypes...)},
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseNonNullStateForUnknown()},
	}
}

func (r *jobNotificationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A job notification (`/API/job/notification`): when a job event happens, the server calls " +
			"a URL (`http`), runs a script (`javascript`), sends a message to an Amazon SQS queue (`sqs`), an Amazon " +
			"SNS topic (`sns`) or a JMS queue (`jms`), or calls an Enterprise Java Bean (`ejb`). The notification side of JobHelper's `getAllNotifications()`.\n\n" +
			"Changes are made in place: the provider reads the server's document, changes the attributes below and " +
			"writes it back (`PUT`), so what it does not manage survives an update: the trigger's `placeholder` and " +
			"`type`, and any member a newer server adds. Settings the server may fill in (`method`, `content_type`, " +
			"`timeout`, `synchronous`, `retry`) are adopted from the server when unset, and removing one from the " +
			"configuration keeps its current value.\n\n" +
			"Secrets (`sqs.secret`, `sns.secret`, `jms.password`) are sent, never read back: the server returns them, " +
			"but the provider keeps them out of state, plan and logs. With Terraform or OpenTofu 1.11 and later set " +
			"the write-only `secret_wo` / `password_wo` with a `*_wo_version` number, and change the number to send a " +
			"new secret; nothing of the secret is stored. Older CLIs can use the Sensitive `secret` / `password` " +
			"instead, which is stored in state in plain text. An update that sets neither keeps the secret the " +
			"server holds, so an imported notification keeps its secret.\n\n" + notificationAdoptionDoc,
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
				MarkdownDescription: "Call a URL when the notification fires. " + exactlyOneAction,
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
					"content_type": notificationContentTypeAttribute(),
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
				MarkdownDescription: "Run a JavaScript on the server when the notification fires. " + exactlyOneAction,
				Optional:            true,
				Attributes: notificationActionAttributes(map[string]schema.Attribute{
					"script": schema.StringAttribute{
						MarkdownDescription: "The script's source. " + descScriptChecked,
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1), scriptValidator{}},
					},
				}),
			},
			"sqs": schema.SingleNestedAttribute{
				MarkdownDescription: "Send the job document to an Amazon SQS queue. " + exactlyOneAction,
				Optional:            true,
				Attributes: notificationActionAttributes(notificationAWSAttributes(map[string]schema.Attribute{
					"queue": schema.StringAttribute{
						MarkdownDescription: "URL of the queue, e.g. `https://sqs.eu-west-1.amazonaws.com/123456789012/jobs`; " +
							"a FIFO queue's name ends in `.fifo`.",
						Required: true,
						Validators: []validator.String{stringvalidator.RegexMatches(queueURLPattern,
							"must be an SQS queue URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/jobs")},
					},
					"message_group_id": schema.StringAttribute{
						MarkdownDescription: "Message group of the messages sent, for a FIFO queue (one whose name ends " +
							"in `.fifo`) only.",
						Optional:   true,
						Validators: []validator.String{stringvalidator.LengthBetween(1, 128)},
					},
				}, "SQS")),
			},
			"sns": schema.SingleNestedAttribute{
				MarkdownDescription: "Publish the job document to an Amazon SNS topic. " + exactlyOneAction,
				Optional:            true,
				Attributes: notificationActionAttributes(notificationAWSAttributes(map[string]schema.Attribute{
					"topic": schema.StringAttribute{
						MarkdownDescription: "ARN of the topic, e.g. `arn:aws:sns:eu-west-1:123456789012:jobs`.",
						Required:            true,
						Validators: []validator.String{stringvalidator.RegexMatches(topicARNPattern,
							"must be an SNS topic ARN, e.g. arn:aws:sns:eu-west-1:123456789012:jobs")},
					},
				}, "SNS")),
			},
			"jms": schema.SingleNestedAttribute{
				MarkdownDescription: "Send the job document to a JMS queue. " + exactlyOneAction,
				Optional:            true,
				Attributes: notificationActionAttributes(notificationSecretAttributes(map[string]schema.Attribute{
					"queue_factory": schema.StringAttribute{
						MarkdownDescription: "JNDI name of the queue connection factory, e.g. `jms/VidispineQCF`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"queue": schema.StringAttribute{
						MarkdownDescription: "JNDI name of the queue, e.g. `jms/JobEvents`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"content_type": notificationContentTypeAttribute(),
					"username": schema.StringAttribute{
						MarkdownDescription: "User the server connects to the broker as, with `password_wo` (or `password`).",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				}, "jms", "password", "broker password", "username")),
			},
			"ejb": schema.SingleNestedAttribute{
				MarkdownDescription: "Call a method of an Enterprise Java Bean deployed on the server. " + exactlyOneAction,
				Optional:            true,
				Attributes: notificationActionAttributes(map[string]schema.Attribute{
					"bean": schema.StringAttribute{
						MarkdownDescription: "JNDI name of the bean.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
					"method": schema.StringAttribute{
						MarkdownDescription: "Method of the bean to call.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				}),
			},
		},
	}
}

func (r *jobNotificationResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("http"), path.MatchRoot("javascript"), path.MatchRoot("sqs"),
			path.MatchRoot("sns"), path.MatchRoot("jms"), path.MatchRoot("ejb")),
	}
}

// ValidateConfig refuses a message group for a queue that is not a FIFO queue (whose name
// ends in .fifo): SQS refuses it on every message.
func (r *jobNotificationResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var queue, group types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("sqs").AtName("queue"), &queue)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("sqs").AtName("message_group_id"), &group)...)
	if known(queue) && known(group) && !strings.HasSuffix(queue.ValueString(), ".fifo") {
		resp.Diagnostics.AddAttributeError(path.Root("sqs").AtName("message_group_id"), "Message group on a standard queue",
			fmt.Sprintf("sqs.message_group_id is for FIFO queues, whose name ends in .fifo; queue %q is a standard "+
				"queue. Remove message_group_id or use a FIFO queue.", queue.ValueString()))
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
// unset) keep the server's value. Everything else in n is left as it is. config is the
// configuration (where the write-only secrets are), prior the state before an update (nil for a
// create): they decide whether a secret is sent.
func (m *jobNotificationResourceModel) applyTo(ctx context.Context, n *vidispine.Notification, config, prior *jobNotificationResourceModel) diag.Diagnostics {
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

	// The server's action of the same kind is changed; one of another kind is replaced whole.
	a := n.Action
	n.Action = vidispine.NotificationAction{}
	switch {
	case m.HTTP != nil:
		h := orNew(a.HTTP)
		n.Action.HTTP = h
		m.HTTP.applyTo(&h.ActionCommon)
		h.URL = m.HTTP.URL.ValueString()
		keepUnlessKnown(m.HTTP.Method, &h.Method)
		keepUnlessKnown(m.HTTP.ContentType, &h.ContentType)
		if known(m.HTTP.Timeout) {
			h.Timeout = strconv.FormatInt(m.HTTP.Timeout.ValueInt64(), 10)
		} else if h.Timeout == "" {
			h.Timeout = strconv.FormatInt(defaultNotificationTimeout, 10)
		}
	case m.JavaScript != nil:
		js := orNew(a.JavaScript)
		n.Action.JavaScript = js
		m.JavaScript.applyTo(&js.ActionCommon)
		js.Script = m.JavaScript.Script.ValueString()
	case m.SQS != nil:
		q := orNew(a.SQS)
		n.Action.SQS = q
		m.SQS.notificationActionCommonModel.applyTo(&q.ActionCommon)
		m.SQS.notificationAWSModel.applyTo(&q.AWSAccess, m.secretToSend("sqs", config, prior))
		q.Queue, q.MessageGroupID = m.SQS.Queue.ValueString(), m.SQS.MessageGroupID.ValueString()
	case m.SNS != nil:
		sns := orNew(a.SNS)
		n.Action.SNS = sns
		m.SNS.notificationActionCommonModel.applyTo(&sns.ActionCommon)
		m.SNS.notificationAWSModel.applyTo(&sns.AWSAccess, m.secretToSend("sns", config, prior))
		sns.Topic = m.SNS.Topic.ValueString()
	case m.JMS != nil:
		j := orNew(a.JMS)
		n.Action.JMS = j
		m.JMS.applyTo(&j.ActionCommon)
		j.QueueFactory, j.Queue = m.JMS.QueueFactory.ValueString(), m.JMS.Queue.ValueString()
		keepUnlessKnown(m.JMS.ContentType, &j.ContentType)
		j.Username = m.JMS.Username.ValueString()
		m.secretToSend("jms", config, prior).applyTo(j.Username, &j.Password)
	case m.EJB != nil:
		e := orNew(a.EJB)
		n.Action.EJB = e
		m.EJB.applyTo(&e.ActionCommon)
		e.Bean, e.Method = m.EJB.Bean.ValueString(), m.EJB.Method.ValueString()
	}
	return diags
}

// orNew is p, or a new T when p is nil.
func orNew[T any](p *T) *T {
	if p == nil {
		return new(T)
	}
	return p
}

// applyTo writes the attributes every kind of action has.
func (c *notificationActionCommonModel) applyTo(dst *vidispine.ActionCommon) {
	if known(c.Synchronous) {
		dst.Synchronous = c.Synchronous.ValueBool()
	}
	if known(c.Retry) {
		dst.Retry = intPointer(c.Retry)
	}
	dst.Extradata, dst.Group = c.Extradata.ValueString(), c.Group.ValueString()
}

// actionCommonModel is the model of the attributes every kind of action has.
func actionCommonModel(c vidispine.ActionCommon) notificationActionCommonModel {
	return notificationActionCommonModel{Synchronous: types.BoolValue(c.Synchronous), Retry: int64Value(c.Retry),
		Extradata: optionalString(c.Extradata), Group: optionalString(c.Group)}
}

func (a *notificationAWSModel) applyTo(dst *vidispine.AWSAccess, secret newSecret) {
	dst.Endpoint, dst.AccessKey = a.Endpoint.ValueString(), a.AccessKey.ValueString()
	keepUnlessKnown(a.ContentType, &dst.ContentType)
	dst.RoleArn, dst.RoleSessionName, dst.RoleExternalID = a.RoleArn.ValueString(), a.RoleSessionName.ValueString(),
		a.RoleExternalID.ValueString()
	secret.applyTo(dst.AccessKey, &dst.Secret)
}

// awsModel is the model of src; the secret attributes are left null (the provider never reads a secret).
func awsModel(src vidispine.AWSAccess) notificationAWSModel {
	return notificationAWSModel{Endpoint: optionalString(src.Endpoint), ContentType: optionalString(src.ContentType),
		AccessKey: optionalString(src.AccessKey), RoleArn: optionalString(src.RoleArn),
		RoleSessionName: optionalString(src.RoleSessionName), RoleExternalID: optionalString(src.RoleExternalID)}
}

// newSecret is what an apply sends of an action's secret; set is false when the server's is kept.
type newSecret struct {
	value string
	set   bool
}

// applyTo writes the secret into *dst, whose owner is the access key or user name it belongs
// to: without an owner there is no secret; otherwise an unset newSecret keeps the server's.
func (s newSecret) applyTo(owner string, dst *string) {
	switch {
	case owner == "":
		*dst = ""
	case s.set:
		*dst = s.value
	}
}

// secretToSend is what an apply sends of the secret of m's action (kind sqs, sns or jms): the
// Sensitive attribute whenever it is set; otherwise the write-only one from config when the
// action is new (a create, or another kind before) or its version changed; otherwise nothing.
func (m *jobNotificationResourceModel) secretToSend(kind string, config, prior *jobNotificationResourceModel) newSecret {
	plan, cfg, before := m.secretOf(kind), config.secretOf(kind), prior.secretOf(kind)
	switch {
	case plan == nil || cfg == nil:
		return newSecret{}
	case known(plan.Value):
		return newSecret{plan.Value.ValueString(), true}
	case !known(cfg.WriteOnly):
		return newSecret{}
	case before == nil || !plan.Version.Equal(before.Version):
		return newSecret{cfg.WriteOnly.ValueString(), true}
	}
	return newSecret{}
}

// secretOf is the secret of m's action of the given kind; nil when m (nil for no model) has none.
func (m *jobNotificationResourceModel) secretOf(kind string) *notificationSecretModel {
	var s notificationSecretModel
	switch {
	case m == nil:
		return nil
	case kind == "sqs" && m.SQS != nil:
		s = m.SQS.secret()
	case kind == "sns" && m.SNS != nil:
		s = m.SNS.secret()
	case kind == "jms" && m.JMS != nil:
		s = m.JMS.secret()
	default:
		return nil
	}
	return &s
}

// keepSecret puts the Sensitive secret and the write-only version of kept (what state or plan
// held before fromDocument) back into m's action of the given kind.
func (m *jobNotificationResourceModel) keepSecret(kind string, kept *notificationSecretModel) {
	if kept == nil {
		return
	}
	switch {
	case kind == "sqs" && m.SQS != nil:
		m.SQS.Secret, m.SQS.SecretWOVersion = kept.Value, kept.Version
	case kind == "sns" && m.SNS != nil:
		m.SNS.Secret, m.SNS.SecretWOVersion = kept.Value, kept.Version
	case kind == "jms" && m.JMS != nil:
		m.JMS.Password, m.JMS.PasswordWOVersion = kept.Value, kept.Version
	}
}

// fromDocument sets every attribute from the server's document, except the secrets: the
// Sensitive secret and the write-only version are kept as m has them (the server's secret
// never reaches state). It fails for documents this resource cannot represent (another
// trigger or action kind).
func (m *jobNotificationResourceModel) fromDocument(n *vidispine.Notification) error {
	if n.Trigger.Job == nil {
		return fmt.Errorf("notification %s has no job trigger", n.ID)
	}
	kind := n.Action.Kind()
	if kind == "" {
		return fmt.Errorf("notification %s has none of the actions %s", n.ID, strings.Join(notificationActionKinds, ", "))
	}
	kept := m.secretOf(kind)
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
	m.HTTP, m.JavaScript, m.SQS, m.SNS, m.JMS, m.EJB = nil, nil, nil, nil, nil, nil
	switch a := n.Action; {
	case a.HTTP != nil:
		method := a.HTTP.Method
		if method == "" {
			method = defaultNotificationMethod
		}
		m.HTTP = &jobNotificationHTTPModel{
			notificationActionCommonModel: actionCommonModel(a.HTTP.ActionCommon),
			URL:                           types.StringValue(a.HTTP.URL),
			Method:                        types.StringValue(strings.ToUpper(method)),
			ContentType:                   optionalString(a.HTTP.ContentType),
			Timeout:                       types.Int64Null(),
		}
		// "none" (no timeout) and the empty string both mean: not set.
		if secs, err := strconv.ParseInt(a.HTTP.Timeout, 10, 64); err == nil {
			m.HTTP.Timeout = types.Int64Value(secs)
		}
	case a.JavaScript != nil:
		m.JavaScript = &jobNotificationJavaScriptModel{notificationActionCommonModel: actionCommonModel(a.JavaScript.ActionCommon),
			Script: types.StringValue(a.JavaScript.Script)}
	case a.SQS != nil:
		m.SQS = &jobNotificationSQSModel{notificationActionCommonModel: actionCommonModel(a.SQS.ActionCommon),
			notificationAWSModel: awsModel(a.SQS.AWSAccess), Queue: types.StringValue(a.SQS.Queue),
			MessageGroupID: optionalString(a.SQS.MessageGroupID)}
	case a.SNS != nil:
		m.SNS = &jobNotificationSNSModel{notificationActionCommonModel: actionCommonModel(a.SNS.ActionCommon),
			notificationAWSModel: awsModel(a.SNS.AWSAccess), Topic: types.StringValue(a.SNS.Topic)}
	case a.JMS != nil:
		m.JMS = &jobNotificationJMSModel{notificationActionCommonModel: actionCommonModel(a.JMS.ActionCommon),
			QueueFactory: types.StringValue(a.JMS.QueueFactory), Queue: types.StringValue(a.JMS.Queue),
			ContentType: optionalString(a.JMS.ContentType), Username: optionalString(a.JMS.Username)}
	case a.EJB != nil:
		m.EJB = &jobNotificationEJBModel{notificationActionCommonModel: actionCommonModel(a.EJB.ActionCommon),
			Bean: types.StringValue(a.EJB.Bean), Method: types.StringValue(a.EJB.Method)}
	}
	m.keepSecret(kind, kept)
	return nil
}

// notificationAdoptionDoc is the resource page's paragraph on killed runs.
const notificationAdoptionDoc = "**Interrupted and killed runs.** A notification has no natural key, so before " +
	"creating one the provider looks for an identical notification on the server that the state does not know " +
	"(one a killed run made but never recorded): one whose document holds everything configured. It is adopted " +
	"with a warning instead of making a second. That costs, once per run that creates a notification, " +
	"`GET /API/job/notification` and one `GET /API/job/notification/{id}` per notification on the server; " +
	"each notification is adopted once per run. Two resources with the same content therefore share one " +
	"notification when one of them was made in an earlier run. After Ctrl-C, a notification whose `POST` was " +
	"already sent is looked up and recorded."

// Create first looks for an identical notification the state does not know (one a killed run
// made but never recorded) and adopts it with a warning instead of making a second
// (providerData.adoptNotification: once per run, GET /API/job/notification and one
// GET /API/job/notification/{id} per notification on the server). Otherwise it costs
// GET /API/job/notification (the ids before, to recognise the new one after a POST whose
// outcome is unknown), one POST /API/job/notification and one GET /API/job/notification/{id}
// (the stored document).
func (r *jobNotificationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config jobNotificationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	doc := newNotificationDocument()
	resp.Diagnostics.Append(plan.applyTo(ctx, doc, &config, nil)...)
	if resp.Diagnostics.HasError() {
		return
	}
	n, err := r.data.adoptNotification(ctx, *doc)
	switch {
	case err != nil:
		resp.Diagnostics.AddError("Could not look for an identical job notification", err.Error())
		return
	case n != nil:
		resp.Diagnostics.AddWarning("Adopted an existing job notification", fmt.Sprintf("The server already held "+
			"notification %s with exactly the configured content, unknown to the state (left by an interrupted or "+
			"killed run, or made elsewhere): it is now managed by this resource instead of being created a second "+
			"time.", n.ID))
	default:
		n, err = r.data.client.CreateNotification(ctx, *doc)
	}
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
	var plan, config, state jobNotificationResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
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
	resp.Diagnostics.Append(plan.applyTo(ctx, doc, &config, &state)...)
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
