# What Microsoft's .NET images carry besides .NET itself: the libraries the runtime and the SDK load.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates libssl3 libicu72 zlib1g libstdc++6 libgcc-s1 \
 && rm -rf /var/lib/apt/lists/*
