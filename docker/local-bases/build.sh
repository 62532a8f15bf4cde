#!/usr/bin/env bash
# Builds, on a machine that reaches Debian's archive and NuGet but no container registry, local images under the
# names the compose files pull: debian:bookworm-slim (mmdebstrap from this machine's apt sources), the two .NET
# images the Dockerfile builds and runs on (that base plus this machine's .NET SDK and CA certificates), and
# coturn/coturn:4.6 (Debian's coturn) and haproxy:2.6 (Debian's haproxy). Images that already exist are left alone.
#   DOCKER_HOST=... docker/local-bases/build.sh [cache-folder]
# The cache folder keeps the base's tarball between runs (default: artifacts/local-bases beside the repository).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${1:-$here/../../artifacts/local-bases}"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
dotnet_version="$(dotnet --version | cut -d. -f1-2)"
mkdir -p "$cache"

has_image() { docker image inspect "$1" >/dev/null 2>&1; }

if ! has_image debian:bookworm-slim; then
  if [ ! -f "$cache/bookworm-minbase.tar" ]; then
    # mmdebstrap picks its output format by the name's ending, so the unfinished file ends in .tar too.
    rm -rf "$cache/bookworm-minbase.tar" "$cache/bookworm-minbase.partial.tar"
    mmdebstrap --quiet --variant=minbase bookworm "$cache/bookworm-minbase.partial.tar"
    mv "$cache/bookworm-minbase.partial.tar" "$cache/bookworm-minbase.tar"
  fi
  docker import "$cache/bookworm-minbase.tar" debian:bookworm-slim >/dev/null
fi

# The .NET images: what the official ones carry that the build and the host use (OpenSSL, ICU, zlib, CA
# certificates), then the SDK or only the runtime copied in from this machine's .NET.
standin() { # image, then the folders of $dotnet_root to copy
  local image="$1" container="orchestron-standin-$$"
  shift
  has_image "$image" && return 0
  docker build --quiet --tag orchestron-local/dotnet-deps --file "$here/dotnet-deps.Dockerfile" "$here" >/dev/null
  docker rm --force "$container" >/dev/null 2>&1 || true
  local parts=()
  for part in "$@"; do parts+=("/mnt/dotnet/$part"); done
  docker run --name "$container" --volume "$dotnet_root:/mnt/dotnet:ro" --volume /etc/ssl/certs/ca-certificates.crt:/mnt/ca.crt:ro \
    orchestron-local/dotnet-deps sh -c \
    "mkdir -p /usr/share/dotnet && cp -a ${parts[*]} /usr/share/dotnet/ && ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && cp /mnt/ca.crt /etc/ssl/certs/ca-certificates.crt"
  docker commit --change 'ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1' "$container" "$image" >/dev/null
  docker rm "$container" >/dev/null
}
standin "mcr.microsoft.com/dotnet/sdk:$dotnet_version-noble" dotnet host shared sdk sdk-manifests packs templates LICENSE.txt
standin "mcr.microsoft.com/dotnet/aspnet:$dotnet_version-noble" dotnet host shared LICENSE.txt

has_image coturn/coturn:4.6 || docker build --quiet --tag coturn/coturn:4.6 --file "$here/coturn.Dockerfile" "$here" >/dev/null
has_image haproxy:2.6 || docker build --quiet --tag haproxy:2.6 --file "$here/haproxy.Dockerfile" "$here" >/dev/null
echo "local bases ready: debian:bookworm-slim, mcr.microsoft.com/dotnet/{sdk,aspnet}:$dotnet_version-noble, coturn/coturn:4.6, haproxy:2.6"
