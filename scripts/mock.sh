# shellcheck shell=bash
# Sourced by the scripts that run a CLI against the standalone mock: builds the mock, starts it,
# waits until it listens, and stops it when the script exits; writes the CLI configuration that
# takes the provider from a folder.
#
# start_mock NAME DIR PORT TMP: builds the mock into DIR and starts it on 127.0.0.1:PORT with its
# log in TMP/mock.log. Sets mock_pid, mock_line (the mock's `vidimock listening on URL
# (user U, password P)` line), mock_url, mock_user and mock_password (admin/admin when the line
# names none). Exits the script, naming NAME, if the mock does not come up.
# stop_mock: stops it (call it from the script's EXIT trap).
# dev_overrides_config FILE DIR: writes FILE, a CLI configuration whose dev_overrides take the
# provider from DIR (dev_overrides looks for a binary named exactly terraform-provider-vidispine
# there; with it no `init` is needed, and init would fail offline).

mock_pid=""

start_mock() {
	local name="$1" dir="$2" port="$3" tmp="$4"
	mkdir -p "$dir"
	go build -o "$dir/vidimock" ./internal/vidimock/cmd/vidimock
	"$dir/vidimock" -listen "127.0.0.1:$port" >"$tmp/mock.log" 2>&1 &
	mock_pid=$!
	mock_line=""
	for _ in $(seq 1 100); do
		mock_line="$(grep -m1 'vidimock listening on ' "$tmp/mock.log" || true)"
		[[ -n "$mock_line" ]] && break
		if ! kill -0 "$mock_pid" 2>/dev/null; then
			echo "$name: the mock exited before listening (is port $port busy?):" >&2
			cat "$tmp/mock.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	if [[ -z "$mock_line" ]]; then
		echo "$name: the mock did not report listening within 10s:" >&2
		cat "$tmp/mock.log" >&2
		exit 1
	fi
	# shellcheck disable=SC2034 # read by the scripts that source this file
	mock_url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' <<<"$mock_line")"
	mock_user="$(sed -n 's/.*(user \([^,]*\),.*/\1/p' <<<"$mock_line")"
	mock_user="${mock_user:-admin}"
	mock_password="$(sed -n 's/.*password \([^)]*\)).*/\1/p' <<<"$mock_line")"
	mock_password="${mock_password:-admin}"
}

dev_overrides_config() {
	cat >"$1" <<TFRC
provider_installation {
  dev_overrides {
    "mediaops/vidispine" = "$2"
  }
  direct {}
}
TFRC
}

stop_mock() {
	if [[ -n "$mock_pid" ]] && kill -0 "$mock_pid" 2>/dev/null; then
		kill -TERM "$mock_pid" 2>/dev/null || true
		wait "$mock_pid" 2>/dev/null || true
		echo "==> mock stopped"
	fi
}
