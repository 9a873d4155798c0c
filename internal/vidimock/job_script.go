package vidimock

import (
	"fmt"
	"slices"
	"time"

	"github.com/dop251/goja"
)

// stepResult is the outcome of one try of a step.
type stepResult struct {
	ok    bool
	fatal bool   // fatalFail: the job fails, no retry
	msg   string // why the try failed
}

// scriptStop is what job.fail, job.fatalFail and the timeout interrupt a script with.
type scriptStop struct {
	fatal bool
	msg   string
}

// execute runs one try of t at the instant at: its script, its bean, or (a generic step of a
// type without task definitions) nothing.
func (r *jobRun) execute(j *job, t *runTask, at time.Time) stepResult {
	if t == r.main[len(r.main)-1] && (j.outcome == "FAILED_TOTAL" || j.outcome == "ABORTED") {
		return stepResult{fatal: true, msg: j.failureMessage()} // mockOutcome asked for it
	}
	td := t.def
	switch {
	case td.Script != "":
		return runScript(j, t, at, scriptTimeout)
	case td.Bean == "":
		return stepResult{ok: true}
	}
	if msg := beanProblem(r.beans, td.Bean, td.Method); msg != "" {
		return stepResult{msg: msg}
	}
	return stepResult{ok: true}
}

// runScript runs the script of t in a fresh goja runtime with the job object of VidiCore's
// JavaScript tasks. Job data changes take effect at once, also when the try fails later.
func runScript(j *job, t *runTask, at time.Time, timeout time.Duration) stepResult {
	vm := goja.New()
	obj := vm.NewObject()
	str := func(v string) goja.Value { return vm.ToValue(v) }
	key := func(c goja.FunctionCall) string { return c.Argument(0).String() }
	methods := map[string]func(goja.FunctionCall) goja.Value{
		"getId":     func(goja.FunctionCall) goja.Value { return str(j.id()) },
		"getStepId": func(goja.FunctionCall) goja.Value { return vm.ToValue(*t.def.Step) },
		"getUser":   func(goja.FunctionCall) goja.Value { return str(j.user) },
		"getData": func(c goja.FunctionCall) goja.Value {
			if v, ok := j.lookup(key(c)); ok {
				return str(v)
			}
			return goja.Null()
		},
		"getDataOrDefault": func(c goja.FunctionCall) goja.Value {
			if v, ok := j.lookup(key(c)); ok {
				return str(v)
			}
			return c.Argument(1)
		},
		"containsKey": func(c goja.FunctionCall) goja.Value {
			_, ok := j.lookup(key(c))
			return vm.ToValue(ok)
		},
		"getKeys": func(goja.FunctionCall) goja.Value {
			keys := make([]any, len(j.data))
			for i, d := range j.data {
				keys[i] = d.Key
			}
			return vm.NewArray(keys...)
		},
		"setData": func(c goja.FunctionCall) goja.Value {
			j.setData(key(c), c.Argument(1).String())
			return goja.Undefined()
		},
		"deleteData": func(c goja.FunctionCall) goja.Value {
			j.data = slices.DeleteFunc(j.data, func(d keyValue) bool { return d.Key == key(c) })
			return goja.Undefined()
		},
		"log": func(c goja.FunctionCall) goja.Value {
			t.subSteps = append(t.subSteps, subStepDocument{formatTime(at), c.Argument(0).String()})
			return goja.Undefined()
		},
		"fail": func(c goja.FunctionCall) goja.Value {
			vm.Interrupt(scriptStop{msg: c.Argument(0).String()})
			return goja.Undefined()
		},
		"fatalFail": func(c goja.FunctionCall) goja.Value {
			vm.Interrupt(scriptStop{fatal: true, msg: c.Argument(0).String()})
			return goja.Undefined()
		},
		"wait": func(goja.FunctionCall) goja.Value {
			panic(vm.NewTypeError("job.wait is not emulated by vidimock: a waiting job needs a real server"))
		},
	}
	for name, fn := range methods {
		_ = obj.Set(name, fn)
	}
	_ = vm.Set("job", obj)

	timer := time.AfterFunc(timeout, func() {
		vm.Interrupt(scriptStop{msg: fmt.Sprintf("the script ran longer than %s and was interrupted", timeout)})
	})
	_, err := vm.RunString(t.def.Script)
	timer.Stop()
	switch e := err.(type) {
	case nil:
		return stepResult{ok: true}
	case *goja.InterruptedError:
		if stop, ok := e.Value().(scriptStop); ok {
			return stepResult{fatal: stop.fatal, msg: stop.msg}
		}
	case *goja.Exception:
		return stepResult{msg: e.Value().String()}
	}
	return stepResult{msg: err.Error()}
}

// lookup returns the job data value of key.
func (j *job) lookup(key string) (string, bool) {
	for _, d := range j.data {
		if d.Key == key {
			return d.Value, true
		}
	}
	return "", false
}

// setData sets key to value, in place when the key exists, else at the end.
func (j *job) setData(key, value string) {
	for i := range j.data {
		if j.data[i].Key == key {
			j.data[i].Value = value
			return
		}
	}
	j.data = append(j.data, keyValue{key, value})
}
