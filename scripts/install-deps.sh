#!/usr/bin/env bash
# Installs the Debian packages Orchestron needs, only those that are missing.
#   scripts/install-deps.sh runtime   what the host needs to run (Csound, Opus, bubblewrap for sandboxed sessions)
#   scripts/install-deps.sh build     plus what building the host needs (clang and lld for the NativeAOT worker)
#   scripts/install-deps.sh test      plus the real peers and tools the tests drive
set -euo pipefail

profile="${1:-runtime}"
runtime_packages=(libcsound64-6.0 libopus0 libssl3 bubblewrap)
# clang and lld link the NativeAOT Csound worker that every build of the host publishes.
build_packages=(clang lld zlib1g-dev)
test_packages=(csound jackd2 jack-capture python3-aiortc chromium coturn janus haproxy libsoxr0 libspeexdsp1 docker-compose iproute2 nftables docker.io mmdebstrap)

packages=("${runtime_packages[@]}")
if [ "$profile" = "build" ] || [ "$profile" = "test" ]; then
  packages+=("${build_packages[@]}")
fi
if [ "$profile" = "test" ]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# jackd2 asks whether to enable realtime scheduling; answer once, without a prompt.
echo "jackd2 jackd/tweak_rt_limits boolean false" | $sudo debconf-set-selections
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
