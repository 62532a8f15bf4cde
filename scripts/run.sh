#!/usr/bin/env bash
# Sets everything up and runs the main job: installs the runtime packages, builds, and starts the
# host in streaming mode with its default instrument at http://localhost:8000/client.
# Extra arguments go to the host (e.g. --port 9000, --help).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh build
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
dotnet build src/Orchestron.Host -c Release
exec dotnet run --project src/Orchestron.Host -c Release --no-build -- --audio-output-mode streaming "$@"
