#!/usr/bin/env bash
# make install-test: the release archives install through `terraform init` and `tofu init` from a
# provider registry, and the installed provider works.
#
# 1. goreleaser builds the release for this machine's platform (`--snapshot`, from .goreleaser.yml
#    with the platform lists narrowed to this one): the zip, SHA256SUMS (which lists the manifest
#    too) and its detached signature (with a throwaway key), named as in a real release; the
#    manifest is the repository's file under its release name, as release.extra_files uploads it.
# 2. A local registry serves them over HTTPS with the provider registry protocol (service
#    discovery, versions with the protocols from the manifest, download with the SHA256SUMS URL,
#    signature and public key), as registry.terraform.io and registry.opentofu.org do.
# 3. For Terraform and then OpenTofu, in a fresh folder with an empty CLI configuration (no
#    dev_overrides, no mirrors): `init` from the registry, check that .terraform.lock.hcl records
#    the archive's hashes (zh: = SHA-256 of the zip as listed in SHA256SUMS, h1: = the hash of its
#    contents, computed here independently), apply a task definition against the standalone
#    mock, read its id back from the mock's API, check the User-Agent the provider sent carries
#    the version goreleaser stamped, destroy, and check the task definition is gone.
#
# Environment: GORELEASER, TERRAFORM, TOFU (binaries; the Makefile passes its pinned ones).
# Needs python3 (the HTTPS server), openssl (its certificate), gpg (the signature), curl.
set -euo pipefail
cd "$(dirname "$0")/.."

export GOTOOLCHAIN=local CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
goreleaser="${GORELEASER:?GORELEASER must name a goreleaser binary}"
clis=("${TERRAFORM:?TERRAFORM must name a terraform binary}" "${TOFU:?TOFU must name a tofu binary}")

for tool in python3 openssl gpg curl; do
	command -v "$tool" >/dev/null || { echo "install-test: $tool is required" >&2; exit 1; }
done

section() { printf '\n==> %s\n' "$*"; }
fail() {
	echo "install-test: FAILED: $*" >&2
	exit 1
}

tmp="$(mktemp -d)"
pids=()
cleanup() {
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# wait_for_line(log, pattern, pid): waits up to 20 s for a line in a background process's log.
wait_for_line() {
	local line=""
	for _ in $(seq 1 200); do
		line="$(grep -m1 -- "$2" "$1" || true)"
		[[ -n "$line" ]] && { echo "$line"; return 0; }
		kill -0 "$3" 2>/dev/null || break
		sleep 0.1
	done
	echo "install-test: no \"$2\" from pid $3:" >&2
	cat "$1" >&2
	return 1
}

os="$(go env GOOS)"
arch="$(go env GOARCH)"

section "throwaway signing key (as the release job imports one)"
export GNUPGHOME="$tmp/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'install-test <install-test@localhost>' rsa2048 sign 1d
GPG_FINGERPRINT="$(gpg --batch --with-colons --list-secret-keys 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')"
export GPG_FINGERPRINT
echo "key $GPG_FINGERPRINT"

section "goreleaser release --snapshot for $os/$arch"
# The release configuration, narrowed to this platform and writing into the temp dir.
dist="$tmp/dist"
awk -v os="$os" -v arch="$arch" -v dist="$dist" '
	NR == 1 { print "dist: " dist }
	/^    goos:$/ { print; print "      - " os; skip = 1; next }
	/^    goarch:$/ { print; print "      - " arch; skip = 1; next }
	skip && /^      - / { next }
	{ skip = 0; print }
' .goreleaser.yml >"$tmp/goreleaser.yml"
grep -qx "      - $os" "$tmp/goreleaser.yml" || fail "could not narrow .goreleaser.yml to $os/$arch (goos/goarch lists moved?)"
start=$SECONDS
"$goreleaser" release --config "$tmp/goreleaser.yml" --snapshot --clean --skip=publish,announce >"$tmp/goreleaser.log" 2>&1 ||
	{ cat "$tmp/goreleaser.log" >&2; fail "goreleaser release --snapshot"; }
echo "built in $((SECONDS - start))s"

version="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$dist/metadata.json" | head -1)"
[[ -n "$version" ]] || fail "no version in $dist/metadata.json"
name="terraform-provider-vidispine_${version}"
zip="${name}_${os}_${arch}.zip"
# The release uploads the manifest from the repository under this name (release.extra_files);
# SHA256SUMS lists it (checksum.extra_files), so its checksum is verified below.
cp terraform-registry-manifest.json "$dist/${name}_manifest.json"
for f in "$zip" "${name}_SHA256SUMS" "${name}_SHA256SUMS.sig" "${name}_manifest.json"; do
	[[ -f "$dist/$f" ]] || fail "goreleaser did not produce $f (dist has: $(cd "$dist" && ls))"
	echo "  $f"
