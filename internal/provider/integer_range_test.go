package provider

import (
	"context"
	"math"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// Tests of what the 5.x specification allows and a real server holds, beyond the mock's
// first reading of the wire format.

// Integers beyond the server's 32 bits are refused at validate time, naming the attribute and
// the allowed range, before any request.
func TestAccProvider_integersBeyond32BitsRefused(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	for _, tc := range []struct{ name, config, attr string }{
		{"task definition id", `
data "vidispine_task_definition" "big" {
  id = "99999999999"
}`, "id"},
		{"task definition step", `
resource "vidispine_task_definition" "big" {
  job_type = "TRANSCODE"
  step     = 99999999999
  script   = "x"
}`, "step"},
		{"task definition flags", `
resource "vidispine_task_definition" "big" {
  job_type = "TRANSCODE"
  step     = 1
  flags    = 2147483648
  script   = "x"
}`, "flags"},
		{"dependency step", `
resource "vidispine_task_definition" "big" {
  job_type   = "TRANSCODE"
  step       = 1
  script     = "x"
  dependency = { step = 99999999999 }
}`, "dependency.step"},
		{"jobs first", `
data "vidispine_jobs" "big" {
  first = 99999999999
}`, "first"},
		{"task definition data source step", `
data "vidispine_task_definition" "big" {
  job_type = "TRANSCODE"
  step     = 99999999999
}`, "step"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []tfresource.TestStep{{
					Config:      providerBlock(srv) + tc.config,
					PlanOnly:    true,
					ExpectError: expectErrorRegex(tc.attr, "between", "2147483647"),
				}},
			})
		})
	}
	if n := srv.Requests(); len(n) != 0 {
		t.Errorf("out-of-range values reached the server: %v", n)
	}
}

// Every integer attribute a user sets, in every resource and data source, refuses values the
// server cannot hold; a new attribute without the shared validator fails here.
func TestEveryIntegerAttributeHas32BitRange(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	check := func(t *testing.T, owner string, attr string, validators []validator.Int64) {
		for _, v := range []int64{math.MaxInt32 + 1, math.MinInt32 - 1} {
			req := validator.Int64Request{Path: path.Root(attr), ConfigValue: types.Int64Value(v)}
			refused := false
			for _, val := range validators {
				refused = refused || refuses(ctx, val, req)
			}
			if !refused {
				t.Errorf("%s.%s accepts %d, beyond the server's 32-bit integers", owner, attr, v)
			}
		}
	}
	var walkRS func(owner, prefix string, attrs map[string]rsschema.Attribute)
	walkRS = func(owner, prefix string, attrs map[string]rsschema.Attribute) {
		for name, a := range attrs {
			switch a := a.(type) {
			case rsschema.Int64Attribute:
				if a.Optional || a.Required {
					check(t, owner, prefix+name, a.Validators)
				}
			case rsschema.SingleNestedAttribute:
				walkRS(owner, prefix+name+".", a.Attributes)
			case rsschema.ListNestedAttribute:
				walkRS(owner, prefix+name+".", a.NestedObject.Attributes)
			}
		}
	}
	var walkDS func(owner, prefix string, attrs map[string]dsschema.Attribute)
	walkDS = func(owner, prefix string, attrs map[string]dsschema.Attribute) {
		for name, a := range attrs {
			switch a := a.(type) {
			case dsschema.Int64Attribute:
				if a.Optional || a.Required {
					check(t, owner, prefix+name, a.Validators)
				}
			case dsschema.SingleNestedAttribute:
				walkDS(owner, prefix+name+".", a.Attributes)
			case dsschema.ListNestedAttribute:
				walkDS(owner, prefix+name+".", a.NestedObject.Attributes)
			}
		}
	}
	checked := 0
	for _, newRS := range p.Resources(ctx) {
		r := newRS()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "vidispine"}, &meta)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		walkRS(meta.TypeName, "", s.Schema.Attributes)
		checked++
	}
	for _, newDS := range p.DataSources(ctx) {
		d := newDS()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "vidispine"}, &meta)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		walkDS(meta.TypeName, "", s.Schema.Attributes)
		checked++
	}
	if checked < 10 {
		t.Errorf("walked only %d resources and data sources", checked)
	}
}

// refuses runs one validator on req; validators that need the whole configuration (such as
// AlsoRequires) panic without one and count as not refusing.
func refuses(ctx context.Context, v validator.Int64, req validator.Int64Request) (refused bool) {
	defer func() {
		if recover() != nil {
			refused = false
		}
	}()
	resp := &validator.Int64Response{}
	v.ValidateInt64(ctx, req, resp)
	return resp.Diagnostics.HasError()
}
