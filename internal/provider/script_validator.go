package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja/parser"
	"github.com/evanw/esbuild/pkg/api"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// scriptValidator parses the JavaScript of a task definition step or a javascript
// notification action at validate time, so a syntax error shows up in `terraform validate`
// and `terraform plan` instead of when a job reaches the step.
//
// Which language: VidiCore 5.0 and later run scripts on GraalJS by default (modern ECMAScript);
// the configuration property javascriptInterpreter chooses GraalJS or Rhino (the engine of 4.x,
// ECMAScript 5.1 with some ES6 and its own extensions), and one script can choose with a leading
// `/* interpreter=rhino */` comment. Without a server at validate time the engine is known only
// from that comment, so a script fails validation only when neither engine's language takes it;
// at plan, checkScriptForServerEngine checks it again in the language of the engine the server
// will use (scriptEngineOf).
//
// The parsers: goja's for Rhino (ES5.1 with most of ES6+, the common ground of Rhino and
// Nashorn) and esbuild's for GraalJS (every ECMAScript edition up to the newest, including what
// goja lacks, such as `for await` in an async function). esbuild is used as a parser only
// (api.Transform of the script, output discarded).
//
// Not blocked where a parser is stricter than the server's engine: a script that fails to parse
// but uses a Rhino/Nashorn extension (`for each`, E4X XML literals, expression closures) gets a
// warning, not an error. Any other script can opt out with the comment
// `// vidispine:no-syntax-check` (its own line), which the server ignores like any comment; no
// schema attribute is needed, so a pipeline's state does not carry a client-side switch.
type scriptValidator struct{}

// descScriptChecked tells users of a script attribute about the check.
const descScriptChecked = "Its syntax is checked at plan time in the language of the server's JavaScript engine: " +
	"GraalJS (modern ECMAScript; the default of VidiCore 5.0 and later) or Rhino (ECMAScript 5.1 and most of ES6), " +
	"as the `javascriptInterpreter` configuration property or a leading `/* interpreter=rhino */` comment chooses. " +
	"A top-level `return` ends the script; Rhino extensions such as `for each` or E4X get a warning instead, and a " +
	"line `// " + scriptNoCheckPragma + "` skips the check."

// scriptNoCheckPragma turns the check off for one script.
const scriptNoCheckPragma = "vidispine:no-syntax-check"

var (
	scriptPragmaPattern = regexp.MustCompile(`(?m)^\s*//\s*` + regexp.QuoteMeta(scriptNoCheckPragma) + `\s*$`)
	// scriptEngineExtension matches syntax Rhino or Nashorn accept but ECMAScript (and goja) does not.
	scriptEngineExtension = regexp.MustCompile(
		`\bfor\s+each\s*\(` + // Rhino/Nashorn: for each (x in o)
			`|(?:^|[=(,:]|\breturn)\s*<[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>` + // E4X XML literal
			`|\bfunction\s*[\w$]*\s*\([^)]*\)\s*[^\s{]`) // expression closure: function(x) x * x
	// scriptInterpreterComment is a script's own choice of engine: a block comment before any code.
	scriptInterpreterComment = regexp.MustCompile(`^\s*/\*\s*interpreter\s*=\s*([\w.-]+)\s*\*/`)
)

// scriptEngine is the JavaScript engine a script is checked for.
type scriptEngine int

const (
	// engineEither: the engine is not known, so a script is refused only when neither engine's
	// language takes it.
	engineEither scriptEngine = iota
	engineGraalJS
	engineRhino
)

func (e scriptEngine) String() string {
	switch e {
	case engineGraalJS:
		return "GraalJS"
	case engineRhino:
		return "Rhino"
	}
	return "GraalJS or Rhino"
}

// parseScriptEngine reads an engine name as the javascriptInterpreter property or an
// interpreter comment gives it. The spellings are not published (see internal/vidispine/doc.go),
// so any name mentioning graal or rhino counts; another name is engineEither.
func parseScriptEngine(name string) scriptEngine {
	switch n := strings.ToLower(name); {
	case strings.Contains(n, "graal"):
		return engineGraalJS
	case strings.Contains(n, "rhino"):
		return engineRhino
	}
	return engineEither
}

// scriptOwnEngine returns the engine a script chooses with a leading interpreter comment.
func scriptOwnEngine(script string) (scriptEngine, bool) {
	m := scriptInterpreterComment.FindStringSubmatch(script)
	if m == nil {
		return engineEither, false
	}
	return parseScriptEngine(m[1]), true
}

