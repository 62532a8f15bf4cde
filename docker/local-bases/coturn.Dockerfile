# A stand-in for coturn/coturn:4.6: Debian's coturn, started by the compose file's own entrypoint.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends coturn \
 && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["turnserver"]
