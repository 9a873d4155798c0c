#!/usr/bin/env bash
# make test-tftest: runs the `terraform test` files of examples/pipeline-test.
#
# Builds the provider (offered through dev_overrides) and the standalone mock, starts the mock on
# 127.0.0.1:TFTEST_PORT and runs `terraform test` in the module: tests/smoke.tftest.hcl applies
# the pipeline against the mock and asserts that its smoke job finished; tests/validation.tftest.hcl
# plans it with mock_provider (no server) and expects a dangling step dependency to fail the plan.
# Nothing is written into the repository.
#
# Environment: TERRAFORM (CLI, >= 1.7 for mock_provider; `tofu` works too), TFTEST_PORT (default
# 18081), TOOLS_DIR (default .tools).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

export GOTOOLCHAIN=local
terraform="${TERRAFORM:-terraform}"
port="${TFTEST_PORT:-18081}"
tools="${TOOLS_DIR:-$repo/.tools}"

# shellcheck source=scripts/mock.sh
source scripts/mock.sh

tmp="$(mktemp -d)"
cleanup() {
	stop_mock
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "==> building the provider"
go build -o "$tmp/plugins/terraform-provider-vidispine" .
dev_overrides_config "$tmp/cli.tfrc" "$tmp/plugins"

echo "==> building and starting the mock on 127.0.0.1:$port"
start_mock test-tftest "$tools/tftest" "$port" "$tmp"

export TF_CLI_CONFIG_FILE="$tmp/cli.tfrc" TF_DATA_DIR="$tmp/data" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export VIDISPINE_URL="$mock_url" VIDISPINE_USERNAME="$mock_user" VIDISPINE_PASSWORD="$mock_password"

echo "==> $("$terraform" version | sed -n 1p): test in examples/pipeline-test"
"$terraform" -chdir="$repo/examples/pipeline-test" test -no-color
