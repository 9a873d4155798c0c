package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func validateScript(t *testing.T, v types.String) diag.Diagnostics {
	t.Helper()
	resp := &validator.StringResponse{}
	scriptValidator{}.ValidateString(context.Background(),
		validator.StringRequest{Path: path.Root("script"), ConfigValue: v}, resp)
	return resp.Diagnostics
}

func TestScriptValidatorAccepts(t *testing.T) {
	for _, script := range []string{
		"if (!job.getData('itemId')) { job.fatalFail('no itemId'); }",
		// The documented job.wait() pattern ends the step with a top-level return.
		"if (checkProblem) {\n  return;\n}\njob.wait('waiting');",
		"var ids = [1, 2].map(function (x) { return 'VX-' + x; });\njob.setData('ids', ids);",
		"const name = `step ${job.getStepId()}`;\nlet f = (a) => a + 1;",
		"// vidispine:no-syntax-check\nvar x = ;", // opted out
	} {
		if d := validateScript(t, types.StringValue(script)); d.HasError() || d.WarningsCount() > 0 {
			t.Errorf("script %q: unexpected diagnostics %v", script, d)
		}
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		if d := validateScript(t, v); len(d) > 0 {
			t.Errorf("%v: unknown and null values must be skipped, got %v", v, d)
		}
	}
}

func TestScriptValidatorSyntaxError(t *testing.T) {
	for _, tc := range []struct {
		script, want string
	}{
		{script: "job.log('a');\nif (x { job.fail('b'); }\n", want: "line 2, column 7"},
		{script: "var x = ;", want: "line 1, column 9"},                 // column of the script, not of the wrapper
		{script: "var é = 'ü'; x = = 1;", want: "line 1, column 18"},    // characters, not bytes
		{script: "job.log('a');\nif (x) {\n", want: "line 2, column 9"}, // unterminated block: the end of the script
	} {
		d := validateScript(t, types.StringValue(tc.script))
		if !d.HasError() {
			t.Errorf("%q: no error", tc.script)
			continue
		}
		detail := d.Errors()[0].Detail()
		if !strings.Contains(detail, tc.want) {
			t.Errorf("%q: detail %q does not name %s", tc.script, detail, tc.want)
		}
		line := strings.Split(tc.script, "\n")[0]
		if tc.want[5] == '2' {
			line = strings.Split(tc.script, "\n")[1]
		}
		if !strings.Contains(detail, "    "+line+"\n") {
			t.Errorf("%q: detail %q does not quote the offending line %q", tc.script, detail, line)
		}
	}
}

func TestScriptValidatorEngineExtensionsWarn(t *testing.T) {
	for _, script := range []string{
		"for each (var k in job.getKeys()) { job.log(k); }",
		"var doc = <item><id>VX-1</id></item>;\njob.log(doc.id);",
		"var sq = function(x) x * x;",
	} {
		d := validateScript(t, types.StringValue(script))
		if d.HasError() || d.WarningsCount() != 1 {
			t.Errorf("%q: want one warning and no error, got %v", script, d)
			continue
		}
		if w := d.Warnings()[0]; !strings.Contains(w.Detail(), "line 1") || !strings.Contains(w.Summary(), "not checked") {
			t.Errorf("%q: warning %q / %q does not say the script was not checked and where", script, w.Summary(), w.Detail())
		}
	}
}
