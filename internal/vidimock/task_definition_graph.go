package vidimock

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The job graph: GET /API/task-definition/jobtype/{type}/graph/dot answers the step graph of a
// job type in Graphviz DOT (SDK TaskDefinitionApi get_task_definition_job_graph_dot, Accept
// text/vnd.graphviz or text/plain; administrators only).
//
// The documentation does not show a real graph, so this is a design of our own, documented in
// the provider's pipeline_dot function too (which builds the same text from configuration):
//
//	digraph "TYPE" {
//	  rankdir=TB;
//	  node [shape=box];
//	  step10 [label="10: description\nscript"];              // or "\nBean.method"; "\nnon-critical"
//	  subgraph cluster_cleanup {                            // only when there are cleanup steps
//	    label="cleanup (job failed or aborted)";
//	    style=dashed;
//	    step900 [label="900: ...\nscript"];
//	  }
//	  step10 -> step20;                                     // dependency (or implicit order)
//	  step10 -> step30 [style=dashed, label="parallel"];     // parallel dependency
//	}
//
// Nodes are in step order; edges are sorted by target step, then plain before parallel, then
// source step. Cleanup steps form their own sequence. A step without dependency and parallel
// dependency follows the step before it in its sequence; `previous` means that step,
// `allPrevious` every earlier step of the sequence, `step` N>0 step N; a dependency with none
// of them set starts with the job. A dependency on a step that does not exist is drawn to a
// dotted node labelled "N (missing)".

// jobTypeGraphDOT: GET /API/task-definition/jobtype/{type}/graph/dot.
func (c *call) jobTypeGraphDOT() {
	typ := c.params["type"]
	if !c.s.state.jobTypeExists(typ) {
		c.fail(errNotFound("job-type", typ, ""))
		return
	}
	c.status = http.StatusOK
	c.w.Header().Set("Content-Type", "text/vnd.graphviz;charset=UTF-8")
	c.w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(c.w, jobGraphDOT(typ, c.s.state.taskDefinitionsOfType(typ)))
}

type graphEdge struct {
	from, to int
	parallel bool
}

// jobGraphDOT renders the steps of one job type (in step order) as DOT.
func jobGraphDOT(typ string, steps []*taskDefinition) string {
	var main, cleanup []*taskDefinition
	exists := map[int]bool{}
	for _, td := range steps {
		exists[*td.Step] = true
		if td.Cleanup != nil && *td.Cleanup {
			cleanup = append(cleanup, td)
		} else {
			main = append(main, td)
		}
	}
	var edges []graphEdge
	missing := map[int]bool{}
	for _, seq := range [][]*taskDefinition{main, cleanup} {
		for i, td := range seq {
			for _, d := range dependencies(td, i) {
				var from []int
				for _, p := range seq[d.from:i] {
					from = append(from, *p.Step)
				}
				if d.step > 0 {
					from = append(from, d.step)
					missing[d.step] = !exists[d.step]
				}
				for _, f := range from {
					e := graphEdge{f, *td.Step, d.parallel}
					if !slices.Contains(edges, e) {
						edges = append(edges, e)
					}
				}
			}
		}
	}
	slices.SortFunc(edges, func(a, b graphEdge) int {
		switch {
		case a.to != b.to:
			return a.to - b.to
		case a.parallel != b.parallel:
			if a.parallel {
				return 1
			}
			return -1
		}
		return a.from - b.from
	})

	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n  rankdir=TB;\n  node [shape=box];\n", dotQuote(typ))
	for _, td := range main {
		writeNode(&b, "  ", td)
	}
	var absent []int
	for step, m := range missing {
		if m {
			absent = append(absent, step)
		}
	}
	slices.Sort(absent)
	for _, step := range absent {
		fmt.Fprintf(&b, "  step%d [label=%s, style=dotted];\n", step, dotQuote(strconv.Itoa(step)+" (missing)"))
	}
	if len(cleanup) > 0 {
		b.WriteString("  subgraph cluster_cleanup {\n    label=\"cleanup (job failed or aborted)\";\n    style=dashed;\n")
		for _, td := range cleanup {
			writeNode(&b, "    ", td)
		}
		b.WriteString("  }\n")
	}
	for _, e := range edges {
		fmt.Fprintf(&b, "  step%d -> step%d", e.from, e.to)
		if e.parallel {
			b.WriteString(` [style=dashed, label="parallel"]`)
		}
		b.WriteString(";\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// dependencyRef is one thing step i of a sequence waits for: the earlier steps of its sequence
// from position from on, and the step numbered step (0: none). A parallel dependency waits for
// them to start, the others for them to end.
type dependencyRef struct {
	from, step int
	parallel   bool
}

// dependencies lists what step i (td) of a sequence waits for, by the rules above; the job run
// (job_run.go) and the graph both read them from here.
func dependencies(td *taskDefinition, i int) []dependencyRef {
	if td.Dependency == nil && td.ParallelDependency == nil {
		return []dependencyRef{{from: max(i-1, 0)}}
	}
	var out []dependencyRef
	for _, d := range []struct {
		dep      *dependency
		parallel bool
	}{{td.Dependency, false}, {td.ParallelDependency, true}} {
		if d.dep == nil {
			continue
		}
		r := dependencyRef{from: i, parallel: d.parallel}
		switch {
		case d.dep.AllPrevious != nil && *d.dep.AllPrevious:
			r.from = 0
		case d.dep.Previous != nil && *d.dep.Previous && i > 0:
			r.from = i - 1
		}
		if st := d.dep.Step; st != nil && *st > 0 {
			r.step = *st
		}
		out = append(out, r)
	}
	return out
}

func writeNode(b *strings.Builder, indent string, td *taskDefinition) {
	label := strconv.Itoa(*td.Step)
	if td.Description != "" {
		label += ": " + td.Description
	}
	if td.Script != "" {
		label += "\nscript"
	} else {
		label += "\n" + td.Bean + "." + td.Method
	}
	if td.Critical != nil && !*td.Critical {
		label += "\nnon-critical"
	}
	fmt.Fprintf(b, "%sstep%d [label=%s];\n", indent, *td.Step, dotQuote(label))
}

// dotQuote makes s a DOT quoted string; a newline becomes DOT's \n line break.
func dotQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", "", "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
