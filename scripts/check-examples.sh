#!/usr/bin/env bash
# make examples: every folder under examples/ passes `terraform fmt -check` and `terraform validate`.
#
# Validation needs the provider's schema, so a freshly built provider binary is offered through
# dev_overrides (no `init`, which would need a registry). Each folder is validated in a copy in a
# temp dir, so nothing is written into the repository. The examples that end up in the docs
# (resource.tf, data-source.tf, function.tf, ...) are fragments without a `terraform` block; the copy
# gets one declaring `mediaops/vidispine`, because provider functions are only found through
# required_providers. Folders with `.tfquery.hcl` files are validated with `-query` too.
#
# Then the Mermaid check: examples/demo is planned against the standalone mock, and its
# pipeline_mermaid output (known at plan) is parsed with the mermaid package from the npm registry,
# with every ```mermaid block of README.md and templates/; README.md's block must be the demo's
# pipeline. The npm packages (versions pinned by scripts/mermaid-check/package-lock.json) are
# installed once with `npm ci` into .tools/mermaid-check-<lock hash>/; node 20 or newer is needed.
#
# TERRAFORM must be a Terraform that understands every example's syntax: list resources and
# actions need 1.14 or newer; the Makefile passes the newest of the matrix (1.16.4).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

export GOTOOLCHAIN=local
terraform="${TERRAFORM:?TERRAFORM must name a terraform binary (1.14 or newer)}"

# shellcheck source=scripts/mock.sh
source scripts/mock.sh

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "==> building the provider for validate"
go build -o "$tmp/plugins/terraform-provider-vidispine" .
dev_overrides_config "$tmp/cli.tfrc" "$tmp/plugins"
export TF_CLI_CONFIG_FILE="$tmp/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

echo "==> $("$terraform" version | sed -n 1p): fmt -check of examples/"
"$terraform" fmt -check -recursive -diff examples
# Release builds of `terraform fmt` skip .tfquery.hcl files (an experiment-only extension), but
# they are plain HCL: format them through stdin.
while IFS= read -r -d '' file; do
	# shellcheck disable=SC2094 # both sides only read the file
	"$terraform" fmt - <"$file" | diff -u --label "$file" --label "$file (formatted)" "$file" - ||
		{ echo "check-examples: $file is not formatted (terraform fmt)" >&2; exit 1; }
done < <(find examples -name '*.tfquery.hcl' -print0)

