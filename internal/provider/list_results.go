package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
)

// listEmitter hands the objects a list resource finds to Terraform one at a time (the
// framework's results iterator), so a site with thousands of objects is streamed, never held
// whole. It stops at Terraform's limit (the list block's `limit`, 100 unless set) and as soon
// as Terraform wants no more.
type listEmitter struct {
	ctx  context.Context
	req  list.ListRequest
	push func(list.ListResult) bool
	sent int64
}

// emit sends one object: its display name, its identity and, when the list block has
// include_resource = true, the full resource object. It reports whether to go on.
func (e *listEmitter) emit(displayName string, identity identityModel, resource any) bool {
	result := e.req.NewListResult(e.ctx)
	result.DisplayName = displayName
	result.Diagnostics.Append(result.Identity.Set(e.ctx, identity)...)
	if e.req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(e.ctx, resource)...)
	}
	e.sent++
	return e.push(result) && (e.req.Limit <= 0 || e.sent < e.req.Limit)
}

// diagnostics sends diagnostics without an object: errors end the listing, warnings (an
// object left out, and why) do not.
func (e *listEmitter) diagnostics(diags diag.Diagnostics) bool {
	return e.push(list.ListResult{Diagnostics: diags}) && !diags.HasError()
}

// listStream runs fn with an emitter as the stream's iterator.
func listStream(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, fn func(e *listEmitter)) {
	stream.Results = func(push func(list.ListResult) bool) {
		fn(&listEmitter{ctx: ctx, req: req, push: push})
	}
}
