package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// Resource identities (Terraform ≥ 1.12). Each managed resource declares, in its own file (its
// identity type and IdentitySchema), the natural key of its server object: import blocks take
// it (`identity = { ... }`) as an alternative to the string import id, list resources return
// it, and Terraform keeps it in state. Create, Read and Update record it from what the server
// holds; the framework refuses a Read that would change an immutable identity. Older Terraform
// and OpenTofu ignore identities. This file holds what the resources share.

// identityModel is an identity that also has a string import id; importID gives it.
type identityModel interface {
	importID() string
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
