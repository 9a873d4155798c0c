package benchmarks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mediaops/terraform-provider-vidispine/internal/vidimock"
)

// TestMain runs the benchmarks, then prints every figure they recorded as one table, the
// form BENCHMARKS.md quotes.
func TestMain(m *testing.M) {
	code := m.Run()
	printFigures()
	os.Exit(code)
}

// smallestOnly is set by `make bench-smoke` (BENCH_SMALLEST=1, which .ci/run uses): each
// benchmark runs only at its smallest size, so every benchmark runs once in about a minute and
// one that no longer works fails CI instead of the next `make bench`.
var smallestOnly = os.Getenv("BENCH_SMALLEST") == "1"

// sizes returns the sizes a benchmark runs, smallest first: all of them, or only the first
// with BENCH_SMALLEST=1.
func sizes(all ...int) []int {
	if smallestOnly {
		return all[:1]
	}
	return all
}

// figure is one recorded measurement, also reported through b.ReportMetric.
type figure struct {
	bench, name, unit string
	value             float64
}

var (
	figuresMu sync.Mutex
	figures   []figure
)

// report records a figure for the final table and reports it to the benchmark framework.
func report(b *testing.B, value float64, name, unit string) {
	b.Helper()
	b.ReportMetric(value, name+"/"+unit)
	figuresMu.Lock()
	defer figuresMu.Unlock()
	figures = append(figures, figure{bench: b.Name(), name: name, unit: unit, value: value})
}

func printFigures() {
	figuresMu.Lock()
	defer figuresMu.Unlock()
	if len(figures) == 0 {
		return
	}
	fmt.Println()
	fmt.Println("| benchmark | figure | value | unit |")
	fmt.Println("|---|---|---:|---|")
	for _, f := range figures {
		fmt.Printf("| %s | %s | %s | %s |\n", f.bench, f.name, formatValue(f.value), f.unit)
	}
}

func formatValue(v float64) string {
	switch {
	case v == float64(int64(v)):
		return strconv.FormatInt(int64(v), 10)
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
}

// cliEnv is what every CLI-driven benchmark shares: the Terraform CLI, the provider binary
// built once, and a CLI configuration that points Terraform at it through dev_overrides.
type cliEnv struct {
	terraform string
	pluginDir string
	cliConfig string
}

var (
	envOnce sync.Once
	envVal  *cliEnv
	envErr  error
)

// setupCLI builds the provider once per test binary; benchmarks skip when no CLI is found.
func setupCLI(b *testing.B) *cliEnv {
	b.Helper()
	envOnce.Do(func() { envVal, envErr = buildCLIEnv() })
	if envErr != nil {
		b.Skipf("CLI benchmarks need a Terraform CLI and a buildable provider: %v", envErr)
	}
	return envVal
}

func buildCLIEnv() (*cliEnv, error) {
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			return nil, fmt.Errorf("set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
		tf = p
	}
	dir, err := os.MkdirTemp("", "vidispine-bench-")
	if err != nil {
		return nil, err
	}
	pluginDir := filepath.Join(dir, "plugins")
	if err := os.MkdirAll(pluginDir, 0o755); err != nil {
		return nil, err
	}
	// The provider (the module root is two folders up from this package) and the floor
	// provider of ./floor.
	for name, pkg := range map[string]string{"terraform-provider-vidispine": "../..", "terraform-provider-floor": "./floor"} {
		build := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(pluginDir, name), pkg)
		build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("building %s: %v\n%s", name, err, out)
		}
	}
	cfg := filepath.Join(dir, "dev.tfrc")
	text := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"mediaops/vidispine\" = %[1]q\n"+
		"    \"mediaops/floor\" = %[1]q\n  }\n  direct {}\n}\n", pluginDir)
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		return nil, err
	}
	return &cliEnv{terraform: tf, pluginDir: pluginDir, cliConfig: cfg}, nil
}

// startMock starts an in-process mock with a real clock; it stops with the benchmark.
func startMock(b *testing.B, opts vidimock.Options) *vidimock.Server {
	b.Helper()
	srv, err := vidimock.Start(opts)
	if err != nil {
		b.Fatalf("starting the mock: %v", err)
	}
	b.Cleanup(srv.Close)
	return srv
}

// providerHCL is the terraform block and provider configuration for srv as the admin user.
func providerHCL(srv *vidimock.Server) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    vidispine = { source = "mediaops/vidispine" }
  }
}