done
(cd "$dist" && sha256sum --quiet -c "${name}_SHA256SUMS") || fail "SHA256SUMS does not match the files"
zip_sha="$(awk -v f="$zip" '$2 == f { print $1 }' "$dist/${name}_SHA256SUMS")"
[[ -n "$zip_sha" ]] || fail "SHA256SUMS does not list $zip"
grep -q "  ${name}_manifest.json\$" "$dist/${name}_SHA256SUMS" || fail "SHA256SUMS does not list the manifest"
gpg --batch --quiet --verify "$dist/${name}_SHA256SUMS.sig" "$dist/${name}_SHA256SUMS" 2>/dev/null ||
	fail "the SHA256SUMS signature does not verify"
members="$(python3 -c 'import sys, zipfile; print(" ".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$dist/$zip")"
[[ " $members " == *" terraform-provider-vidispine_v${version} "* ]] ||
	fail "$zip does not hold terraform-provider-vidispine_v${version}: $members"
# The standalone mock ships in archives of its own, never inside the provider's zip.
mock_archive="$dist/vidimock_${version}_${os}_${arch}.tar.gz"
[[ "$os" != windows ]] || mock_archive="$dist/vidimock_${version}_${os}_${arch}.zip"
[[ -f "$mock_archive" ]] || fail "goreleaser did not produce $(basename "$mock_archive") (dist has: $(cd "$dist" && ls))"
[[ "$os" == windows ]] || tar -tzf "$mock_archive" | grep -qx vidimock || fail "$(basename "$mock_archive") does not hold vidimock"
[[ " $members " != *" vidimock "* ]] || fail "$zip holds vidimock: $members"
gpg --batch --quiet --verify "$mock_archive.sig" "$mock_archive" 2>/dev/null ||
	fail "the signature of $(basename "$mock_archive") does not verify"
! grep -q vidimock "$dist/${name}_SHA256SUMS" || fail "the provider's SHA256SUMS lists the mock's archives"
protocols="$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["metadata"]["protocol_versions"]))' \
	"$dist/${name}_manifest.json")"
echo "version $version, manifest protocols $protocols, zip sha256 $zip_sha"

section "local provider registry over HTTPS"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
	-keyout "$tmp/registry-key.pem" -out "$tmp/registry-cert.pem" 2>/dev/null
# Go (Terraform, OpenTofu) on Linux trusts exactly the certificates in SSL_CERT_FILE.
export SSL_CERT_FILE="$tmp/registry-cert.pem"
reg="$tmp/registry"
mkdir -p "$reg"
python3 scripts/registry-server.py "$reg" "$tmp/registry-cert.pem" "$tmp/registry-key.pem" >"$tmp/registry.log" 2>&1 &
pids+=($!)
line="$(wait_for_line "$tmp/registry.log" 'registry listening on port' "${pids[-1]}")"
host="localhost:${line##* }"
base="https://$host"
echo "registry at $base"

# The layout a registry serves (https://developer.hashicorp.com/terraform/internals/provider-registry-protocol).
api="$reg/v1/providers/mediaops/vidispine"
mkdir -p "$reg/.well-known" "$api/$version/download/$os" "$reg/files"
cp "$dist/$zip" "$dist/${name}_SHA256SUMS" "$dist/${name}_SHA256SUMS.sig" "$reg/files/"
echo '{"providers.v1": "/v1/providers/"}' >"$reg/.well-known/terraform.json"
cat >"$api/versions" <<EOF
{"versions": [{"version": "$version", "protocols": $protocols, "platforms": [{"os": "$os", "arch": "$arch"}]}]}
EOF
public_key="$(gpg --batch --armor --export "$GPG_FINGERPRINT" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')"
cat >"$api/$version/download/$os/$arch" <<EOF
{
  "protocols": $protocols, "os": "$os", "arch": "$arch", "filename": "$zip",
  "download_url": "$base/files/$zip",
  "shasums_url": "$base/files/${name}_SHA256SUMS",
  "shasums_signature_url": "$base/files/${name}_SHA256SUMS.sig",
  "shasum": "$zip_sha",
  "signing_keys": {"gpg_public_keys": [{"key_id": "${GPG_FINGERPRINT: -16}", "ascii_armor": $public_key}]}
}
EOF
curl -fsS --cacert "$SSL_CERT_FILE" "$base/.well-known/terraform.json" >/dev/null || fail "the registry does not answer"

# h1: is the hash of the package's contents (golang.org/x/mod/sumdb/dirhash Hash1), which
# Terraform records for the platform it installed: computed here from the zip itself.
h1="$(python3 - "$dist/$zip" <<'EOF'
import base64, hashlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = sorted(n for n in z.namelist() if not n.endswith("/"))
    summary = "".join(f"{hashlib.sha256(z.read(n)).hexdigest()}  {n}\n" for n in names)
