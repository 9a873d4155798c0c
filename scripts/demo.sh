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

section "building the provider into $plugins"
mkdir -p "$plugins"
# dev_overrides looks for a binary with exactly this name in the given folder.
go build -o "$plugins/terraform-provider-vidispine" .

section "building the mock server"
mkdir -p "$tools/demo"
go build -o "$tools/demo/vidimock" ./internal/vidimock/cmd/vidimock

tmp="$(mktemp -d)"
mock_pid=""
cleanup() {
	if [[ -n "$mock_pid" ]] && kill -0 "$mock_pid" 2>/dev/null; then
		kill -TERM "$mock_pid" 2>/dev/null || true
		wait "$mock_pid" 2>/dev/null || true
		echo "==> mock stopped"
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

section "starting the mock on 127.0.0.1:$port"
"$tools/demo/vidimock" -listen "127.0.0.1:$port" >"$tmp/mock.log" 2>&1 &
mock_pid=$!

# Wait for the line `vidimock listening on http://127.0.0.1:PORT (user admin, password admin)`.
line=""
for _ in $(seq 1 100); do
	line="$(grep -m1 'vidimock listening on ' "$tmp/mock.log" || true)"
	[[ -n "$line" ]] && break
	if ! kill -0 "$mock_pid" 2>/dev/null; then
		echo "demo: the mock exited before listening (is port $port busy? try DEMO_PORT=...):" >&2
		cat "$tmp/mock.log" >&2
		exit 1
	fi
	sleep 0.1
done
if [[ -z "$line" ]]; then
	echo "demo: the mock did not report listening within 10s:" >&2
	cat "$tmp/mock.log" >&2
	exit 1
fi
echo "$line"
url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' <<<"$line")"
user="$(sed -n 's/.*(user \([^,]*\),.*/\1/p' <<<"$line")"
password="$(sed -n 's/.*password \([^)]*\)).*/\1/p' <<<"$line")"

cat >"$tmp/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "mediaops/vidispine" = "$plugins"
  }
  direct {}
}
EOF

# No `init`: with dev_overrides it is not needed, and it would fail offline.
export TF_CLI_CONFIG_FILE="$tmp/cli.tfrc"
export TF_DATA_DIR="$tmp/data"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export VIDISPINE_URL="$url" VIDISPINE_USERNAME="${user:-admin}" VIDISPINE_PASSWORD="${password:-admin}"
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
	curl -fsS "$url/mock/requests" | sed -e '$a\'
else
	echo "(curl not found: see $url/mock/requests)"
fi

section "$terraform destroy"
tf destroy -auto-approve -input=false -compact-warnings "${color[@]}" -state="$state"

section "demo done"
