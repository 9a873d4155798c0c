#!/usr/bin/env bash
# Prints the section of CHANGELOG.md for one version (the release notes of its tag), without its
# `## VERSION (date)` heading. Fails when CHANGELOG.md has no such section or it is empty, so a
# release is never published without notes.
#
# Usage: scripts/changelog-notes.sh VERSION   (without the leading v, e.g. 0.1.0)
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:?usage: changelog-notes.sh VERSION}"
notes="$(awk -v v="$version" '
	/^## / { if (found) exit; if ($2 == v) { found = 1; next } }
	found && (NF || started) { started = 1; print }
' CHANGELOG.md)"
if [[ -z "${notes//[[:space:]]/}" ]]; then
	echo "changelog-notes: CHANGELOG.md has no section \"## $version\"" >&2
	exit 1
fi
printf '%s\n' "$notes"