# validate_folder LABEL WORK: terraform validate in WORK, printing ok/FAILED for LABEL.
validate_folder() {
	local label="$1" work="$2"
	if ! grep -qs 'required_providers' "$work"/*.tf; then
		cat >"$work/zz_required_providers.tf" <<'TF'
terraform {
  required_providers {
    vidispine = {
      source = "mediaops/vidispine"
    }
  }
}
TF
	fi
	local args=(-no-color)
	if compgen -G "$work/*.tfquery.hcl" >/dev/null; then
		args+=(-query)
	fi
	if TF_DATA_DIR="$work/.terraform" "$terraform" -chdir="$work" validate "${args[@]}" >"$work.log" 2>&1; then
		echo "ok      $label"
	else
		echo "FAILED  $label"
		sed 's/^/        /' "$work.log"
		failed=1
	fi
}

mapfile -t dirs < <(find examples -type f \( -name '*.tf' -o -name '*.tfquery.hcl' \) -printf '%h\n' | sort -u)
failed=0
checked=0
for dir in "${dirs[@]}"; do
	# tfplugindocs shows each import-by-*.tf beside resource.tf as an alternative (a resource can
	# have one import block), so each is validated with the folder's other files on its own.
	mapfile -t imports < <(find "$dir" -maxdepth 1 -name 'import-by-*.tf' | sort)
	variants=("${imports[@]}")
	((${#variants[@]})) || variants=("")
	for import in "${variants[@]}"; do
		label="$dir${import:+ with $(basename "$import")}"
		work="$tmp/work/$dir/${import:+$(basename "$import" .tf)}"
		mkdir -p "$work"
		cp -r "$repo/$dir/." "$work/"
		rm -f "$work"/import-by-*.tf
		[[ -z "$import" ]] || cp "$repo/$import" "$work/"
		validate_folder "$label" "$work"
		checked=$((checked + 1))
	done
done
if ((failed)); then
	echo "check-examples: some examples do not validate" >&2
	exit 1
fi
echo "==> ${#dirs[@]} example folders ($checked configurations) pass fmt -check and validate"

# ---- Mermaid: the demo's pipeline_mermaid and the Mermaid blocks of the docs parse ----

tools="${TOOLS_DIR:-$repo/.tools}"
lock_hash="$(sha256sum scripts/mermaid-check/package-lock.json | cut -c1-12)"
mermaid_dir="$tools/mermaid-check-$lock_hash"
if [[ ! -d "$mermaid_dir/node_modules/mermaid" ]]; then
	echo "==> installing the pinned mermaid and jsdom into $mermaid_dir (once; about a minute)"
	# Installed beside and then renamed, so a concurrent run never sees half a folder.
	staging="$(mktemp -d "$tools/mermaid-check-install.XXXXXX")"
	cp scripts/mermaid-check/package.json scripts/mermaid-check/package-lock.json "$staging/"
	(cd "$staging" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
	mv -T "$staging" "$mermaid_dir" 2>/dev/null || rm -rf "$staging" # another run was first
fi
# The checker runs from the temp dir, beside a link to the installed packages.
mkdir -p "$tmp/mermaid-check"
cp scripts/mermaid-check/check.mjs "$tmp/mermaid-check/"
ln -s "$mermaid_dir/node_modules" "$tmp/mermaid-check/node_modules"

trap 'stop_mock; rm -rf "$tmp"' EXIT
start_mock check-examples "$tmp/mock" 0 "$tmp"
demo="$tmp/demo"
mkdir -p "$demo"
cp -r "$repo/examples/demo/." "$demo/"
echo "==> $("$terraform" version | sed -n 1p): plan of examples/demo against the mock"
if ! VIDISPINE_URL="$mock_url" VIDISPINE_USERNAME="$mock_user" VIDISPINE_PASSWORD="$mock_password" TF_DATA_DIR="$demo/.terraform" \
	"$terraform" -chdir="$demo" plan -input=false -no-color -out=demo.tfplan >"$tmp/demo-plan.log" 2>&1; then
	cat "$tmp/demo-plan.log" >&2
	echo "check-examples: examples/demo does not plan against the mock" >&2
	exit 1
fi
mkdir -p "$tmp/mermaid"
TF_DATA_DIR="$demo/.terraform" "$terraform" -chdir="$demo" show -json demo.tfplan |
	node -e 'const p = JSON.parse(require("fs").readFileSync(0, "utf8"));
		const o = p.planned_values.outputs.pipeline_mermaid;
		if (!o || typeof o.value !== "string") { console.error("pipeline_mermaid is not known at plan"); process.exit(1); }
		process.stdout.write(o.value);' >"$tmp/mermaid/examples_demo_pipeline_mermaid.mmd"

# Every ```mermaid block of README.md and the templates, one file each.
while IFS= read -r -d '' file; do
	awk -v out="$tmp/mermaid/$(tr '/.' '__' <<<"$file")" '
		/^```mermaid[[:space:]]*$/ { n++; inside = 1; next }
		inside && /^```[[:space:]]*$/ { inside = 0; next }
		inside { print > (out "_" n ".mmd") }' "$file"
done < <(find README.md templates -name '*.md' -print0 -o -name '*.tmpl' -print0)
if ! diff -u --label "examples/demo: pipeline_mermaid" --label "README.md: the mermaid block" \
	"$tmp/mermaid/examples_demo_pipeline_mermaid.mmd" "$tmp/mermaid/README_md_1.mmd"; then
	echo "check-examples: README.md's mermaid block is not the demo's pipeline_mermaid: paste it from terraform output" >&2
	exit 1
fi
echo "==> parsing $(find "$tmp/mermaid" -name '*.mmd' | wc -l) Mermaid diagrams with mermaid $(node -p "require('$mermaid_dir/node_modules/mermaid/package.json').version")"
(cd "$tmp/mermaid" && node "$tmp/mermaid-check/check.mjs" ./*.mmd) || {
	echo "check-examples: a Mermaid diagram does not parse" >&2
	exit 1
}