func (scriptValidator) Description(context.Context) string {
	return "must be valid JavaScript for the server's engine (GraalJS: modern ECMAScript; Rhino: ECMAScript 5.1, " +
		"most of ES6); a top-level `return` is allowed"
}

func (v scriptValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (scriptValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return // a file() or templatefile() result is checked once it is known
	}
	engine, _ := scriptOwnEngine(req.ConfigValue.ValueString())
	reportScriptSyntax(req.Path, req.ConfigValue.ValueString(), engine, "", &resp.Diagnostics)
}

// reportScriptSyntax checks script for engine and reports what it finds on attr: nothing, a
// warning for engine-specific syntax the parsers do not know, or an error. why, when set, says
// how the engine was chosen.
func reportScriptSyntax(attr path.Path, script string, engine scriptEngine, why string, diags *diag.Diagnostics) {
	if scriptPragmaPattern.MatchString(script) {
		return
	}
	if problem := checkScriptSyntax(script, engine); problem != nil {
		reportScriptProblem(attr, script, engine, why, problem, diags)
	}
}

// reportScriptProblem reports problem, the syntax error script has for engine, on attr.
func reportScriptProblem(attr path.Path, script string, engine scriptEngine, why string, problem *scriptSyntaxError, diags *diag.Diagnostics) {
	if engine != engineGraalJS && scriptEngineExtension.MatchString(script) {
		diags.AddAttributeWarning(attr, "JavaScript not checked: engine-specific syntax",
			fmt.Sprintf("%s uses syntax of the server's JavaScript engine (Rhino/Nashorn: `for each`, E4X or "+
				"expression closures) that the provider's ECMAScript parser does not know, so the script was not "+
				"checked:\n\n%s\n\nIf the server accepts it, this warning is harmless; add a line `// %s` to the "+
				"script to silence it.", attr, problem, scriptNoCheckPragma))
		return
	}
	forEngine := "" // the engine is not known: neither language takes the script
	if engine != engineEither {
		forEngine = " for " + engine.String() + why
	}
	diags.AddAttributeError(attr, "JavaScript syntax error",
		fmt.Sprintf("%s is not valid JavaScript%s: %s\n\nIf the server's engine accepts this syntax, add a "+
			"line `// %s` to the script to skip the check.", attr, forEngine, problem, scriptNoCheckPragma))
}

// scriptSyntaxError is a parse error at a position of the script as the user wrote it.
type scriptSyntaxError struct {
	Line, Column int // 1-based; Column counts characters
	Message      string
	Source       string // the offending line
}

func (e *scriptSyntaxError) String() string {
	marker := strings.Repeat(" ", max(e.Column-1, 0)) + "^"
	return fmt.Sprintf("line %d, column %d: %s\n\n    %s\n    %s", e.Line, e.Column, e.Message, e.Source, marker)
}

// scriptWrapper makes the script a function body: VidiCore runs task scripts as a function
// (its documented examples end a step with a top-level `return;`), which a plain program
// would refuse. The wrapper adds no line, so only columns of line 1 shift.
const scriptWrapper = "(function(){"

// checkScriptSyntax parses script in the language of engine and returns its first syntax
// error, or nil. For engineEither it is nil when either language takes the script, else the
// Rhino parser's error.
func checkScriptSyntax(script string, engine scriptEngine) *scriptSyntaxError {
	switch engine {
	case engineGraalJS:
		return checkModernSyntax(script)
	case engineRhino:
		return checkClassicSyntax(script)
	}
	problem := checkClassicSyntax(script)
	if problem != nil && checkModernSyntax(script) == nil {
		return nil
	}
	return problem
}

// checkModernSyntax parses script as the ECMAScript GraalJS runs (esbuild's parser, newest
// edition, a script rather than a module).
func checkModernSyntax(script string) *scriptSyntaxError {
	res := api.Transform(scriptWrapper+script+"\n})", api.TransformOptions{
		Loader: api.LoaderJS, Target: api.ESNext, LogLevel: api.LogLevelSilent,
	})
	if len(res.Errors) == 0 {
		return nil
	}
	first := res.Errors[0]
	line, col := 1, 1
	if first.Location != nil {
		line, col = first.Location.Line, first.Location.Column+1 // esbuild: 1-based lines, 0-based byte columns
	}
	return scriptErrorAt(script, line, col, first.Text)
}

