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

// forAwaitScript is valid ES2018 (GraalJS runs it) that goja's parser, and so the Rhino check,
// refuses.
const forAwaitScript = "async function collect(pages) {\n  const ids = [];\n  for await (const page of pages) { ids.push(page.id); }\n  return ids;\n}\njob.setData('ready', 'yes');"

func TestScriptValidatorEngines(t *testing.T) {
	// Without a server, a script that either engine's language takes passes.
	if d := validateScript(t, types.StringValue(forAwaitScript)); len(d) > 0 {
		t.Errorf("for await: unexpected diagnostics %v", d)
	}
	// A script's own interpreter comment chooses the language it is checked in.
	d := validateScript(t, types.StringValue("/* interpreter=rhino */\n"+forAwaitScript))
	if !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), "not valid JavaScript for Rhino") ||
		!strings.Contains(d.Errors()[0].Detail(), "line 4") {
		t.Errorf("for await under an interpreter=rhino comment: want a Rhino syntax error on line 4, got %v", d)
	}
	if d := validateScript(t, types.StringValue("/* interpreter=graaljs */\n"+forAwaitScript)); len(d) > 0 {
		t.Errorf("for await under an interpreter=graaljs comment: unexpected diagnostics %v", d)
	}
	// A script neither language takes fails with the Rhino parser's position.
	d = validateScript(t, types.StringValue("job.log('a');\nconst x = ;"))
	if !d.HasError() || !strings.Contains(d.Errors()[0].Detail(), "line 2, column 11") {
		t.Errorf("want a syntax error at line 2, column 11, got %v", d)
	}
	// The modern parser places its errors in the script as written too.
	if p := checkScriptSyntax("let é = 1;\nlet é = 2;", engineGraalJS); p == nil || p.Line != 2 || p.Column != 5 {
		t.Errorf("GraalJS check of a redeclaration: want line 2, column 5, got %+v", p)
	}
	for name, want := range map[string]scriptEngine{"graaljs": engineGraalJS, "GraalJS": engineGraalJS, "rhino": engineRhino, "nashorn": engineEither} {
		if got := parseScriptEngine(name); got != want {
			t.Errorf("parseScriptEngine(%q) = %v, want %v", name, got, want)
		}
	}
}
