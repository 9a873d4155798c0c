package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identities (Terraform ≥ 1.12). Each managed resource declares the natural key of its
// server object: import blocks take it (`identity = { ... }`) as an alternative to the string
// import id, list resources return it, and Terraform keeps it in state. Create, Read and Update
// record it from what the server holds; the framework refuses a Read that would change an
// immutable identity. Older Terraform and OpenTofu ignore identities.

var (
	_ resource.ResourceWithIdentity = (*taskDefinitionResource)(nil)
	_ resource.ResourceWithIdentity = (*jobTypeResource)(nil)
	_ resource.ResourceWithIdentity = (*jobNotificationResource)(nil)
	_ resource.ResourceWithIdentity = (*jobPriorityResource)(nil)
	_ resource.ResourceWithIdentity = (*jobRerunResource)(nil)
)

// identityModel is an identity that also has a string import id; importID gives it.
type identityModel interface {
	importID() string
}

// taskDefinitionIdentity is a step of a job type. Renumbering a step is an in-place update, so
// this identity is mutable (see the resource's Metadata).
type taskDefinitionIdentity struct {
	JobType types.String `tfsdk:"job_type"`
	Step    types.Int64  `tfsdk:"step"`
}

func (i taskDefinitionIdentity) importID() string {
	return fmt.Sprintf("%s/%d", i.JobType.ValueString(), i.Step.ValueInt64())
}

func (m taskDefinitionModel) identity() taskDefinitionIdentity {
	return taskDefinitionIdentity{JobType: m.JobType, Step: m.Step}
}

func (r *taskDefinitionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"job_type": identityschema.StringAttribute{RequiredForImport: true, Description: "Job type of the step, e.g. `ACME_PUBLISH`."},
			"step":     identityschema.Int64Attribute{RequiredForImport: true, Description: "Step number within the job type, e.g. `20`."},
		},
	}
}

type jobTypeIdentity struct {
	Name types.String `tfsdk:"name"`
}

func (i jobTypeIdentity) importID() string { return i.Name.ValueString() }

func (r *jobTypeResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"name": identityschema.StringAttribute{RequiredForImport: true, Description: "Name of the custom job type, e.g. `ACME_PUBLISH`."},
		},
	}
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

type jobPriorityIdentity struct {
	JobID types.String `tfsdk:"job_id"`
}

func (i jobPriorityIdentity) importID() string { return i.JobID.ValueString() }

func (r *jobPriorityResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"job_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the job, e.g. `VX-29`."},
		},
	}
}

// jobRerunIdentity is a re-run: the job that was duplicated and the job the duplicate is.
type jobRerunIdentity struct {
	JobID    types.String `tfsdk:"job_id"`
	NewJobID types.String `tfsdk:"new_job_id"`
}

func (i jobRerunIdentity) importID() string {
	return i.JobID.ValueString() + "/" + i.NewJobID.ValueString()
}

func (r *jobRerunResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"job_id":     identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the job that was re-run, e.g. `VX-55`."},
			"new_job_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Id of the job the re-run started, e.g. `VX-110`."},
		},
	}
}

// setIdentity records v as the resource's identity. The framework leaves the response's
// identity nil only for resources without an identity schema; the check keeps that harmless.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, v identityModel, diags *diag.Diagnostics) {
	if identity != nil {
		diags.Append(identity.Set(ctx, v)...)
	}
}

// importID is the string import id of an import: the one given (terraform import, or an import
// block with id), else the one equivalent to the import block's identity, so both forms share
// one parser and one set of error messages.
func importID[T identityModel](ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		return req.ID
	}
	var ident T
	diags.Append(req.Identity.Get(ctx, &ident)...)
	return ident.importID()
}