provider "vidispine" {
  url      = %q
  username = %q
  password = %q
}
`, srv.URL(), vidimock.AdminUser, vidimock.AdminPassword)
}

// workdir writes main.tf into a fresh folder.
func workdir(b *testing.B, hcl string) string {
	b.Helper()
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(hcl), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// run is the outcome of one CLI command.
type run struct {
	wall         time.Duration
	providerPeak int64 // highest VmHWM of a provider process started by the command, bytes
	stdout       string
	exitCode     int
}

// tf runs one Terraform command in dir, watching the provider processes it starts for
// their peak resident memory. Exit codes listed in okCodes are not failures.
func (e *cliEnv) tf(b *testing.B, dir string, okCodes []int, args ...string) run {
	b.Helper()
	cmd := exec.Command(e.terraform, args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), "TF_CLI_CONFIG_FILE="+e.cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	ctx, stop := context.WithCancel(context.Background())
	peak := make(chan int64, 1)
	go func() { peak <- watchProviderRSS(ctx, cmd.Process.Pid) }()
	err := cmd.Wait()
	r := run{wall: time.Since(start), stdout: stdout.String()}
	stop()
	r.providerPeak = <-peak
	if err != nil {
		r.exitCode = cmd.ProcessState.ExitCode()
		if !containsInt(okCodes, r.exitCode) {
			b.Fatalf("terraform %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, tail(stdout.String()), tail(stderr.String()))
		}
	}
	return r
}

// apply, plan and destroy as a user would run them in automation.
func (e *cliEnv) apply(b *testing.B, dir string) run {
	return e.tf(b, dir, nil, "apply", "-auto-approve", "-input=false", "-no-color")
}

// planNoChanges runs a refreshing plan and fails the benchmark unless it is empty.
func (e *cliEnv) planNoChanges(b *testing.B, dir string) run {
	b.Helper()
	r := e.tf(b, dir, []int{2}, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if r.exitCode != 0 {
		b.Fatalf("the plan after apply is not empty:\n%s", tail(r.stdout))
	}
	return r
}

func (e *cliEnv) destroy(b *testing.B, dir string) run {
	return e.tf(b, dir, nil, "destroy", "-auto-approve", "-input=false", "-no-color")
}

// cleanEnv is the environment without logging and CLI settings of the caller's shell.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "VIDISPINE_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// watchProviderRSS polls /proc until ctx ends and returns the highest peak resident set size
// (VmHWM) seen for any terraform-provider-vidispine process below root. VmHWM is the kernel's
// own high-water mark, so sampling only has to catch the process before it exits.
func watchProviderRSS(ctx context.Context, root int) int64 {
	var peak int64
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		for _, pid := range providerPIDs(root) {
			if hwm := readVmHWM(pid); hwm > peak {
				peak = hwm
			}
		}
		select {
		case <-ctx.Done():
			return peak
		case <-tick.C:
		}
	}
}

// providerPIDs lists processes whose parent is root and whose command is the provider
// (the kernel truncates comm to 15 characters: "terraform-provi").
func providerPIDs(root int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		raw, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(raw)
		open, closeIdx := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || closeIdx < open {
			continue
		}
		comm := s[open+1 : closeIdx]
		fields := strings.Fields(s[closeIdx+1:])
		if len(fields) < 2 || !strings.HasPrefix(comm, "terraform-provi") {
			continue
		}
		if ppid, _ := strconv.Atoi(fields[1]); ppid == root {
			pids = append(pids, pid)
		}
	}
	return pids
}

func readVmHWM(pid int) int64 {
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v) // "12345 kB"
			if len(f) >= 1 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// totalRequests sums the mock's per-route counters whose key starts with prefix ("" = all).
func totalRequests(srv *vidimock.Server, prefix string) int {
	n := 0
	for k, v := range srv.Requests() {
		if strings.HasPrefix(k, prefix) {
			n += v
		}
	}
	return n
}

// requestBreakdown formats the counters for a failure message, busiest first.
func requestBreakdown(srv *vidimock.Server) string {
	type kv struct {
		k string
		v int
	}
	var list []kv
	for k, v := range srv.Requests() {
		list = append(list, kv{k, v})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].v > list[j].v })
	var sb strings.Builder
	for _, e := range list {
		fmt.Fprintf(&sb, "  %6d %s\n", e.v, e.k)
	}
	return sb.String()
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func tail(s string) string {
	const keep = 4000
	if len(s) > keep {
		return "…" + s[len(s)-keep:]
	}
	return s
}

func seconds(d time.Duration) float64 { return d.Seconds() }

func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }
