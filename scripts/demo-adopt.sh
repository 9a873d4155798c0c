#!/usr/bin/env bash
# make demo-adopt: adopts a whole installation from the standalone mock VidiCore server with
# `terraform query` (Terraform >= 1.14), the path the guide "Adopting an existing installation"
# walks, and prints the figures of issue 10's done-when scenario.
#
# 1. starts the mock and makes, over its raw API as an existing site would have them, ADOPT_TYPES
#    custom job types with ADOPT_STEPS task definitions each and ADOPT_NOTIFICATIONS job
#    notifications (after removing the mock's two seeded ones): 3, 100 and 20 by default, so
#    323 objects;
# 2. terraform query (examples/adopt), then terraform query -generate-config-out=adopted.tf;
# 3. terraform plan, then terraform apply (which plans again), counting the requests the mock
#    serves to both;
# 4. terraform plan again, which must be empty.
# Nothing is written into the repository: everything lives in a temp dir.
#
# Environment: TERRAFORM (a Terraform >= 1.14 CLI, default `terraform`), DEMO_ADOPT_PORT
# (default 18081), TOOLS_DIR (default .tools), ADOPT_TYPES, ADOPT_STEPS, ADOPT_NOTIFICATIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

export GOTOOLCHAIN=local
terraform="${TERRAFORM:-terraform}"
port="${DEMO_ADOPT_PORT:-18081}"
tools="${TOOLS_DIR:-$repo/.tools}"
plugins="$tools/demo-plugins"
types="${ADOPT_TYPES:-3}"
steps="${ADOPT_STEPS:-100}"
notifications="${ADOPT_NOTIFICATIONS:-20}"
objects=$((types + types * steps + notifications))

section() { printf '\n==> %s\n' "$*"; }
# shellcheck source=scripts/mock.sh
source scripts/mock.sh
fail() {
	echo "demo-adopt: $*" >&2
	exit 1
}

version="$("$terraform" version -json | sed -n 's/.*"terraform_version": *"\([0-9.]*\).*/\1/p')"
[[ "$(printf '1.14\n%s\n' "$version" | sort -V | head -1)" == 1.14 ]] ||
	fail "terraform query needs Terraform >= 1.14; $terraform is ${version:-unknown} (set TERRAFORM=...)"

section "building the provider"
mkdir -p "$plugins"
go build -o "$plugins/terraform-provider-vidispine" .

tmp="$(mktemp -d)"
cleanup() {
	stop_mock
	rm -rf "$tmp"
}
trap cleanup EXIT

section "starting the mock on 127.0.0.1:$port"
start_mock demo-adopt "$tools/demo" "$port" "$tmp"
url="$mock_url"
echo "$url"

# api METHOD PATH [JSON]: one request to the mock's API as the admin user (the seeded account).
api() {
	curl -fsS -u admin:admin -H 'Accept: application/json' -H 'Content-Type: application/json' \
		-X "$1" "$url/API$2" ${3:+--data "$3"}
}

section "making the installation over the raw API: $types job types, $((types * steps)) task definitions, $notifications notifications"
for id in $(api GET /job/notification | grep -o 'VX-[0-9]*'); do
	api DELETE "/job/notification/$id" >/dev/null # the mock's seeded ones: the site holds exactly ours
done
for t in $(seq 1 "$types"); do
	name="ACME_ADOPT_$t"
	api POST "/task-definition/jobtype/$name?id=$((20100 + t))" >/dev/null
	tasks=""
	for s in $(seq 1 "$steps"); do
		if ((s % 2)); then
			task="{\"jobType\":\"$name\",\"step\":$((10 * s)),\"description\":\"Tell the CMS ($s)\",\"script\":\"job.log('step $s');\"}"
		else
			task="{\"jobType\":\"$name\",\"step\":$((10 * s)),\"description\":\"Publish ($s)\",\"bean\":\"PublishBean\",\"method\":\"publish\",\"critical\":false,\"dependency\":{\"step\":0,\"previous\":true,\"allPrevious\":false}}"
		fi
		tasks+="${tasks:+,}$task"
	done
	api POST /task-definition "{\"task\":[$tasks]}" >/dev/null
