// Command floor is the benchmarks' floor provider: one resource, floor_task_definition, with
// exactly the schema and configuration checks of vidispine_task_definition, but no server
// behind it: Read makes no request, and Create, Update and Delete only store the plan (its
// computed values filled in, see storedAsPlanned). A plan of N of them is what the plugin
// protocol and the framework cost for N resources, so vidispine_task_definition's plan time
// divided by this one's is the share our own code and the server's round trips add (see
// BENCHMARKS.md).
package main

import (
	"context"
	"log"
	"strconv"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	vidispine "github.com/mediaops/terraform-provider-vidispine/internal/provider"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return floorProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/mediaops/floor"})
	if err != nil {
		log.Fatal(err)
	}
}

type floorProvider struct{}

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}

func (floorProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource {
		return &floorTask{real: vidispine.NewTaskDefinitionResource()}
	}}
}

func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// floorTask borrows the real resource's schema and configuration validators.
type floorTask struct {
	real resource.Resource
}

var lastID atomic.Int64

func (r *floorTask) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task_definition"
}

func (r *floorTask) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

func (r *floorTask) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if v, ok := r.real.(resource.ResourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

func (r *floorTask) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw = storedAsPlanned(req.Plan.Raw, &resp.Diagnostics)
}

// Read makes no request: the state stays as it is.
func (r *floorTask) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *floorTask) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = storedAsPlanned(req.Plan.Raw, &resp.Diagnostics)
}

// storedAsPlanned is the state after an apply: the plan, with each value the plan leaves to
// the provider (the computed attributes that are not configured) set the way the real resource
// sets it for a step the server adds nothing to: a new id, an empty map (metadata), a null for
// anything else. It goes by the value's type, not by attribute name, so an attribute the real
// schema gains later cannot leave the floor's state unknown after apply.
func storedAsPlanned(plan tftypes.Value, diags *diag.Diagnostics) tftypes.Value {
	state, err := tftypes.Transform(plan, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		switch {
		case v.IsKnown():
			return v, nil
		case p.Equal(tftypes.NewAttributePath().WithAttributeName("id")):
			return tftypes.NewValue(v.Type(), strconv.FormatInt(lastID.Add(1), 10)), nil
		case v.Type().Is(tftypes.Map{}):
			return tftypes.NewValue(v.Type(), map[string]tftypes.Value{}), nil
		default:
			return tftypes.NewValue(v.Type(), nil), nil
		}
	})
	if err != nil {
		diags.AddError("Could not build the floor's state", err.Error())
	}
	return state
}

func (r *floorTask) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
