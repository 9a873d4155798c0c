#!/usr/bin/env bash
# make demo: runs examples/demo against the standalone mock VidiCore server.
#
# Builds the provider and the mock, starts the mock on 127.0.0.1:DEMO_PORT, points the CLI at
# the freshly built provider through dev_overrides, then apply, output, destroy. Nothing is
# written into the repository: CLI config, state and the CLI's data dir live in a temp dir.
#
# Environment: TERRAFORM (CLI to use, default `terraform`; `tofu` works too), DEMO_PORT
# (default 18080), TOOLS_DIR (default .tools).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

export GOTOOLCHAIN=local
terraform="${TERRAFORM:-terraform}"
port="${DEMO_PORT:-18080}"
tools="${TOOLS_DIR:-$repo/.tools}"
plugins="$tools/demo-plugins"

section() { printf '\n==> %s\n' "$*"; }
# shellcheck source=scripts/mock.sh
source scripts/mock.sh

section "building the provider into $plugins"
mkdir -p "$plugins"
# dev_overrides looks for a binary with exactly this name in the given folder.
go build -o "$plugins/terraform-provider-vidispine" .

tmp="$(mktemp -d)"
cleanup() {
	stop_mock
	rm -rf "$tmp"
}
trap cleanup EXIT

section "building and starting the mock on 127.0.0.1:$port"
start_mock demo "$tools/demo" "$port" "$tmp"
echo "$mock_line"
url="$mock_url"

dev_overrides_config "$tmp/cli.tfrc" "$plugins"

# No `init`: with dev_overrides it is not needed, and it would fail offline.
export TF_CLI_CONFIG_FILE="$tmp/cli.tfrc"
export TF_DATA_DIR="$tmp/data"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export VIDISPINE_URL="$url" VIDISPINE_USERNAME="$mock_user" VIDISPINE_PASSWORD="$mock_password"
state="$tmp/terraform.tfstate"
tf() { "$terraform" -chdir="$repo/examples/demo" "$@"; }
# Colour codes only for a terminal; compact warnings keep the known ones (dev_overrides in
# effect, -state deprecated in favour of a backend) to one line each.
color=()
[[ -t 1 ]] || color=(-no-color)

section "$terraform apply"
tf apply -auto-approve -input=false -compact-warnings "${color[@]}" -state="$state"

section "$terraform output"
tf output "${color[@]}" -state="$state"

section "requests the mock served"
if command -v curl >/dev/null; then
	counters="$(curl -fsS "$url/mock/requests")"
	echo "$counters"
else
	echo "(curl not found: see $url/mock/requests)"
fi

section "$terraform destroy"
tf destroy -auto-approve -input=false -compact-warnings "${color[@]}" -state="$state"

section "demo done"