// checkClassicSyntax parses script as Rhino's language (goja's parser).
func checkClassicSyntax(script string) *scriptSyntaxError {
	_, err := parser.ParseFile(nil, "", scriptWrapper+script+"\n})", 0, parser.WithDisableSourceMaps)
	if err == nil {
		return nil
	}
	var list parser.ErrorList
	var one *parser.Error
	switch {
	case errors.As(err, &list) && len(list) > 0:
		one = list[0]
	case errors.As(err, &one):
	default:
		return &scriptSyntaxError{Line: 1, Column: 1, Message: err.Error()}
	}
	return scriptErrorAt(script, one.Position.Line, one.Position.Column, one.Message)
}

// scriptErrorAt places a parser's message, at a 1-based line and byte column of the wrapped
// script, in the script as the user wrote it.
func scriptErrorAt(script string, line, col int, msg string) *scriptSyntaxError {
	lines := strings.Split(script, "\n")
	if line == 1 {
		col -= len(scriptWrapper)
	}
	if line > len(lines) { // at the wrapper's closing line: the script ended too early
		line = len(lines)
		for line > 1 && strings.TrimSpace(lines[line-1]) == "" {
			line--
		}
		col = len(strings.TrimRight(lines[line-1], "\r")) + 1
		msg = "unexpected end of the script (an unclosed {, ( or [?)"
	}
	line = max(line, 1)
	src := strings.TrimRight(lines[line-1], "\r")
	col = max(col, 1)
	if col-1 <= len(src) { // parsers count bytes; show characters
		col = utf8.RuneCountInString(src[:col-1]) + 1
	}
	return &scriptSyntaxError{Line: line, Column: col, Message: msg, Source: src}
}

// scriptEngineChoice is the engine the server runs scripts on, and why the provider thinks so.
type scriptEngineChoice struct {
	engine scriptEngine
	why    string // e.g. " (the server's javascriptInterpreter property is \"rhino\")"
}

// serverScriptEngine returns the engine the server runs scripts on, asking once per run:
// GET /API/configuration/properties/javascriptInterpreter, and when the property is not set,
// the default of the server's version (GET /API/version, shared with the feature checks):
// GraalJS from VidiCore 5.0, Rhino before. What cannot be read is engineEither, never an error:
// a script is then held only to what either engine takes.
func (d *providerData) serverScriptEngine(ctx context.Context) scriptEngineChoice {
	choice, _, _ := d.scriptEngine.get(ctx, "", func(ctx context.Context) (scriptEngineChoice, error) {
		value, found, err := d.client.GetConfigurationProperty(ctx, vidispine.PropertyJavaScriptInterpreter)
		if err != nil {
			tflog.Debug(ctx, "could not read the JavaScript engine of the server; scripts are checked for either engine",
				map[string]any{"error": err.Error()})
			return scriptEngineChoice{}, nil
		}
		if found {
			return scriptEngineChoice{parseScriptEngine(value),
				fmt.Sprintf(" (the server's %s property is %q)", vidispine.PropertyJavaScriptInterpreter, value)}, nil
		}
		version, err := d.serverVersion(ctx)
		atLeast5, ok := vidispine.VersionAtLeast(version, 5, 0)
		if err != nil || !ok {
			return scriptEngineChoice{}, nil
		}
		choice := scriptEngineChoice{engineRhino, fmt.Sprintf(" (the default of VidiCore %s; the %s property is not set)",
			version, vidispine.PropertyJavaScriptInterpreter)}
		if atLeast5 {
			choice.engine = engineGraalJS
		}
		return choice, nil
	})
	return choice
}

// checkScriptForServerEngine checks, at plan, a script that only one engine's language takes
// against the engine the server runs it on (its own interpreter comment, else the server's
// choice). A script both languages take, or neither (validation refused or warned about it),
// costs no request.
func checkScriptForServerEngine(ctx context.Context, d *providerData, attr path.Path, script types.String, diags *diag.Diagnostics) {
	if d == nil || !known(script) {
		return
	}
	s := script.ValueString()
	if scriptPragmaPattern.MatchString(s) {
		return
	}
	if _, own := scriptOwnEngine(s); own {
		return // validation already checked it for the engine it chose
	}
	classic, modern := checkClassicSyntax(s), checkModernSyntax(s)
	if (classic == nil) == (modern == nil) {
		return
	}
	choice := d.serverScriptEngine(ctx)
	problem := classic // the server's engine's own parse, already made
	switch choice.engine {
	case engineEither:
		return
	case engineGraalJS:
		problem = modern
	}
	if problem != nil {
		reportScriptProblem(attr, s, choice.engine, choice.why, problem, diags)
	}
}
