package provider

// The step graph of one job type: one model (pipelineGraph, with its checks) and its two
// renderings, Graphviz DOT (pipeline_dot) and Mermaid (pipeline_mermaid and the graph_mermaid
// of data.vidispine_job_type). The steps come from configuration (pipelineStepsFrom) or from
// the server's task definitions (pipelineStepsFromAPI).

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidispine"
)

// pipelineStep is what the graph needs of one task definition.
type pipelineStep struct {
	step                 int64
	description          string
	script               bool
	bean, method         string
	critical, cleanup    bool
	dependency, parallel *pipelineDependency
}

type pipelineDependency struct {
	step                  int64
	previous, allPrevious bool
}

type pipelineEdge struct {
	from, to int64
	parallel bool
}

// pipelineEdgesFormat is how both renderings place edges.
const pipelineEdgesFormat = "Edges: a step without `dependency` and `parallel_dependency` follows the step before " +
	"it in its sequence; `previous = true` draws an edge from that step, `all_previous = true` from every " +
	"earlier step of the sequence, `step = N` (N > 0) from step N; a dependency with none of them set starts " +
	"with the job. Edges of `parallel_dependency` are dashed and labelled `parallel`. Edges are sorted by " +
	"target step, plain before parallel, then by source step."

// pipelineFunctionDefinition is the definition of a function that draws the pipeline in format
// (pipeline_dot, pipeline_mermaid); use is an example of rendering its result and layout
// describes the rendering.
func pipelineFunctionDefinition(format, use, layout string) function.Definition {
	return function.Definition{
		Summary: "The step graph of a pipeline in " + format + ", computed from configuration",
		MarkdownDescription: "Draws the steps of one job type as a " + format + " graph from the task definitions " +
			"in the configuration, without asking the server, so a plan can show the pipeline it is about to " +
			"apply: " + use + ". Pass a list of " +
			"`vidispine_task_definition` resources (or a map of them from `for_each`, or the `task_definitions` of " +
			"`data.vidispine_task_definitions`). The result is unknown while something it draws (a step's job type, " +
			"number, description, bean, method, critical, cleanup or dependencies) is unknown; an unknown script does not " +
			"matter.\n\n" + layout + "\n\n" +
			"It fails when the task definitions belong to more than one job type, when two define the same step, " +
			"when a dependency names a step that is not among them, or when the dependencies form a cycle.",
		Parameters: []function.Parameter{
			function.DynamicParameter{
				Name: "task_definitions",
				MarkdownDescription: "The steps: a list, tuple, set or map of objects with the attributes of " +
					"`vidispine_task_definition` (`job_type`, `step`, `description`, `bean`, `method`, `critical`, " +
					"`cleanup`, `dependency`, `parallel_dependency`; a step without `bean` is a script step; other " +
					"attributes are ignored).",
				AllowUnknownValues: true,
			},
		},
		Return: function.StringReturn{},
	}
}

// runPipelineFunction is the Run of pipeline_dot and pipeline_mermaid: it reads the steps,
// builds the graph and returns render's drawing of it, unknown while the steps are.
func runPipelineFunction(ctx context.Context, req function.RunRequest, resp *function.RunResponse, render func(*pipelineGraph) string) {
	var arg types.Dynamic
	resp.Error = req.Arguments.Get(ctx, &arg)
	if resp.Error != nil {
		return
	}
	jobType, steps, allKnown, err := pipelineStepsFrom(arg)
	switch {
	case err != nil:
		resp.Error = function.NewArgumentFuncError(0, err.Error())
	case !allKnown:
		resp.Error = resp.Result.Set(ctx, types.StringUnknown())
	default:
		g, err := newPipelineGraph(jobType, steps)
		if err != nil {
			resp.Error = function.NewArgumentFuncError(0, err.Error())
			return
		}
		resp.Error = resp.Result.Set(ctx, types.StringValue(render(g)))
	}
}

