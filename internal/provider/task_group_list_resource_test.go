package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// The list finds every group made by hand, sorted by name.
func TestAccTaskGroupList_query(t *testing.T) {
	srv := startMock(t, vidimock.Options{})
	for _, name := range []string{"b-group", "a-group"} {
		putTaskGroup(t, srv, map[string]any{"name": name, "priority": "MEDIUM",
			"job": []any{map[string]any{"type": []string{"TRANSCODE"}}}})
	}
	const addr = "vidispine_task_group.all"
	testListQueries(t, srv, resource.TestStep{
		Config: `
list "vidispine_task_group" "all" {
  provider         = vidispine
  include_resource = true
}
`,
		QueryResultChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectLength(addr, 2),
			querycheck.ExpectIdentity(addr, map[string]knownvalue.Check{"name": knownvalue.StringExact("a-group")}),
			querycheck.ExpectIdentity(addr, map[string]knownvalue.Check{"name": knownvalue.StringExact("b-group")}),
		},
	})
}
