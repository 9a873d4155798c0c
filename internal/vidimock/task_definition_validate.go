package vidimock

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// Bean validation: GET /API/task-definition/{id}/validate and
// GET /API/task-definition/jobtype/{type}/step/{step}/validate check that the bean of a step
// resolves and has the method; for a script step they do nothing (SDK TaskDefinitionApi:
// "Verifies that the bean referred to in the task can be resolved and that it contains the
// specified method. Does nothing if the task is a script task."; Accept text/plain).
//
// The specification gives only "informational status text" as the answer. The mock answers
// 200 with one line of text when the step is valid, and 400 with VidiCore's text/plain error
// form ("400 An invalid parameter was entered", then Context, ID and Reason lines, CRLF) when
// the bean or the method does not resolve. The exact wording of the real server is not known.

// DefaultBeans are the beans and methods the mock knows when Options.Beans is nil: those of
// its seed task definitions and TranscodeBean, which the examples and tests use.
func DefaultBeans() map[string][]string {
	beans := map[string][]string{"TranscodeBean": {"transcode", "run"}}
	for _, row := range tableRows(seedTaskDefinitions) {
		if bean, method, ok := strings.Cut(row[3], "."); ok && !strings.HasPrefix(row[3], "script:") {
			if !slices.Contains(beans[bean], method) {
				beans[bean] = append(beans[bean], method)
			}
		}
	}
	return beans
}

// validateTaskDefinition: GET /API/task-definition/{id}/validate.
func (c *call) validateTaskDefinition() {
	c.withTaskDefinition(c.taskDefinitionFromPath, c.validateBean)
}

// validateTaskDefinitionByStep: GET /API/task-definition/jobtype/{type}/step/{step}/validate.
func (c *call) validateTaskDefinitionByStep() {
	c.withTaskDefinition(c.taskDefinitionFromStepPath, c.validateBean)
}

func (c *call) validateBean(td *taskDefinition) {
	if td.Script != "" {
		c.text(fmt.Sprintf("Task definition %d is a script task: nothing to validate", td.ID))
		return
	}
	reason := beanProblem(c.s.beans, td.Bean, td.Method)
	if reason == "" {
		c.text(fmt.Sprintf("Task definition %d: bean %s resolved, method %s found", td.ID, td.Bean, td.Method))
		return
	}
	c.status = http.StatusBadRequest
	c.w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
	c.w.WriteHeader(c.status)
	_, _ = io.WriteString(c.w, fmt.Sprintf("400 An invalid parameter was entered\r\nContext: task-definition\r\n"+
		"ID: %d\r\nReason: %s\r\n", td.ID, reason))
}

// beanProblem is why bean.method does not resolve among beans, "" when it does; validate
// answers it and a bean step of a job run fails with it.
func beanProblem(beans map[string][]string, bean, method string) string {
	methods, known := beans[bean]
	switch {
	case !known:
		return "Could not resolve bean " + bean
	case !slices.Contains(methods, method):
		return "Bean " + bean + " has no method " + method
	}
	return ""
}

// ParseBeans reads the -beans flag of the standalone mock: "Bean.method,Bean.other,...".
func ParseBeans(s string) (map[string][]string, error) {
	beans := map[string][]string{}
	for _, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		// A bean may be a class name with dots: the method is after the last one.
		i := strings.LastIndexByte(entry, '.')
		bean, method := entry[:max(i, 0)], entry[i+1:]
		if i <= 0 || method == "" {
			return nil, fmt.Errorf("%q is not Bean.method", entry)
		}
		beans[bean] = append(beans[bean], method)
	}
	return beans, nil
}
