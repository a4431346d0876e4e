#!/usr/bin/env bash
# The shop as a deployment of its own processes, on loopback, for development and tests:
# a three-node NATS JetStream cluster, a PostgreSQL cluster per service, every service its own
# lotokd (two Order, two Notification), and nginx as the gateway (docs/deployment.md).
#
#   scripts/cluster.sh up DIR            start whatever is not running; print the gateway
#   scripts/cluster.sh down DIR          stop all of it
#   scripts/cluster.sh staff-add DIR LOGIN   (password on stdin) add a staff account
#   scripts/cluster.sh status DIR        what runs, by name
#
# `up` is what a supervisor does: run again on the same DIR it starts only what is not
# running (a crashed process comes back with its data, and what it left behind — nginx
# workers, PostgreSQL backends — is cleaned up first), leaves the rest alone, and prints the
# same `gateway http://127.0.0.1:PORT` line, then `gateway-tls https://127.0.0.1:PORT`: the
# gateway terminates TLS there with a certificate for 127.0.0.1, localhost and ::1 from a
# test CA made once in DIR/tls (clients trust DIR/tls/ca.crt: curl --cacert). The plain
# port serves the API too, as the template's `serve` mode allows on loopback only; the
# services behind the gateway speak plain HTTP. Ports are chosen once and kept in DIR/ports.
# PIDs are in DIR/pids/NAME.pid (the long-running process itself), logs in DIR/logs/.
# Nothing started here keeps the caller's stdout open, so `$(scripts/cluster.sh up DIR)`
# returns.
#
# Environment: LOTOKD (default: build/server/lotokd, else lotokd on PATH),
# LOTOK_NGINX_TEMPLATE (default: packaging/nginx/lotok-gateway.conf, else
# /etc/lotok/nginx/lotok-gateway.conf), LOTOK_CLUSTER_LOG_LEVEL (default info).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lotokd="${LOTOKD:-$root/build/server/lotokd}"
[ -x "$lotokd" ] || lotokd="$(command -v lotokd || true)"
template="${LOTOK_NGINX_TEMPLATE:-$root/packaging/nginx/lotok-gateway.conf}"
[ -f "$template" ] || template=/etc/lotok/nginx/lotok-gateway.conf
log_level="${LOTOK_CLUSTER_LOG_LEVEL:-info}"

services=(auth user stock billing order delivery notification)
declare -A replicas=([order]=2 [notification]=2)
nats_nodes=3

usage() {
  echo "usage: scripts/cluster.sh up|down|status DIR | staff-add DIR LOGIN (password on stdin)" >&2
  exit 2
}

