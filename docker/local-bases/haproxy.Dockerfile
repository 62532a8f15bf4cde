# A stand-in for haproxy:2.6: Debian 12's haproxy (the same 2.6 series), laid out as the official image is: the
# configuration at /usr/local/etc/haproxy/haproxy.cfg (the compose file mounts it there), run in the foreground
# as the haproxy user in master-worker mode.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends haproxy \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /usr/local/etc/haproxy
USER haproxy
# The official image stops on SIGUSR1 (a soft stop that lets connections finish).
STOPSIGNAL SIGUSR1
ENTRYPOINT ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
