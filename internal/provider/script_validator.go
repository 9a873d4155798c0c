package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja/parser"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// scriptValidator parses the JavaScript of a task definition step or a javascript
// notification action at validate/plan time, so a syntax error shows up in `terraform plan`
// instead of when a job reaches the step.
//
// Which parser: the "JavaScript tasks" page of the Vidispine docs says "To evaluate the script
// Vidispine uses Rhino" up to 4.17 (apidoc.vidispine.com 4.4.3 and 4.17.2: certain), and only
// "Vidispine uses a JavaScript engine" for 5.x / VidiCore 21.3 and later (the engine is not
// named; Nashorn or GraalJS on a newer Java are plausible guesses, nothing more). What Rhino,
// Nashorn and GraalJS all accept is ECMAScript 5.1 plus, depending on engine and version, some
// ES6 (let/const, arrow functions, template literals). goja's parser is an ES5.1 parser with
// most of ES6+, which matches that common ground; esbuild's parser targets modern ES2015+
// bundles and would pass much that a Rhino/Nashorn engine rejects.
//
// Not blocked where goja is stricter than the server's engine: a script that fails to parse
// but uses a Rhino/Nashorn extension goja does not know (`for each`, E4X XML literals,
// expression closures) gets a warning, not an error. Any other script can opt out with the
// comment `// vidispine:no-syntax-check` (its own line), which the server ignores like any
// comment; no schema attribute is needed, so a pipeline's state does not carry a client-side
// switch.
type scriptValidator struct{}

// descScriptChecked tells users of a script attribute about the check.
const descScriptChecked = "Its syntax is checked at plan time (ECMAScript 5.1 and most of ES6; a top-level `return` " +
	"ends the script); Rhino/Nashorn extensions such as `for each` or E4X get a warning instead, and a line " +
	"`// " + scriptNoCheckPragma + "` skips the check."

// scriptNoCheckPragma turns the check off for one script.
const scriptNoCheckPragma = "vidispine:no-syntax-check"

var (
	scriptPragmaPattern = regexp.MustCompile(`(?m)^\s*//\s*` + regexp.QuoteMeta(scriptNoCheckPragma) + `\s*$`)
	// scriptEngineExtension matches syntax Rhino or Nashorn accept but ECMAScript (and goja) does not.
	scriptEngineExtension = regexp.MustCompile(
		`\bfor\s+each\s*\(` + // Rhino/Nashorn: for each (x in o)
			`|(?:^|[=(,:]|\breturn)\s*<[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>` + // E4X XML literal
			`|\bfunction\s*[\w$]*\s*\([^)]*\)\s*[^\s{]`) // expression closure: function(x) x * x
)

func (scriptValidator) Description(context.Context) string {
	return "must be valid JavaScript (ECMAScript 5.1, most of ES6; a top-level `return` is allowed)"
}

func (v scriptValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (scriptValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if !known(req.ConfigValue) {
		return // a file() or templatefile() result is checked once it is known
	}
	script := req.ConfigValue.ValueString()
	if scriptPragmaPattern.MatchString(script) {
		return
	}
	problem := checkScriptSyntax(script)
	if problem == nil {
		return
	}
	if scriptEngineExtension.MatchString(script) {
		resp.Diagnostics.AddAttributeWarning(req.Path, "JavaScript not checked: engine-specific syntax",
			fmt.Sprintf("%s uses syntax of the server's JavaScript engine (Rhino/Nashorn: `for each`, E4X or "+
				"expression closures) that the provider's ECMAScript parser does not know, so the script was not "+
				"checked:\n\n%s\n\nIf the server accepts it, this warning is harmless; add a line `// %s` to the "+
				"script to silence it.", req.Path, problem, scriptNoCheckPragma))
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "JavaScript syntax error",
		fmt.Sprintf("%s is not valid JavaScript: %s\n\nIf the server's engine accepts this syntax, add a line "+
			"`// %s` to the script to skip the check.", req.Path, problem, scriptNoCheckPragma))
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

// checkScriptSyntax parses script and returns its first syntax error, or nil.
func checkScriptSyntax(script string) *scriptSyntaxError {
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
	lines := strings.Split(script, "\n")
	line, col := one.Position.Line, one.Position.Column
	if line == 1 {
		col -= len(scriptWrapper)
	}
	msg := one.Message
	if line > len(lines) { // at the wrapper's closing line: the script ended too early
		line = len(lines)
		for line > 1 && strings.TrimSpace(lines[line-1]) == "" {
			line--
		}
		col = len(strings.TrimRight(lines[line-1], "\r")) + 1
		msg = "unexpected end of the script (an unclosed {, ( or [?)"
	}
	src := strings.TrimRight(lines[line-1], "\r")
	col = max(col, 1)
	if col-1 <= len(src) { // goja counts bytes; show characters
		col = utf8.RuneCountInString(src[:col-1]) + 1
	}
	return &scriptSyntaxError{Line: line, Column: col, Message: msg, Source: src}
}
