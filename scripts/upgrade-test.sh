#!/usr/bin/env bash
# make test-upgrade: a provider upgrade never changes a plan.
#
# Builds the provider as it was at an earlier commit (UPGRADE_FROM), applies the configuration
# that commit shipped (its examples/demo and the vidispine_job_notification example, which
# between them use every resource it had) against the standalone mock with that provider, then
# plans the same configuration with today's provider: the plan must succeed and show no change
# (`plan -detailed-exitcode` exits 0).
#
# The old provider is cached in TOOLS_DIR/upgrade-from/<commit>/, so a warm run skips its build.
# The commit must be in the clone's history (CI clones are full). Nothing is written into the
# repository: CLI config, state, configuration and the CLI's data dir live in a temp dir.
#
# Environment: UPGRADE_FROM (commit or tag, required), TERRAFORM (CLI, default `terraform`),
# TOOLS_DIR (default .tools), UPGRADE_PORT (mock port, default 0: any free port).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

export GOTOOLCHAIN=local
terraform="${TERRAFORM:-terraform}"
tools="${TOOLS_DIR:-$repo/.tools}"
port="${UPGRADE_PORT:-0}"
from="${UPGRADE_FROM:?set UPGRADE_FROM to the commit or tag to upgrade from}"

section() { printf '\n==> %s\n' "$*"; }
# shellcheck source=scripts/mock.sh
source scripts/mock.sh

commit="$(git rev-parse --verify --quiet "$from^{commit}")" || {
	echo "upgrade test: $from is not a commit of this clone (a shallow clone? fetch its history)" >&2
	exit 1
}

tmp="$(mktemp -d)"
cleanup() {
	stop_mock
	rm -rf "$tmp"
}
trap cleanup EXIT

# The old provider, built once per commit. dev_overrides looks for a binary with exactly this
# name in the folder it is given.
old="$tools/upgrade-from/$commit"
if [[ -x "$old/terraform-provider-vidispine" ]]; then
	section "provider at $from (${commit:0:7}): cached in $old"
else
	section "building the provider at $from (${commit:0:7}) into $old"
	mkdir -p "$tmp/old-src" "$old"
	git archive "$commit" | tar -x -C "$tmp/old-src"
	(cd "$tmp/old-src" && go build -o "$old/terraform-provider-vidispine.partial" .)
	# Renamed only once complete, so an interrupted build is never taken for a cached one.
	mv "$old/terraform-provider-vidispine.partial" "$old/terraform-provider-vidispine"
fi

section "building today's provider"
mkdir -p "$tmp/new"
go build -o "$tmp/new/terraform-provider-vidispine" .

# The configuration of the old commit: its demo and its notification example, in one folder.
git archive "$commit" examples/demo examples/resources/vidispine_job_notification/resource.tf | tar -x -C "$tmp"
config="$tmp/examples/demo"
cp "$tmp/examples/resources/vidispine_job_notification/resource.tf" "$config/job_notification.tf"

section "building and starting the mock"
start_mock upgrade-test "$tmp/mock" "$port" "$tmp"
echo "$mock_line"

dev_overrides_config "$tmp/old.tfrc" "$old"
dev_overrides_config "$tmp/new.tfrc" "$tmp/new"

# No `init`: with dev_overrides it is not needed, and it would fail offline.
export TF_DATA_DIR="$tmp/data"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export VIDISPINE_URL="$mock_url" VIDISPINE_USERNAME="$mock_user" VIDISPINE_PASSWORD="$mock_password"
state="$tmp/terraform.tfstate"
tf() { "$terraform" -chdir="$config" "$@" -input=false -no-color -compact-warnings -state="$state"; }

section "$terraform apply with the provider at $from"
TF_CLI_CONFIG_FILE="$tmp/old.tfrc" tf apply -auto-approve >"$tmp/apply.log" 2>&1 || {
	cat "$tmp/apply.log"
	echo "upgrade test: the apply with the provider at $from failed" >&2
	exit 1
}
tail -n 3 "$tmp/apply.log"

section "$terraform plan with today's provider"
rc=0
TF_CLI_CONFIG_FILE="$tmp/new.tfrc" tf plan -detailed-exitcode >"$tmp/plan.log" 2>&1 || rc=$?
case "$rc" in
0)
	tail -n 3 "$tmp/plan.log"
	section "upgrade test passed: state written by the provider at $from plans no change"
	;;
2)
	cat "$tmp/plan.log"
	echo "upgrade test: today's provider plans a change on state written by the provider at $from" >&2
	exit 1
	;;
*)
	cat "$tmp/plan.log"
	echo "upgrade test: today's provider failed to plan on state written by the provider at $from" >&2
	exit 1
	;;
esac