print("h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode())
EOF
)"

section "standalone mock"
go build -o "$tmp/vidimock" ./internal/vidimock/cmd/vidimock
"$tmp/vidimock" -listen 127.0.0.1:0 >"$tmp/mock.log" 2>&1 &
pids+=($!)
line="$(wait_for_line "$tmp/mock.log" 'vidimock listening on ' "${pids[-1]}")"
echo "$line"
url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' <<<"$line")"
export VIDISPINE_URL="$url" VIDISPINE_USERNAME=admin VIDISPINE_PASSWORD=admin
: >"$tmp/empty.tfrc"
export TF_CLI_CONFIG_FILE="$tmp/empty.tfrc"

mock_get() { curl -sS -u admin:admin -H 'Accept: application/json' -o "$tmp/mock-answer.json" -w '%{http_code}' "$url$1"; }

# One run per CLI, each with its own job type so the two never meet on the mock.
for cli in "${clis[@]}"; do
	cli_name="$("$cli" version | sed -n 1p)"
	tag="$(tr -cd 'A-Za-z' <<<"${cli_name%% *}" | tr '[:lower:]' '[:upper:]')"
	work="$tmp/work-$tag"
	mkdir -p "$work"
	section "$cli_name: init from $host, no dev_overrides"
	cat >"$work/main.tf" <<EOF
terraform {
  required_providers {
    vidispine = {
      source  = "$host/mediaops/vidispine"
      version = "= $version"
    }
  }
}

provider "vidispine" {}

resource "vidispine_job_type" "install" {
  name    = "INSTALL_TEST_$tag"
  type_id = $([[ $tag == TERRAFORM ]] && echo 20101 || echo 20102)
}

resource "vidispine_task_definition" "install" {
  job_type    = vidispine_job_type.install.name
  step        = 10
  description = "installed from the release archive by $cli_name"
  script      = "job.log('installed');"
}

output "task_definition_id" {
  value = vidispine_task_definition.install.id
}
EOF
	tf() { "$cli" -chdir="$work" "$@"; }
	tf init -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; fail "$cli_name init"; }
	{ grep -E 'Installed|Installing|signed' "$work/init.log" || true; } | sed 's/^/  /'

	lock="$work/.terraform.lock.hcl"
	[[ -f "$lock" ]] || fail "$cli_name wrote no .terraform.lock.hcl"
	grep -q "provider \"$host/mediaops/vidispine\"" "$lock" || fail "the lock file has no entry for $host/mediaops/vidispine"
	grep -q "version *= \"$version\"" "$lock" || fail "the lock file does not pin $version"
	grep -q "\"zh:$zip_sha\"" "$lock" || { cat "$lock" >&2; fail "the lock file lacks the archive's zh:$zip_sha"; }
	grep -q "\"$h1\"" "$lock" || { cat "$lock" >&2; fail "the lock file lacks the archive's $h1"; }
	echo "lock file verified: $version zh:$zip_sha (SHA-256 of $zip, as in SHA256SUMS)"
	echo "lock file verified: $version $h1 (hash of the zip's contents)"
	sed 's/^/  | /' "$lock"

	section "$cli_name: apply against the mock"
	TF_LOG_PROVIDER=debug TF_LOG_PATH="$work/provider.log" \
		tf apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1 ||
		{ cat "$work/apply.log" >&2; fail "$cli_name apply"; }
	id="$(tf output -raw task_definition_id)"
	code="$(mock_get "/API/task-definition/$id")"
	[[ "$code" == 200 ]] || fail "GET /API/task-definition/$id answered $code: $(cat "$tmp/mock-answer.json")"
	read_id="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("id", ""))' "$tmp/mock-answer.json")"
	[[ "$read_id" == "$id" ]] || fail "the mock answered id \"$read_id\" for $id: $(cat "$tmp/mock-answer.json")"
	echo "task definition id read back from the mock: $read_id (GET /API/task-definition/$id)"
	grep -q "User-Agent: terraform-provider-vidispine/$version" "$work/provider.log" ||
		fail "the provider did not send User-Agent terraform-provider-vidispine/$version (version stamp)"
	echo "the provider sent User-Agent terraform-provider-vidispine/$version"

	section "$cli_name: destroy"
	tf destroy -auto-approve -input=false -no-color >"$work/destroy.log" 2>&1 ||
		{ cat "$work/destroy.log" >&2; fail "$cli_name destroy"; }
	code="$(mock_get "/API/task-definition/$id")"
	[[ "$code" == 404 ]] || fail "after destroy GET /API/task-definition/$id answered $code"
	echo "destroyed: GET /API/task-definition/$id answers 404"
done

section "install test passed with ${#clis[@]} CLIs"