// pipelineStepsFrom reads the steps out of the argument; allKnown is false when something the
// graph depends on is not known yet.
func pipelineStepsFrom(arg types.Dynamic) (jobType string, steps []pipelineStep, allKnown bool, _ error) {
	if arg.IsUnknown() || arg.IsUnderlyingValueUnknown() {
		return "", nil, false, nil
	}
	var elems []attr.Value
	switch v := arg.UnderlyingValue().(type) {
	case basetypes.TupleValue:
		elems = v.Elements()
	case basetypes.ListValue:
		elems = v.Elements()
	case basetypes.SetValue:
		elems = v.Elements()
	case basetypes.MapValue:
		for _, k := range slices.Sorted(maps.Keys(v.Elements())) {
			elems = append(elems, v.Elements()[k])
		}
	case basetypes.ObjectValue:
		for _, k := range slices.Sorted(maps.Keys(v.Attributes())) {
			elems = append(elems, v.Attributes()[k])
		}
	default:
		return "", nil, false, fmt.Errorf("task_definitions must be a list or map of task definitions, got %s", arg.UnderlyingValue().Type(context.Background()))
	}
	if len(elems) == 0 {
		return "", nil, false, fmt.Errorf("task_definitions is empty: pass the steps of one job type")
	}
	allKnown = true
	for i, e := range elems {
		if e.IsUnknown() {
			allKnown = false
			continue
		}
		obj, ok := e.(basetypes.ObjectValue)
		if !ok || obj.IsNull() {
			return "", nil, false, fmt.Errorf("element %d of task_definitions is not a task definition object", i)
		}
		r := objectReader{attrs: obj.Attributes()}
		typ := r.str("job_type")
		s := pipelineStep{
			step: r.num("step", true), description: r.str("description"), bean: r.str("bean"), method: r.str("method"),
			critical: r.boolOr("critical", defaultTaskCritical), cleanup: r.boolOr("cleanup", defaultTaskCleanup),
			dependency: r.dependency("dependency"), parallel: r.dependency("parallel_dependency"),
		}
		// A step runs exactly one of script and bean: without a bean it is a script step, even while
		// its script (from templatefile(), say) is not known yet.
		s.script = s.bean == ""
		if r.missing != "" {
			return "", nil, false, fmt.Errorf("element %d of task_definitions has no valid %q attribute", i, r.missing)
		}
		if r.unknown {
			allKnown = false
			continue
		}
		if jobType != "" && typ != jobType {
			return "", nil, false, fmt.Errorf("task_definitions mixes job types %s and %s: draw one job type at a time", jobType, typ)
		}
		jobType = typ
		steps = append(steps, s)
	}
	return jobType, steps, allKnown, nil
}

// objectReader reads attributes of one element, remembering the first required one that is
// absent and whether any was unknown.
type objectReader struct {
	attrs   map[string]attr.Value
	missing string
	unknown bool
}

func (r *objectReader) get(name string, required bool) attr.Value {
	v, ok := r.attrs[name]
	switch {
	case !ok || v == nil || (required && v.IsNull()):
		if required && r.missing == "" {
			r.missing = name
		}
		return nil
	case v.IsUnknown():
		r.unknown = true
		return nil
	case v.IsNull():
		return nil
	}
	return v
}

func (r *objectReader) str(name string) string {
	if v, ok := r.get(name, name == "job_type").(basetypes.StringValue); ok {
		return v.ValueString()
	}
	return ""
}

func (r *objectReader) num(name string, required bool) int64 {
	switch v := r.get(name, required).(type) {
	case basetypes.NumberValue:
		n, _ := v.ValueBigFloat().Int64()
		return n
	case basetypes.Int64Value:
		return v.ValueInt64()
	}
	return 0
}

func (r *objectReader) boolOr(name string, def bool) bool {
	if v, ok := r.get(name, false).(basetypes.BoolValue); ok {
		return v.ValueBool()
	}
	return def
}

func (r *objectReader) dependency(name string) *pipelineDependency {
	v, ok := r.get(name, false).(basetypes.ObjectValue)
	if !ok {
		return nil
	}
	inner := objectReader{attrs: v.Attributes()}
	d := &pipelineDependency{step: inner.num("step", false), previous: inner.boolOr("previous", false),
		allPrevious: inner.boolOr("all_previous", false)}
	r.unknown = r.unknown || inner.unknown
	return d
}

// pipelineStepsFromAPI is the graph's view of task definitions read from the server.
func pipelineStepsFromAPI(list []vidispine.TaskDefinition) []pipelineStep {
	dep := func(d *vidispine.TaskDependency) *pipelineDependency {
		if d == nil {
			return nil
		}
		p := &pipelineDependency{previous: boolOr(d.Previous, false), allPrevious: boolOr(d.AllPrevious, false)}
		if d.Step != nil {
			p.step = int64(*d.Step)
		}
		return p
	}
	steps := make([]pipelineStep, 0, len(list))
	for _, td := range list {
		steps = append(steps, pipelineStep{
			step: int64(td.Step), description: td.Description, script: td.Bean == "", bean: td.Bean, method: td.Method,
			critical: boolOr(td.Critical, defaultTaskCritical), cleanup: boolOr(td.Cleanup, defaultTaskCleanup),
			dependency: dep(td.Dependency), parallel: dep(td.ParallelDependency),
		})
	}
	return steps
}

