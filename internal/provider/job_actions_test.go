package provider

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestProviderSchema_actions: the provider serves the three job actions with valid schemas,
// each naming its job with a required job_id (checked without a Terraform CLI).
func TestProviderSchema_actions(t *testing.T) {
	resp, err := providerserver.NewProtocol6(New("test")())().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	for _, name := range []string{"vidispine_job_rerun", "vidispine_job_abort", "vidispine_job_priority"} {
		s, ok := resp.ActionSchemas[name]
		if !ok || s.Schema == nil || s.Schema.Block == nil {
			t.Errorf("action %s is not served", name)
			continue
		}
		i := slices.IndexFunc(s.Schema.Block.Attributes, func(a *tfprotov6.SchemaAttribute) bool { return a.Name == "job_id" })
		if i < 0 || !s.Schema.Block.Attributes[i].Required {
			t.Errorf("action %s has no required job_id", name)
		}
	}
}
