package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

var _ list.ListResourceWithConfigure = (*jobNotificationListResource)(nil)

// NewJobNotificationListResource lists job notifications for `terraform query` (Terraform ≥ 1.14).
func NewJobNotificationListResource() list.ListResource { return &jobNotificationListResource{} }

type jobNotificationListResource struct {
	data *providerData
}

type jobNotificationListConfig struct {
	Event   types.String `tfsdk:"event"`
	JobType types.String `tfsdk:"job_type"`
}

func (r *jobNotificationListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job_notification"
}

func (r *jobNotificationListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists job notifications in the server's order (`GET /API/job/notification`, then one " +
			"`GET /API/job/notification/{id}` per notification, streamed), each named like " +
			"`VX-12: finished ACME_PUBLISH → POST https://cms.example/hook`. A notification the resource cannot " +
			"represent (an action of a kind it does not know) is left out with a warning.",
		Attributes: map[string]schema.Attribute{
			"event": schema.StringAttribute{
				MarkdownDescription: "List only notifications fired by this job event: one of " +
					backtickList(vidispine.JobTriggerEvents) + ".",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(vidispine.JobTriggerEvents...)},
			},
			"job_type": schema.StringAttribute{
				MarkdownDescription: "List only notifications restricted to jobs of this type (`trigger.job_type`).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(jobTypeNamePattern, "must be "+jobTypeNameHelp)},
			},
		},
	}
}

func (r *jobNotificationListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// List costs GET /API/job/notification and one GET /API/job/notification/{id} per notification,
// one at a time, until Terraform's limit.
func (r *jobNotificationListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg jobNotificationListConfig
	diags := req.Config.Get(ctx, &cfg)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	listStream(ctx, req, stream, func(e *listEmitter) {
		ids, err := r.data.client.ListNotifications(ctx)
		if err != nil {
			e.diagnostics(singleError("Could not list job notifications", err.Error()))
			return
		}
		// One notification at a time: the server has no expanded listing.
		for _, id := range ids {
			n, err := r.data.client.GetNotification(ctx, id)
			switch {
			case vidispine.IsNotFound(err):
				continue // deleted since the list
			case err != nil:
				e.diagnostics(notificationReadError(id, err))
				return
			}
			var model jobNotificationResourceModel
			if err := model.fromDocument(n); err != nil {
				var warning diag.Diagnostics
				warning.AddWarning("Job notification "+id+" left out", err.Error()+"; vidispine_job_notification cannot manage it.")
				if !e.diagnostics(warning) {
					return
				}
				continue
			}
			if !cfg.Event.IsNull() && model.Trigger.Event.ValueString() != cfg.Event.ValueString() ||
				!cfg.JobType.IsNull() && model.Trigger.JobType.ValueString() != cfg.JobType.ValueString() {
				continue
			}
			if !e.emit(notificationDisplayName(&model), jobNotificationIdentity{ID: model.ID}, model) {
				return
			}
		}
	})
}

// notificationDisplayName says when and what a notification does:
// "VX-12: finished ACME_PUBLISH → POST https://cms.example/hook".
func notificationDisplayName(m *jobNotificationResourceModel) string {
	when := m.Trigger.Event.ValueString()
	if t := m.Trigger.JobType.ValueString(); t != "" {
		when += " " + t
	}
	if jd := m.Trigger.JobData; jd != nil {
		when += fmt.Sprintf(" with %s=%s", jd.Key.ValueString(), jd.Value.ValueString())
	}
	what := "JavaScript"
	switch {
	case m.HTTP != nil:
		what = m.HTTP.Method.ValueString() + " " + m.HTTP.URL.ValueString()
	case m.SQS != nil:
		what = "SQS " + m.SQS.Queue.ValueString()
	case m.SNS != nil:
		what = "SNS " + m.SNS.Topic.ValueString()
	case m.JMS != nil:
		what = "JMS " + m.JMS.Queue.ValueString()
	case m.EJB != nil:
		what = "EJB " + m.EJB.Bean.ValueString() + "#" + m.EJB.Method.ValueString()
	}
	return fmt.Sprintf("%s: %s → %s", m.ID.ValueString(), when, what)
}
