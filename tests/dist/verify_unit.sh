#!/bin/bash
# The systemd unit in dist/ is one systemd accepts: `systemd-analyze verify` on a copy whose
# ExecStart names the binary just built (verify checks that the command is executable). Any
# warning fails too: systemd ignores a directive it cannot parse and only says so on stderr.
# Usage: verify_unit.sh UNIT_FILE SERVER_BINARY
set -euo pipefail
unit=$1 server=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing (Debian package systemd; scripts/setup installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -q '^ExecStart=/usr/local/bin/shipboard-server ' "$unit" || { echo "ExecStart does not start /usr/local/bin/shipboard-server" >&2; exit 1; }
for key in DynamicUser=yes StateDirectory=shipboard ProtectSystem=strict NoNewPrivileges=yes Restart=on-failure LimitNOFILE=; do
  grep -q "^$key" "$unit" || { echo "the unit lacks $key" >&2; exit 1; }
done
sed "s|/usr/local/bin/shipboard-server|$server|" "$unit" >"$tmp/shipboard.service"
if ! out=$(systemd-analyze verify "$tmp/shipboard.service" 2>&1); then
  echo "systemd-analyze verify failed:" >&2; echo "$out" >&2; exit 1
fi
if [ -n "$out" ]; then
  echo "systemd-analyze verify warned:" >&2; echo "$out" >&2; exit 1
fi
echo "dist/shipboard.service: systemd-analyze verify clean"
