#!/usr/bin/env bash
# Builds the OpenTofu CLI from the Go module proxy.
#
# `go install github.com/opentofu/opentofu/cmd/tofu@vX` does not work: OpenTofu's go.mod
# replaces github.com/hashicorp/hcl/v2 with its own fork, and `go install` refuses modules
# with replace directives. So we build it from a throwaway module that requires OpenTofu
# and carries the same replace line, read from OpenTofu's own go.mod (never guessed).
#
# Usage: scripts/build-tofu.sh <version without v> <output binary> <scratch dir>
set -euo pipefail

usage="usage: build-tofu.sh VERSION OUTPUT-BINARY SCRATCH-DIR"
version="${1:?$usage}"
output="${2:?$usage}"
scratch="${3:?$usage}"

export GOTOOLCHAIN=local GOWORK=off
# -buildvcs=false: the scratch module sits inside this repository's git tree.
export GOFLAGS="-mod=mod -buildvcs=false"

mkdir -p "$(dirname "$output")" "$scratch"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"
cd "$scratch"
rm -f go.mod go.sum

# OpenTofu's own floor is Go 1.26.6: the module must say so or go refuses to build it.
cat > go.mod <<MOD
module tofu-build

go 1.26.6

require github.com/opentofu/opentofu v${version}
MOD

# Find OpenTofu's go.mod in the module cache and copy its replace directives.
gomod="$(go mod download -json "github.com/opentofu/opentofu@v${version}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "$gomod" || ! -f "$gomod" ]]; then
	echo "build-tofu: cannot locate go.mod of github.com/opentofu/opentofu@v${version}" >&2
	exit 1
fi
# Both forms: single `replace a => b` lines and `replace ( ... )` blocks.
replaces="$(awk '/^replace[[:space:]]*\(/ {block=1} block {print} block && /^\)/ {block=0; next} !block && /^replace[[:space:]]/ {print}' "$gomod")"
if [[ -z "$replaces" ]]; then
	echo "build-tofu: no replace line in $gomod; the build recipe needs checking" >&2
	exit 1
fi
printf '\n%s\n' "$replaces" >> go.mod
echo "build-tofu: using from OpenTofu's go.mod: $replaces"

# Build to a temporary name first so an interrupted build never leaves a half-written binary
# that make would then take as up to date.
go build -trimpath -o "$output.tmp" github.com/opentofu/opentofu/cmd/tofu
mv "$output.tmp" "$output"
echo "build-tofu: built $output"