[ $# -ge 2 ] || usage
command="$1"
dir="$2"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

say() { echo "cluster: $*" >&2; }
die() { echo "cluster: $*" >&2; exit 1; }

instances() { # NAME SERVICE, one per line, in start order
  for service in "${services[@]}"; do
    for i in $(seq 1 "${replicas[$service]:-1}"); do echo "$service-$i $service"; done
  done
}

# ------------------------------------------------------------------ ports and secrets
ports_file="$dir/ports"
declare -A port=()
load_ports() {
  [ -f "$ports_file" ] || return 0
  while read -r name value; do port[$name]=$value; done <"$ports_file"
}
# Ports are kept while their process is down (a restarted process comes back on its own),
# so listening is not the whole story: every cluster on this machine claims its ports in a
# shared directory, one file per port naming the cluster, and a claim whose cluster no longer
# lists that port is stale. Planning holds a lock on that directory, so two clusters planned
# at the same moment never pick the same port.
claims="${TMPDIR:-/tmp}/lotok-cluster-ports"
claimed_by_other() { # PORT
  local owner
  owner=$(cat "$claims/$1" 2>/dev/null) || return 1
  [ "$owner" != "$dir" ] && grep -qs " $1\$" "$owner/ports"
}
claim() { # PORT (under the lock plan_ports holds)
  claimed_by_other "$1" && return 1
  echo "$dir" >"$claims/$1"
}
port_taken() {
  local candidate=$1 name
  for name in "${!port[@]}"; do [ "${port[$name]}" = "$candidate" ] && return 0; done
  ss -Htln "sport = :$candidate" | grep -q . && return 0
  claimed_by_other "$candidate" && return 0
  return 1
}
assign_port() { # NAME
  [ -n "${port[$1]:-}" ] && return 0
  local candidate
  for _ in $(seq 1 200); do
    # Below the kernel's ephemeral range (32768 up, where bind(0) and outgoing connections
    # take theirs), so a port chosen now is still free when its process starts.
    candidate=$(( 20000 + RANDOM % 12000 ))
    if ! port_taken "$candidate" && claim "$candidate"; then
      port[$1]=$candidate
      echo "$1 $candidate" >>"$ports_file"
      return 0
    fi
  done
  die "no free port for $1"
}
plan_ports() {
  load_ports
  mkdir -p "$claims"
  chmod 1777 "$claims" 2>/dev/null || true
  exec 9>>"$claims/.lock"
  flock 9
  assign_port gateway
  assign_port gateway-tls
  assign_port gateway-internal
  for n in $(seq 1 $nats_nodes); do
    assign_port "nats-$n"; assign_port "nats-$n-route"; assign_port "nats-$n-monitor"
  done
  while read -r name _; do assign_port "$name"; assign_port "$name-internal"; done < <(instances)
  flock -u 9
  exec 9>&-
}

token() {
  if [ ! -s "$dir/token" ]; then
    (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$dir/token")
  fi
  cat "$dir/token"
}

# ------------------------------------------------------------------ TLS
# A test CA and the gateway's certificate, made once and kept (a client that trusted
# DIR/tls/ca.crt keeps trusting the gateway across `up`s). For loopback only: the CA's key
# lies beside it, readable by whoever can read DIR.
make_tls() {
  local tls="$dir/tls"
  [ -s "$tls/ca.crt" ] && [ -s "$tls/gateway.crt" ] && [ -s "$tls/gateway.key" ] && return 0
  command -v openssl >/dev/null || die "openssl is missing (scripts/install-deps.sh)"
  mkdir -p "$tls"
  chmod 755 "$tls"
  # (&& throughout: set -e does not act inside a subshell that is followed by ||.)
  (
    umask 077
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 3650 \
      -subj "/O=Lotok development cluster/CN=Lotok test CA" \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$tls/ca.key" -out "$tls/ca.crt.new" &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
      -subj "/CN=127.0.0.1" -keyout "$tls/gateway.key" -out "$tls/gateway.csr" &&
    printf '%s\n' "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost" \
      "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
      "extendedKeyUsage=serverAuth" >"$tls/gateway.ext" &&
    openssl x509 -req -in "$tls/gateway.csr" -CA "$tls/ca.crt.new" -CAkey "$tls/ca.key" \
      -CAcreateserial -sha256 -days 825 -extfile "$tls/gateway.ext" -out "$tls/gateway.crt.new"
  ) >>"$dir/logs/tls.log" 2>&1 || die "could not make the test CA (see $dir/logs/tls.log)"
  chmod 644 "$tls/ca.crt.new" "$tls/gateway.crt.new"
  mv "$tls/gateway.crt.new" "$tls/gateway.crt"
  mv "$tls/ca.crt.new" "$tls/ca.crt"
  rm -f "$tls/gateway.csr" "$tls/gateway.ext"
  say "made a test CA ($tls/ca.crt) and the gateway's certificate"
}

# ------------------------------------------------------------------ processes
pid_of() { cat "$dir/pids/$1.pid" 2>/dev/null || true; }
# Alive and ours: a recycled PID belongs to some other program, without DIR in its command.
alive() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$dir"
}
wait_for() { # SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2
  shift 2
  for _ in $(seq 1 $(( seconds * 5 ))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "$what did not come up in ${seconds}s (logs in $dir/logs)"
}
http_ok() { curl -sf -o /dev/null --max-time 2 "$@"; }
# Detached from the caller: no terminal, stdin from /dev/null, output to the log.
spawn() { # NAME COMMAND...
  local name=$1
  shift
  nohup "$@" </dev/null >>"$dir/logs/$name.log" 2>&1 &
  echo $! >"$dir/pids/$name.pid"
}
# What a process that died left listening on one of our ports (orphaned nginx workers).
# Only a process of this DIR (named in its command line, or writing to a file under DIR, as
# an orphaned nginx worker does to our logs): a port ours once may be another cluster's now.
ours() { # PID
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF "$dir/" && return 0
  find "/proc/$1/fd" -mindepth 1 -maxdepth 1 -lname "$dir/*" 2>/dev/null | grep -q .
}
free_our_port() {
  local p=$1 pid
  for pid in $(ss -Htlnp "sport = :$p" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    if ours "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
  done
}

start_nats() { # N
  local n=$1 name="nats-$1" routes="" m
  alive "$name" && return 0
  for m in $(seq 1 $nats_nodes); do
    [ "$m" = "$n" ] && continue
    routes+="    nats-route://127.0.0.1:${port[nats-$m-route]}"$'\n'
  done
  mkdir -p "$dir/nats/$n"
  cat >"$dir/nats/$name.conf" <<EOF
server_name: $name
listen: 127.0.0.1:${port[$name]}
http: 127.0.0.1:${port[$name-monitor]}
jetstream { store_dir: "$dir/nats/$n" }
cluster {
  name: lotok
  listen: 127.0.0.1:${port[$name-route]}
  routes: [
$routes  ]
}
EOF
  free_our_port "${port[$name]}"
  spawn "$name" nats-server -c "$dir/nats/$name.conf"
  say "started $name"
}

nats_urls() {
  local urls="" n
  for n in $(seq 1 $nats_nodes); do urls+="${urls:+,}nats://127.0.0.1:${port[nats-$n]}"; done
  echo "$urls"
}

start_pg() { # SERVICE
  local service=$1 name="pg-$1" data="$dir/pg/$1"
  if ! alive "$name"; then
    # A postmaster that was killed leaves its backends behind (they hold its shared
    # memory, and a new postmaster refuses to start beside them): they all work in the
    # cluster's directory.
    local proc
    for proc in /proc/[0-9]*; do
      if [ "$(readlink "$proc/cwd" 2>/dev/null)" = "$data/postgresql" ]; then
        kill -9 "${proc#/proc/}" 2>/dev/null || true
      fi
    done
    mkdir -p "$data"
    "$lotokd" db start --data-dir "$data" --log-level warn 2>>"$dir/logs/$name.log" </dev/null \
      | tail -n 1 >"$dir/pg/$service.url"
    [ -s "$dir/pg/$service.url" ] || die "PostgreSQL for $service did not start (see $dir/logs/$name.log)"
    head -n 1 "$data/postgresql/postmaster.pid" >"$dir/pids/$name.pid"
    say "started $name"
  fi
}

write_lotokd_config() { # NAME SERVICE
  local name=$1 service=$2 other
  {
    echo "[server]"
    echo "listen = 127.0.0.1:${port[$name]}"
    echo "internal_listen = 127.0.0.1:${port[$name-internal]}"
    echo "services = $service"
    echo "service_token = $(token)"
    echo "log_level = $log_level"
    echo "[database.$service]"
    echo "url = $(cat "$dir/pg/$service.url")"
    echo "[events]"
    echo "url = $(nats_urls)"
    echo "replicas = $nats_nodes"
    echo "[service_urls]"
    for other in "${services[@]}"; do
      [ "$other" = "$service" ] || echo "$other = http://127.0.0.1:${port[gateway-internal]}"
    done
  } >"$dir/conf/$name.conf"
}

start_lotokd() { # NAME SERVICE
  local name=$1 service=$2
  alive "$name" && return 0
  write_lotokd_config "$name" "$service"
  free_our_port "${port[$name]}"
  free_our_port "${port[$name-internal]}"
  spawn "$name" "$lotokd" serve --config "$dir/conf/$name.conf"
  say "started $name"
}

servers_of() { # SERVICE -> "server 127.0.0.1:P max_fails=1 fail_timeout=2s; ..."
  local out="" name svc
  while read -r name svc; do
    [ "$svc" = "$1" ] && out+="server 127.0.0.1:${port[$name-internal]} max_fails=1 fail_timeout=2s; "
  done < <(instances)
  echo "$out"
}

start_nginx() {
  alive nginx && return 0
  [ -f "$template" ] || die "no gateway template ($template)"
  mkdir -p "$dir/nginx/tmp"
  chmod 755 "$dir/nginx" "$dir/nginx/tmp"
  local conf="$dir/nginx/lotok-gateway.conf" service upper
  cp "$template" "$conf.new"
  # Plain HTTP is served, not redirected: a development cluster, on loopback only.
  sed -i -e "s|@PUBLIC_LISTEN@|127.0.0.1:${port[gateway]}|" \
    -e "s|@PLAIN_HTTP@|serve|" \
    -e "s|@TLS_LISTEN@|127.0.0.1:${port[gateway-tls]}|" \
    -e "s|@TLS_CERTIFICATE@|$dir/tls/gateway.crt|" \
    -e "s|@TLS_KEY@|$dir/tls/gateway.key|" \
    -e "s|@INTERNAL_LISTEN@|127.0.0.1:${port[gateway-internal]}|" \
    -e "s|@SERVICE_TOKEN@|$(token)|" "$conf.new"
  for service in "${services[@]}"; do
    upper=$(echo "$service" | tr a-z A-Z)
    sed -i "s|@${upper}_SERVERS@|$(servers_of "$service")|" "$conf.new"
  done
  mv "$conf.new" "$conf"
  cat >"$dir/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $dir/pids/nginx.pid;
error_log $dir/logs/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log $dir/logs/nginx-access.log;
    client_body_temp_path $dir/nginx/tmp/body;
    proxy_temp_path $dir/nginx/tmp/proxy;
    fastcgi_temp_path $dir/nginx/tmp/fastcgi;
    uwsgi_temp_path $dir/nginx/tmp/uwsgi;
    scgi_temp_path $dir/nginx/tmp/scgi;
    include $conf;
}
EOF
  free_our_port "${port[gateway]}"
  free_our_port "${port[gateway-tls]}"
  free_our_port "${port[gateway-internal]}"
  rm -f "$dir/pids/nginx.pid"
  # nginx daemonizes itself and writes its master's PID to the file above.
  nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" </dev/null >>"$dir/logs/nginx.log" 2>&1 \
    || die "nginx did not start (see $dir/logs/nginx.log, nginx-error.log)"
  wait_for 10 "nginx" test -s "$dir/pids/nginx.pid"
  say "started nginx"
}

up() {
  command -v nats-server >/dev/null || die "nats-server is missing (scripts/install-deps.sh)"
  command -v nginx >/dev/null || die "nginx is missing (scripts/install-deps.sh)"
  [ -x "$lotokd" ] || die "lotokd is missing (make build, or set LOTOKD)"
  mkdir -p "$dir/pids" "$dir/logs" "$dir/conf" "$dir/pg"
  # PostgreSQL runs as its own user under root: it must be able to enter DIR.
  chmod 755 "$dir"
  plan_ports
  make_tls
  local n service name
  for n in $(seq 1 $nats_nodes); do start_nats "$n"; done
  for service in "${services[@]}"; do start_pg "$service"; done
  for n in $(seq 1 $nats_nodes); do
    wait_for 60 "nats-$n" http_ok "http://127.0.0.1:${port[nats-$n-monitor]}/healthz?js-server-only=true"
  done
  start_nginx
  while read -r name service; do start_lotokd "$name" "$service"; done < <(instances)
  while read -r name service; do
    wait_for 120 "$name" http_ok "http://127.0.0.1:${port[$name]}/readyz"
  done < <(instances)
  wait_for 30 "the gateway" http_ok "http://127.0.0.1:${port[gateway]}/readyz"
  wait_for 30 "the gateway's HTTPS" http_ok --cacert "$dir/tls/ca.crt" "https://127.0.0.1:${port[gateway-tls]}/readyz"
  echo "gateway http://127.0.0.1:${port[gateway]}"
  echo "gateway-tls https://127.0.0.1:${port[gateway-tls]}"
}

stop_pid() { # NAME [SIGNAL]
  local name=$1 pid
  pid=$(pid_of "$name")
  if alive "$name"; then
    kill "-${2:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/pids/$name.pid"
}

down() {
  [ -d "$dir/pids" ] || { say "nothing runs in $dir"; return 0; }
  local name service n
  stop_pid nginx QUIT
  while read -r name service; do stop_pid "$name"; done < <(instances)
  for service in "${services[@]}"; do
    if [ -d "$dir/pg/$service/postgresql" ]; then
      "$lotokd" db stop --data-dir "$dir/pg/$service" --log-level error </dev/null >/dev/null 2>&1 || true
    fi
    stop_pid "pg-$service"
  done
  for n in $(seq 1 $nats_nodes); do stop_pid "nats-$n"; done
  say "stopped"
}

status() {
  local name service n
  for name in nginx $(for n in $(seq 1 $nats_nodes); do echo "nats-$n"; done) \
    $(for service in "${services[@]}"; do echo "pg-$service"; done) $(instances | cut -d' ' -f1); do
    if alive "$name"; then echo "$name running $(pid_of "$name")"; else echo "$name stopped"; fi
  done
}

staff_add() { # LOGIN, password on stdin
  local login=$1
  [ -s "$dir/pg/auth.url" ] && [ -s "$dir/pg/user.url" ] || die "no cluster in $dir (run up first)"
  # The User service creates the account and registers the credentials with Auth, as it does
  # for a customer: run that one command against their two databases.
  "$lotokd" staff add --login "$login" --log-level warn \
    --database-url "user=$(cat "$dir/pg/user.url")" --database-url "auth=$(cat "$dir/pg/auth.url")"
}

case "$command" in
  up) up ;;
  down) down ;;
  status) status ;;
  staff-add) [ $# -eq 3 ] || usage; staff_add "$3" ;;
  *) usage ;;
esac
