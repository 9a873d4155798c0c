#!/usr/bin/env bash
# Builds a Terraform CLI newer than 1.5.x from the Go module proxy.
#
# `go install github.com/hashicorp/terraform@v1.14.x` does not work: Terraform's go.mod has
# local `replace` paths to nested modules (the remote-state backends, internal/legacy) that the
# module zip leaves out. So we copy the module source into a scratch folder, drop the nine
# remote-state backends whose nested modules are missing (keeping local, remote, http, inmem and
# cloud, which tests and users of this provider need), drop their require/replace lines, and
# build. The version stamp is set so the binary reports e.g. 1.14.8, not 1.14.8-dev.
#
# Usage: scripts/build-terraform.sh <version without v> <output binary> <scratch dir>
set -euo pipefail

usage="usage: build-terraform.sh VERSION OUTPUT-BINARY SCRATCH-DIR"
version="${1:?$usage}"
output="${2:?$usage}"
scratch="${3:?$usage}"

export GOTOOLCHAIN=local GOWORK=off GOFLAGS="-mod=mod -buildvcs=false"

mkdir -p "$(dirname "$output")" "$scratch"
output="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")"
scratch="$(cd "$scratch" && pwd)"

dir="$(go mod download -json "github.com/hashicorp/terraform@v${version}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "$dir" || ! -d "$dir" ]]; then
	echo "build-terraform: cannot locate github.com/hashicorp/terraform@v${version} in the module cache" >&2
	exit 1
fi

src="$scratch/terraform-${version}"
rm -rf "$src"
cp -r "$dir" "$src"
chmod -R u+w "$src"
cd "$src"

# The remote-state backends whose nested modules the module zip lacks: their import lines and
# map entries in init.go go, by package alias (verified against 1.14.8).
init=internal/backend/init/init.go
for alias in backendAzure backendConsul backendCos backendGCS backendKubernetes backendOCI backendOSS backendPg backendS3; do
	grep -q "\b${alias}\b" "$init" || { echo "build-terraform: $alias not in $init; the recipe needs checking" >&2; exit 1; }
	sed -i "/\b${alias}\b/d" "$init"
done
sed -i '\#github.com/hashicorp/terraform/internal/backend/remote-state/#d; \#github.com/hashicorp/terraform/internal/legacy#d' go.mod

go build -trimpath -ldflags "-X github.com/hashicorp/terraform/version.dev=no" -o "$output.tmp" .
mv "$output.tmp" "$output"
echo "build-terraform: built $output: $("$output" version | head -1)"
