#!/usr/bin/env bash
# Runs every test against the real native parts: installs what is missing, builds,
# starts a JACK server with the dummy driver for the local-mode tests, runs each
# test project, and closes with one line of counts.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

scripts/install-deps.sh test

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
dotnet build Orchestron.sln -c Release -warnaserror

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# A private JACK server (dummy driver: no sound card needed) for the local-mode tests.
export JACK_DEFAULT_SERVER="orchestron-test-$$"
export JACK_NO_AUDIO_RESERVATION=1
jackd --no-realtime -d dummy -r 48000 -p 256 >"$results/jackd.log" 2>&1 &
jack_pid=$!
trap 'kill "$jack_pid" 2>/dev/null || true; wait "$jack_pid" 2>/dev/null || true' EXIT

status=0
run_tests() { # project, results file name, then any extra dotnet test arguments
  local project="$1" trx="$2"
  shift 2
  dotnet test "$project" -c Release --no-build "$@" \
    --logger "trx;LogFileName=$trx" --logger "console;verbosity=normal" \
    --results-directory "$results" || status=1
}

# The container suite builds images and starts an engine of its own: it runs after the fast suites.
for project in $(ls tests/*.Tests/*.csproj | grep -v Container) tests/Orchestron.Container.Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  # Tests marked [Trait("Process", "Alone")] run in a test process of their own, after the rest of their project.
  if grep -rqs --include='*.cs' 'Trait("Process", "Alone")' "$(dirname "$project")"; then
    run_tests "$project" "$name.trx" --filter "Process!=Alone"
    run_tests "$project" "$name.Alone.trx" --filter "Process=Alone"
  else
    run_tests "$project" "$name.trx"
  fi
done

scripts/count-test-results.sh "$results"
exit "$status"
