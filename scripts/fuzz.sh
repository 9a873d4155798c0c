#!/usr/bin/env bash
# Fuzz smoke: runs every Fuzz* target of every package for FUZZTIME (default 5s), one target at
# a time (go test -fuzz accepts only one target per run). A crash fails the run and go test
# saves the failing input under testdata/fuzz/ for a regression test.
# FUZZ_PKGS narrows the packages (default ./...), e.g. FUZZ_PKGS=./internal/vidimock/...
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-5s}"
count=0
for pkg in $(go list ${FUZZ_PKGS:-./...}); do
	# -list compiles the test binary and prints test names; keep only the fuzz targets.
	# A package that does not compile fails here rather than being skipped silently.
	listing="$(go test -list '^Fuzz' "$pkg")"
	targets="$(grep -E '^Fuzz' <<<"$listing" || true)"
	for target in $targets; do
		echo "==> fuzz $pkg $target for $fuzztime"
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg"
		count=$((count + 1))
	done
done
echo "==> fuzz smoke: $count target(s) run"
