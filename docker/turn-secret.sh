#!/bin/sh
# Writes the TURN secret that coturn and the Orchestron host share, before either starts (compose's turn-secret
# service): VISUALCSOUND_TURN_SECRET when given, otherwise a random one generated on the first start and kept
# in the volume across restarts, so nobody has to type one.
#   TURN_SECRET_FILE=/run/orchestron-secrets/turn-secret sh docker/turn-secret.sh
set -eu
file="${TURN_SECRET_FILE:-/run/orchestron-secrets/turn-secret}"
umask 022
if [ -n "${VISUALCSOUND_TURN_SECRET:-}" ]; then
  printf '%s' "$VISUALCSOUND_TURN_SECRET" >"$file.new" && mv -f "$file.new" "$file"
  echo "using the given TURN secret"
elif [ ! -s "$file" ]; then
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$file.new" && mv -f "$file.new" "$file"
  echo "generated a TURN secret"
else
  echo "keeping the TURN secret generated earlier"
fi
# coturn runs as nobody and the host as uid 10001: both read it; no other container mounts the volume.
chmod 0444 "$file"
