package provider

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// Tests of what the 5.x specification allows and a real server holds, beyond the mock's
// first reading of the wire format.

// Ids have a site prefix of any letters and up to 32 digits: such an id passes validation and
// reaches the server, which does not know it.
func TestAccJobDataSource_siteIDWithLongPrefixAndNumber(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: providerBlock(srv) + `
data "vidispine_job" "test" {
  job_id = "ABC-123456789012"
}
`,
			ExpectError: expectErrorRegex("Job not found", "No job ABC-123456789012 exists"),
		}},
	})
	if n := srv.Requests()["GET /API/job/{id}"]; n == 0 {
		t.Error("the id never reached the server: it was refused at validation")
	}
}

// The specification spells the pending abort ABORT_PENDING; the filter accepts it and finds the
// jobs being aborted.
func TestAccJobsDataSource_abortPendingFilter(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	pending, hits := mockJobs(t, srv, "/API/job;state=ABORTED_PENDING;user=false;number=100")
	if hits == 0 {
		t.Fatal("the seed data holds no job being aborted")
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: providerBlock(srv) + `
data "vidispine_jobs" "pending" {
  states = ["ABORT_PENDING"]
  sort   = "jobId asc"
}
data "vidispine_job_count" "pending" {
  states = ["ABORT_PENDING", "ABORTED_PENDING"]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectJobIDs("data.vidispine_jobs.pending", jobIDs(pending)),
				expectTotal("data.vidispine_job_count.pending", hits),
			},
		}},
	})
}

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

// The priorities filter needs VidiCore 5.1: against a server reporting 5.0 (which would ignore
// it and answer every job) the plan fails naming the server's version, the feature and the
// minimum version; against 5.1 the same configuration reads the filtered jobs.
func TestAccJobsDataSource_priorityFilterNeedsVersion51(t *testing.T) {
	config := func(srv *vidimock.Server) string {
		return providerBlock(srv) + `
data "vidispine_jobs" "high" {
  priorities = ["HIGH"]
  sort       = "jobId asc"
}
data "vidispine_job_count" "high" {
  priorities = ["HIGH"]
}
`
	}
	t.Run("5.0 refused", func(t *testing.T) {
		srv := startMock(t, vidimock.Options{ServerVersion: "5.0.4"})
		tfresource.ParallelTest(t, tfresource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []tfresource.TestStep{{
				Config:      config(srv),
				ExpectError: expectErrorRegex("Feature not supported by the server", "reports version 5.0.4", "priorities job filter", "VidiCore 5.1 or later"),
			}},
		})
		if n := srv.Requests()["GET /API/job"]; n != 0 {
			t.Errorf("the job list was requested %d times from a server that ignores the filter", n)
		}
	})
	t.Run("5.1 filters", func(t *testing.T) {
		srv := startMock(t, vidimock.Options{ServerVersion: "5.1"})
		high, hits := mockJobs(t, srv, "/API/job;user=false;number=100?priority=HIGH")
		if hits == 0 {
			t.Fatal("the seed data holds no HIGH job")
		}
		tfresource.ParallelTest(t, tfresource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []tfresource.TestStep{{
				Config: config(srv),
				ConfigStateChecks: []statecheck.StateCheck{
					expectJobIDs("data.vidispine_jobs.high", jobIDs(high)),
					expectTotal("data.vidispine_job_count.high", hits),
				},
			}},
		})
	})
}

// The version is read once per configured provider, however many reads need it at once.
func TestServerVersionReadOnce(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		time.Sleep(20 * time.Millisecond) // let the other reads arrive while this one is under way
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"component":{"name":"VidiCore","version":"5.0.1"}}`))
	}))
	t.Cleanup(srv.Close)
	client, err := vidispine.NewClient(vidispine.Config{URL: srv.URL, Username: "admin", Password: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	data := newProviderData(client)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var diags diag.Diagnostics
			data.requireFeature(context.Background(), vidispine.FeaturePriorityFilter, path.Root("priorities"), &diags)
			if !diags.HasError() {
				t.Errorf("5.0.1 accepted for the priorities filter: %v", diags)
			}
		}()
	}
	wg.Wait()
	if n := requests.Load(); n != 1 {
		t.Errorf("GET /API/version sent %d times, want 1", n)
	}
}