done
for n in $(seq 1 "$notifications"); do
	name="ACME_ADOPT_$(((n - 1) % types + 1))"
	if ((n % 2)); then
		body="{\"action\":{\"http\":{\"url\":\"https://cms.example/hooks/$n\",\"method\":\"POST\",\"synchronous\":false,\"timeout\":30}},\"trigger\":{\"job\":{\"finished\":\"\",\"filter\":{\"type\":\"$name\"}}}}"
	else
		body="{\"action\":{\"javascript\":{\"script\":\"logger.log('failed: ' + job.getId());\"}},\"trigger\":{\"job\":{\"fail\":\"\",\"filter\":{\"type\":\"$name\"}}}}"
	fi
	api POST /job/notification "$body" >/dev/null
done

cat >"$tmp/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "mediaops/vidispine" = "$plugins"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$tmp/cli.tfrc" TF_DATA_DIR="$tmp/data" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export VIDISPINE_URL="$url" VIDISPINE_USERNAME=admin VIDISPINE_PASSWORD=admin
work="$tmp/adopt"
mkdir -p "$work"
cp examples/adopt/main.tf examples/adopt/adopt.tfquery.hcl "$work/"
tf() { "$terraform" -chdir="$work" "$@"; }
color=()
[[ -t 1 ]] || color=(-no-color)
requests() { curl -fsS "$url/mock/requests" | sed -n 's/.*"total": *\([0-9]*\).*/\1/p'; }
reset_requests() { curl -fsS -X DELETE "$url/mock/requests" >/dev/null; }

section "$terraform query (first 5 lines of each list)"
tf query "${color[@]}" >"$tmp/query.txt"
for list in vidispine_job_type.job_types vidispine_task_definition.steps vidispine_job_notification.notifications; do
	grep -F -m5 "list.$list" "$tmp/query.txt"
	echo "   ... $(grep -cF "list.$list" "$tmp/query.txt") in all"
done

section "$terraform query -generate-config-out=adopted.tf"
tf query "${color[@]}" -generate-config-out=adopted.tf >/dev/null
echo "adopted.tf: $(grep -c '^resource ' "$work/adopted.tf") resources, $(grep -c '^import ' "$work/adopted.tf") import blocks; a job type and a step:"
# block ADDRESS: the import block and the resource block of one generated resource.
block() { awk -v RS= -v ORS='\n\n' -v a="$1" '$0 ~ ("[.\"]" a "[\"\n]")' "$work/adopted.tf"; }
block 'job_types_0'
block 'steps_0'

section "$terraform plan"
reset_requests
tf plan "${color[@]}" -input=false -compact-warnings >"$tmp/plan.txt"
grep -E '^(Plan|No changes)' "$tmp/plan.txt"
plan_requests="$(requests)"

section "$terraform apply"
reset_requests
tf apply "${color[@]}" -input=false -compact-warnings -auto-approve | grep -E '^Apply complete'
apply_requests="$(requests)"

section "$terraform plan (after adoption)"
reset_requests
set +e
tf plan "${color[@]}" -input=false -compact-warnings -detailed-exitcode >"$tmp/replan.txt"
replan=$?
set -e
grep -E '^(Plan|No changes)' "$tmp/replan.txt"
replan_requests="$(requests)"

section "figures"
imports="$(sed -n 's/^Plan: \([0-9]*\) to import.*/\1/p' "$tmp/plan.txt")"
changes="$(sed -n 's/^Plan: [0-9]* to import, \([0-9]*\) to add, \([0-9]*\) to change, \([0-9]*\) to destroy.*/\1 \2 \3/p' "$tmp/plan.txt")"
total=$((plan_requests + apply_requests))
printf '%-44s %s\n' "objects made over the raw API" "$objects" \
	"imports planned" "${imports:-0}" \
	"changes planned (add change destroy)" "${changes:-?}" \
	"requests: plan + apply" "$plan_requests + $apply_requests = $total" \
	"requests per object" "$(awk -v t="$total" -v o="$objects" 'BEGIN { printf "%.2f", t / o }')" \
	"next plan" "$([[ $replan == 0 ]] && echo "empty ($replan_requests requests)" || echo "NOT empty (exit $replan)")"

[[ "${imports:-0}" == "$objects" && "$changes" == "0 0 0" && $replan == 0 && $total -le $((2 * objects)) ]] ||
	fail "the adoption did not go as the guide says (see the figures above)"
section "demo-adopt done"
