package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// providerData is what Configure hands to every resource, data source and ephemeral resource.
type providerData struct {
	client *vidispine.Client
}

func newProviderData(client *vidispine.Client) *providerData {
	return &providerData{client: client}
}

// providerDataFrom unpacks the value given to a type's Configure. It returns nil without a
// diagnostic while the provider is not yet configured (Terraform calls Configure early too).
func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	return data
}