// pipelineGraph is the checked step graph of one job type: its regular and cleanup sequences,
// each in step order, and its edges in drawing order.
type pipelineGraph struct {
	jobType   string
	sequences [2][]pipelineStep // regular steps, cleanup steps
	edges     []pipelineEdge
}

// newPipelineGraph builds the graph of one job type's steps, or explains why they do not form
// a pipeline: a step defined twice, a dependency on a step that is not among them, a cycle.
func newPipelineGraph(jobType string, steps []pipelineStep) (*pipelineGraph, error) {
	steps = slices.Clone(steps)
	slices.SortStableFunc(steps, func(a, b pipelineStep) int { return int(a.step - b.step) })
	g := &pipelineGraph{jobType: jobType}
	defined := map[int64]bool{}
	for _, s := range steps {
		if defined[s.step] {
			return nil, fmt.Errorf("step %d of job type %s is defined twice", s.step, jobType)
		}
		defined[s.step] = true
		if s.cleanup {
			g.sequences[1] = append(g.sequences[1], s)
		} else {
			g.sequences[0] = append(g.sequences[0], s)
		}
	}

	add := func(e pipelineEdge) {
		if !slices.Contains(g.edges, e) {
			g.edges = append(g.edges, e)
		}
	}
	for _, seq := range g.sequences {
		for i, s := range seq {
			if s.dependency == nil && s.parallel == nil && i > 0 {
				add(pipelineEdge{seq[i-1].step, s.step, false})
			}
			for _, d := range []struct {
				dep      *pipelineDependency
				parallel bool
			}{{s.dependency, false}, {s.parallel, true}} {
				if d.dep == nil {
					continue
				}
				if d.dep.allPrevious {
					for _, p := range seq[:i] {
						add(pipelineEdge{p.step, s.step, d.parallel})
					}
				} else if d.dep.previous && i > 0 {
					add(pipelineEdge{seq[i-1].step, s.step, d.parallel})
				}
				if d.dep.step > 0 {
					if !defined[d.dep.step] {
						return nil, fmt.Errorf("step %d of job type %s depends on step %d, which is not among the task definitions",
							s.step, jobType, d.dep.step)
					}
					add(pipelineEdge{d.dep.step, s.step, d.parallel})
				}
			}
		}
	}
	if cycle := pipelineCycle(g.edges); cycle != nil {
		return nil, fmt.Errorf("the dependencies of job type %s form a cycle: step %s", jobType,
			strings.Join(cycle, " → step "))
	}
	slices.SortFunc(g.edges, func(a, b pipelineEdge) int {
		if a.to != b.to {
			return int(a.to - b.to)
		}
		if a.parallel != b.parallel {
			if a.parallel {
				return 1
			}
			return -1
		}
		return int(a.from - b.from)
	})
	return g, nil
}

// labelLines are the lines of a step's label: "N: description", then `script` or
// Bean.method, then `non-critical` when critical = false.
func (s pipelineStep) labelLines() []string {
	lines := []string{strconv.FormatInt(s.step, 10)}
	if s.description != "" {
		lines[0] += ": " + s.description
	}
	if s.script {
		lines = append(lines, "script")
	} else {
		lines = append(lines, s.bean+"."+s.method)
	}
	if !s.critical {
		lines = append(lines, "non-critical")
	}
	return lines
}

// pipelineDotFormat documents the DOT rendering; the mock server builds the same text
// independently for GET /API/task-definition/jobtype/{type}/graph/dot.
const pipelineDotFormat = "The graph is a `digraph` named after the job type, with `rankdir=TB` and boxes. Each step is " +
	"a node `stepN` labelled `N: description`, then `script` or `Bean.method`, then `non-critical` when " +
	"`critical = false`, in step order. Cleanup steps are drawn in a dashed `cluster_cleanup` subgraph and form " +
	"their own sequence. " + pipelineEdgesFormat + " The server's own graph " +
	"(`data.vidispine_job_type.x.graph_dot`) may be laid out differently on a real VidiCore."

// pipelineSyntax is how one rendering writes each part of the graph: its steps in step order
// (the cleanup steps inside cleanupOpen and cleanupClose), then its edges in drawing order.
type pipelineSyntax struct {
	header, cleanupOpen, cleanupClose, footer string
	node                                      func(pipelineStep) string
	edge                                      func(pipelineEdge) string
}

func (g *pipelineGraph) render(r pipelineSyntax) string {
	var out strings.Builder
	out.WriteString(r.header)
	for _, s := range g.sequences[0] {
		out.WriteString("  " + r.node(s) + "\n")
	}
	if len(g.sequences[1]) > 0 {
		out.WriteString(r.cleanupOpen)
		for _, s := range g.sequences[1] {
			out.WriteString("    " + r.node(s) + "\n")
		}
		out.WriteString(r.cleanupClose)
	}
	for _, e := range g.edges {
		out.WriteString("  " + r.edge(e) + "\n")
	}
	out.WriteString(r.footer)
	return out.String()
}

