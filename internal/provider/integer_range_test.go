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

// The server's integers are Java ints (32 bits): every integer attribute a user sets refuses
// larger values before any request, in every resource and data source.

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
	checked := 0
	for _, newRS := range p.Resources(ctx) {
		r := newRS()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "vidispine"}, &meta)
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		forEachSettableInt64("", s.Schema.Attributes, func(attr string, vs []validator.Int64) { check(t, meta.TypeName, attr, vs) })
		checked++
	}
	for _, newDS := range p.DataSources(ctx) {
		d := newDS()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "vidispine"}, &meta)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		forEachSettableInt64("", s.Schema.Attributes, func(attr string, vs []validator.Int64) { check(t, meta.TypeName, attr, vs) })
		checked++
	}
	if checked < 10 {
		t.Errorf("checked only %d resources and data sources", checked)
	}
}

// int64Attribute is an Int64 attribute of a resource's or a data source's schema.
type int64Attribute interface {
	IsOptional() bool
	IsRequired() bool
	Int64Validators() []validator.Int64
}

// forEachSettableInt64 calls visit with the path and the validators of every Int64 attribute a
// user sets (optional or required) in attrs, a resource's or a data source's schema
// attributes, nested ones included.
func forEachSettableInt64[A any](prefix string, attrs map[string]A, visit func(path string, validators []validator.Int64)) {
	for name, a := range attrs {
		switch a := any(a).(type) {
		case int64Attribute:
			if a.IsOptional() || a.IsRequired() {
				visit(prefix+name, a.Int64Validators())
			}
		case rsschema.SingleNestedAttribute:
			forEachSettableInt64(prefix+name+".", a.Attributes, visit)
		case rsschema.ListNestedAttribute:
			forEachSettableInt64(prefix+name+".", a.NestedObject.Attributes, visit)
		case dsschema.SingleNestedAttribute:
			forEachSettableInt64(prefix+name+".", a.Attributes, visit)
		case dsschema.ListNestedAttribute:
			forEachSettableInt64(prefix+name+".", a.NestedObject.Attributes, visit)
		}
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
