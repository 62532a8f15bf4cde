#!/usr/bin/env bash
# Sets everything up and runs the main job: installs the runtime packages, builds, and
# renders the embedded default instrument to artifacts/default.wav.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh runtime
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
dotnet build samples/RenderToWav -c Release
mkdir -p artifacts
dotnet run --project samples/RenderToWav -c Release --no-build -- --output artifacts/default.wav "$@"