// dot draws the graph in Graphviz DOT.
func (g *pipelineGraph) dot() string {
	return g.render(pipelineSyntax{
		header:       "digraph " + dotString(g.jobType) + " {\n  rankdir=TB;\n  node [shape=box];\n",
		cleanupOpen:  "  subgraph cluster_cleanup {\n    label=\"cleanup (job failed or aborted)\";\n    style=dashed;\n",
		cleanupClose: "  }\n",
		footer:       "}\n",
		node: func(s pipelineStep) string {
			return fmt.Sprintf("step%d [label=%s];", s.step, dotString(strings.Join(s.labelLines(), "\n")))
		},
		edge: func(e pipelineEdge) string {
			attrs := ""
			if e.parallel {
				attrs = ` [style=dashed, label="parallel"]`
			}
			return fmt.Sprintf("step%d -> step%d%s;", e.from, e.to, attrs)
		},
	})
}

// dotString quotes s for DOT: backslashes and quotes escaped, newlines as DOT's \n.
func dotString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	s = strings.ReplaceAll(s, "\r", "")
	return `"` + strings.ReplaceAll(s, "\n", `\n`) + `"`
}

// pipelineMermaidFormat documents the Mermaid rendering.
const pipelineMermaidFormat = "The graph is a Mermaid `flowchart TB` titled with the job type (front matter), " +
	"as GitHub and GitLab draw it in a `mermaid` code block. Each step is a box `stepN` labelled `N: description`, then `script` or " +
	"`Bean.method`, then `non-critical` when `critical = false`, one line each, in step order. Cleanup steps are " +
	"drawn in a dashed subgraph `cleanup` and form their own sequence. " + pipelineEdgesFormat + " The nodes and " +
	"edges are those of `pipeline_dot` for the same steps."

// mermaid draws the graph as a Mermaid flowchart.
func (g *pipelineGraph) mermaid() string {
	title, _ := json.Marshal(g.jobType) // a JSON string is a YAML double-quoted scalar
	return g.render(pipelineSyntax{
		header:       fmt.Sprintf("---\ntitle: %s\n---\nflowchart TB\n", title),
		cleanupOpen:  "  subgraph cleanup [\"cleanup (job failed or aborted)\"]\n",
		cleanupClose: "  end\n  style cleanup stroke-dasharray: 5 5\n",
		node: func(s pipelineStep) string {
			lines := s.labelLines()
			for i, l := range lines {
				lines[i] = mermaidText(l)
			}
			return fmt.Sprintf("step%d[\"%s\"]", s.step, strings.Join(lines, "<br/>"))
		},
		edge: func(e pipelineEdge) string {
			arrow := "-->"
			if e.parallel {
				arrow = "-. parallel .->"
			}
			return fmt.Sprintf("step%d %s step%d", e.from, arrow, e.to)
		},
	})
}

// mermaidText escapes s for a quoted Mermaid label, with Mermaid's entity codes: the quote
// that would end it, # that starts an entity code, the characters Mermaid reads as HTML or
// Markdown (<, >, &, a backtick), and line breaks as spaces.
var mermaidText = strings.NewReplacer(
	"#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "&", "#amp;", "`", "#96;", "\r", "", "\n", " ",
).Replace

// pipelineCycle returns the steps of one cycle among edges (first step repeated at the end),
// or nil.
func pipelineCycle(edges []pipelineEdge) []string {
	next := map[int64][]int64{}
	var nodes []int64
	for _, e := range edges {
		next[e.from] = append(next[e.from], e.to)
		nodes = append(nodes, e.from, e.to)
	}
	slices.Sort(nodes)
	nodes = slices.Compact(nodes)
	const (
		unvisited = iota
		onPath
		done
	)
	state := map[int64]int{}
	var path []int64
	var visit func(n int64) []string
	visit = func(n int64) []string {
		state[n] = onPath
		path = append(path, n)
		for _, m := range next[n] {
			switch state[m] {
			case onPath:
				start := slices.Index(path, m)
				var cycle []string
				for _, p := range append(slices.Clone(path[start:]), m) {
					cycle = append(cycle, strconv.FormatInt(p, 10))
				}
				return cycle
			case unvisited:
				if c := visit(m); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		state[n] = done
		return nil
	}
	for _, n := range nodes {
		if state[n] == unvisited {
			if c := visit(n); c != nil {
				return c
			}
		}
	}
	return nil
}
