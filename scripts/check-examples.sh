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
# TERRAFORM must be a Terraform that understands every example's syntax: list resources and
# actions need 1.14 or newer; the Makefile passes the newest of the matrix (1.16.4).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

export GOTOOLCHAIN=local
terraform="${TERRAFORM:?TERRAFORM must name a terraform binary (1.14 or newer)}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "==> building the provider for validate"
go build -o "$tmp/plugins/terraform-provider-vidispine" .
cat >"$tmp/cli.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "mediaops/vidispine" = "$tmp/plugins"
  }
  direct {}
}
TFRC
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
