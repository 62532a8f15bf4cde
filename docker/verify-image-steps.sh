#!/usr/bin/env bash
# Performs docker/Dockerfile's steps on this machine, for where no Docker engine runs: checks that the
# runtime stage's apt packages are installed (installing the missing ones), publishes the host as the
# build stage does, starts it as the image's CMD does (on 127.0.0.1 and a free port instead of 0.0.0.0:8000),
# waits for the health check's URL to answer 200, and reads the runtime config to see the settings arrived.
#   docker/verify-image-steps.sh [output-directory]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

work="$(mktemp -d "${TMPDIR:-/tmp}/orchestron-image-steps.XXXXXX")"
out="${1:-$work/app}"
host_pid=""
cleanup() {
  if [ -n "$host_pid" ]; then
    kill "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. The runtime stage's native packages: the names are read from the Dockerfile so that they cannot drift.
packages=$(sed -n '/^FROM debian/,/rm -rf/p' docker/Dockerfile | grep -oE '\b(libcsound64-[0-9.]+|libopus0|libssl3|bubblewrap)\b' | sort -u | tr '\n' ' ')
[ -n "$packages" ] || { echo "no runtime packages found in docker/Dockerfile" >&2; exit 1; }
missing=()
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "runtime packages installed: $packages"

# 2. The build stage.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore src/Orchestron.Host/Orchestron.Host.csproj
dotnet publish src/Orchestron.Host/Orchestron.Host.csproj -c Release --no-restore -o "$out"
[ -f "$out/Orchestron.Host.dll" ] || { echo "publish wrote no Orchestron.Host.dll to $out" >&2; exit 1; }

# 3. The container's command, with the compose file's low-latency settings.
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS=10 VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_MAX=4 \
  VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_TARGET=2 VISUALCSOUND_WEBRTC_AUDIO_FLUSH_ON_CONNECT=true \
  VISUALCSOUND_WEBRTC_AUDIO_STARTUP_KEEP_FRAMES=1 \
  VISUALCSOUND_CORS_ORIGINS='["http://localhost:5173","http://localhost:8000"]' \
  VISUALCSOUND_TURN_SECRET_FILE="$work/turn-secret" \
  VISUALCSOUND_TURN_URLS='turn:localhost:3478?transport=udp,turn:localhost:3478?transport=tcp' \
  VISUALCSOUND_ALLOWED_HOSTS='localhost,127.0.0.1'
# As compose's turn-secret service does on first start: a random secret in a file the host reads.
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$work/turn-secret"
# The image's CMD gives only host and port; the mode comes from the image's environment.
export VISUALCSOUND_AUDIO_OUTPUT_MODE=streaming
(cd "$out" && exec dotnet Orchestron.Host.dll --host 127.0.0.1 --port "$port") >"$work/host.log" 2>&1 &
host_pid=$!

# 4. The HEALTHCHECK.
for _ in $(seq 1 120); do
  if ! kill -0 "$host_pid" 2>/dev/null; then
    echo "the host exited before it was healthy:" >&2
    cat "$work/host.log" >&2
    exit 1
  fi
  if body=$(curl --fail --silent --max-time 2 "http://127.0.0.1:$port/api/health"); then
    echo "healthy: GET http://127.0.0.1:$port/api/health -> 200 $body"
    # The compose file's settings reached the host: streaming mode, 10 ms frames, TURN credentials issued to
    # the holder of a session's token (and to nobody else).
    anonymous=$(curl --fail --silent --max-time 2 "http://127.0.0.1:$port/api/runtime-config")
    session=$(curl --fail --silent --max-time 10 -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$port/api/sessions")
    token=$(sed -n 's/.*"controlToken":"\([0-9a-f]*\)".*/\1/p' <<<"$session")
    config=$(curl --fail --silent --max-time 2 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/runtime-config")
    echo "runtime config: $config"
    if ! grep -q '"audioOutputMode":"streaming"' <<<"$config" || ! grep -q '"frameMs":10' <<<"$config" \
       || ! grep -qE '"username":"[0-9]+:orchestron"' <<<"$config" || grep -q '"username"' <<<"$anonymous"; then
      echo "the host did not take the image's settings (streaming, 10 ms frames, TURN credentials for token holders only)" >&2
      exit 1
    fi
    exit 0
  fi
  sleep 0.5
done
echo "no 200 from /api/health within 60 s:" >&2
cat "$work/host.log" >&2
exit 1
