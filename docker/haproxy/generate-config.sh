#!/usr/bin/env bash
# Writes HAProxy's configuration for Orchestron replicas with the given ids to standard output: one server per
# replica in each backend, and the rules that pin a session to the replica named in its id.
#   docker/haproxy/generate-config.sh a b > docker/haproxy/haproxy.cfg      (the shipped file)
#   docker/haproxy/generate-config.sh a b c > my-haproxy.cfg
# Each id must be what that replica has as VISUALCSOUND_REPLICA_ID: 1 to 16 lowercase letters or digits.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <replica id>..." >&2
  exit 2
fi
for id in "$@"; do
  if ! [[ "$id" =~ ^[a-z0-9]{1,16}$ ]]; then
    echo "'$id' is not a replica id; accepted: 1 to 16 lowercase letters or digits" >&2
    exit 2
  fi
done
if [ "$(printf '%s\n' "$@" | sort | uniq -d)" != "" ]; then
  echo "replica ids must differ: $*" >&2
  exit 2
fi

upper() { printf '%s' "$1" | tr '[:lower:]' '[:upper:]'; }
variables=""
for id in "$@"; do variables="${variables:+$variables, }ORCHESTRON_REPLICA_$(upper "$id")"; done

cat <<EOF
# HAProxy in front of Orchestron host replicas ($*): signalling only (HTTP). Media bypasses it: each
# replica's SDP answer carries its own public address and UDP port.
# Written by docker/haproxy/generate-config.sh $*; regenerate rather than edit.
#
# Each replica runs with VISUALCSOUND_REPLICA_ID set, so its session ids read "<replica>-<128-bit hex>". A request
# about a session goes to the replica named in its id (the session's Csound runs there and nowhere else); creating
# a session, static files and everything else go to the replica with the fewest open connections.
#
# Environment (HAProxy expands "\${...}" when it reads this file):
#   ORCHESTRON_HAPROXY_BIND   the address HAProxy listens on, e.g. :8000 or 127.0.0.1:8080
#   $variables
#                             each replica's HTTP address, e.g. orchestron-a:8000

global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 30s
    timeout http-request 10s
    timeout queue 5s
    # Without it a check must finish within "inter" (1 s), and a replica busy compiling a CSD on a small machine
    # would be marked down, turning its live sessions into 503s. A dead replica refuses the connection at once.
    timeout check 5s
    retries 2

frontend orchestron
    bind "\${ORCHESTRON_HAPROXY_BIND}"
    # The host believes X-Forwarded-* only from proxies it trusts (VISUALCSOUND_TRUSTED_PROXIES); drop what the
    # client sent, so the one value left is the client address HAProxy saw.
    http-request del-header X-Forwarded-For
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    http-request set-header X-Forwarded-Proto http if !{ ssl_fc }
    option forwardfor

    # The replica a request is about: the prefix of the session id in /api/sessions/<id>[/...], or in
    # /api/runtime-config?session=<id> (TURN credentials are issued by the replica that knows the session's tokens).
    acl session_path path_reg ^/api/sessions/[a-z0-9]+-[0-9a-f]{32}(/|$)
    acl session_param path /api/runtime-config
    http-request set-var(txn.replica) path,field(4,/),field(1,-) if session_path
    http-request set-var(txn.replica) url_param(session),field(1,-) if session_param { url_param(session) -m reg ^[a-z0-9]+-[0-9a-f]{32}\$ }

    acl known_replica var(txn.replica) -m str $*
    http-request return status 404 content-type application/problem+json lf-string "{\"title\":\"Unknown replica\",\"status\":404,\"detail\":\"No replica '%[var(txn.replica)]' runs behind this proxy, so there is no such session.\",\"replica\":\"%[var(txn.replica)]\"}" if { var(txn.replica) -m found } !known_replica

    # A replica that is down cannot serve its sessions, and no other replica has them: say so, never route elsewhere.
EOF
for id in "$@"; do
  cat <<EOF
    http-request return status 503 content-type application/problem+json hdr Retry-After 5 lf-string "{\"title\":\"Replica unavailable\",\"status\":503,\"detail\":\"Replica '$id', which runs this session, is down; its sessions are unavailable until it is back, and sessions do not move to another replica.\",\"replica\":\"$id\"}" if { var(txn.replica) -m str $id } !{ srv_is_up(by_session/$id) }
EOF
done
cat <<EOF

    use_backend by_session if { var(txn.replica) -m found }
    default_backend least_loaded

backend by_session
    # No redispatch: a session's requests go to its replica or fail; another replica would answer 404 or worse.
    no option redispatch
    option httpchk GET /api/health
    http-check expect status 200
EOF
for id in "$@"; do
  echo "    use-server $id if { var(txn.replica) -m str $id }"
done
cat <<EOF
    # Between a replica's death and the health check noticing, the connection fails: the same clear 503.
    http-error status 503 content-type application/problem+json lf-string "{\"title\":\"Replica unavailable\",\"status\":503,\"detail\":\"Replica '%[var(txn.replica)]', which runs this session, does not answer; sessions do not move to another replica.\",\"replica\":\"%[var(txn.replica)]\"}"
EOF
for id in "$@"; do
  echo "    server $id \"\${ORCHESTRON_REPLICA_$(upper "$id")}\" check inter 1s fall 3 rise 2"
done
cat <<EOF

backend least_loaded
    # Creating a session and fetching the client may go anywhere: the least busy replica, and another one if it fails.
    balance leastconn
    option redispatch
    http-error status 503 content-type application/problem+json string "{\"title\":\"No replica available\",\"status\":503,\"detail\":\"Every Orchestron replica behind this proxy is down or busy; try again shortly.\"}"
EOF
for id in "$@"; do
  echo "    server $id \"\${ORCHESTRON_REPLICA_$(upper "$id")}\" track by_session/$id"
done
