// Package benchmarks measures the provider end to end: the real provider binary driven by the
// Terraform CLI against the in-process mock VidiREST server, beside Terraform's own cost for the
// same number of terraform_data resources. Everything lives in _test.go files and runs only with
// -bench (see BENCHMARKS.md at the repository root and `make bench`); plain `go test ./...`
// compiles the package and runs nothing.
package benchmarks
