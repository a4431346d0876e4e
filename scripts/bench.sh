#!/usr/bin/env bash
# `make bench`: the speed of the whole system beside its ceiling, measured in the same run.
#
# Starts everything itself on loopback — a private PostgreSQL cluster, lotokd, nginx, and for
# the event rows' second pass a private nats-server with JetStream and a second lotokd on it —
# drives them with lotok-bench (bench/lotok_bench.cpp), pgbench (bench/pgbench/*.sql) and wrk,
# prints ONE table (our figure, the ceiling, the ratio) and writes it to
# bench/results/latest.json. Everything it starts is stopped on exit. Takes 5-8 minutes on a
# 2-core machine.
#
# Environment: BUILD_DIR (default build), BENCH_SECONDS (length of each measured run, default
# 10), BENCH_WS_CONNECTIONS (default 10000), BENCH_KEEP=1 keeps the work directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-build}"
[[ "$build" = /* ]] || build="$root/$build"
lotokd="$build/server/lotokd"
gen="$build/bench/lotok-bench"
pgdir="$root/bench/pgbench"
seconds="${BENCH_SECONDS:-10}"
short=$(( seconds / 2 > 3 ? seconds / 2 : 3 ))
ws_connections="${BENCH_WS_CONNECTIONS:-10000}"
customers=128
positions=256

for tool in "$lotokd" "$gen"; do
  [ -x "$tool" ] || { echo "bench: $tool is missing; build first (make bench does)" >&2; exit 1; }
done
for tool in pgbench pg_dump psql wrk nginx jq nats-server; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
done

# 10,000 sockets on each side of loopback need descriptors.
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt 65536 ]; then ulimit -n "$hard"; else ulimit -n 65536; fi
limit=$(ulimit -n)
if [ "$limit" -lt $(( ws_connections + 2000 )) ]; then
  ws_connections=$(( limit - 2000 ))
  echo "bench: ulimit -n is $limit; holding $ws_connections WebSocket connections" >&2
fi

work="$(mktemp -d /tmp/lotok-bench.XXXXXX)"
chmod 755 "$work"
results="$work/results"
mkdir -p "$results"
lotokd_pid=""
inprocess_pid=""
nginx_pid=""
nats_pid=""
started=$(date +%s)

cleanup() {
  set +e
  [ -n "$lotokd_pid" ] && kill "$lotokd_pid" 2>/dev/null && timeout 20 tail --pid="$lotokd_pid" -f /dev/null
  [ -n "$inprocess_pid" ] && kill "$inprocess_pid" 2>/dev/null && timeout 20 tail --pid="$inprocess_pid" -f /dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  [ -n "$nats_pid" ] && kill "$nats_pid" 2>/dev/null && timeout 20 tail --pid="$nats_pid" -f /dev/null
  [ -d "$work/db" ] && timeout 60 "$lotokd" db stop --data-dir "$work/db" >/dev/null 2>&1
  [ -d "$work/cluster" ] && LOTOKD="$lotokd" timeout 120 "$root/scripts/cluster.sh" down "$work/cluster" >/dev/null 2>&1
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf 'bench [%4ss] %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }

free_port() {
  local port
  for _ in $(seq 1 50); do
    # Below the kernel's ephemeral range (32768 and up by default): there the generator's
    # own connections take local ports, and one took a port picked here before nats-server
    # could bind it. Any socket on it counts, not only listeners.
    port=$(( 20000 + RANDOM % 12000 ))
    if ! ss -Htan "sport = :$port" | grep -q .; then echo "$port"; return; fi
  done
  echo "bench: no free port" >&2; exit 1
}

# --------------------------------------------------------------------------- PostgreSQL
say "starting PostgreSQL in $work/db"
db_url="$(timeout 120 "$lotokd" db start --data-dir "$work/db" 2>"$work/db-start.log" | tail -n 1)"
[ -n "$db_url" ] || { cat "$work/db-start.log" >&2; exit 1; }
psql_lotok() { psql "$db_url" -X -q -v ON_ERROR_STOP=1 "$@"; }
ceiling_url="$(sed "s/dbname='\\?lotok'\\?/dbname=lotok_ceiling/" <<<"$db_url")"

echo 'bench-staff-password' | timeout 60 "$lotokd" staff add --login benchstaff --database-url "$db_url" \
  >/dev/null 2>"$work/staff.log" || { cat "$work/staff.log" >&2; exit 1; }

# --------------------------------------------------------------------------- lotokd
# start_lotokd NAME DATABASE_URL [ARGS...]: sets lotokd_pid and url; logs in $work/NAME.*
start_lotokd() {
  local name="$1" database="$2"; shift 2
  say "starting lotokd ($name)"
  "$lotokd" serve --database-url "$database" --listen 127.0.0.1:0 --internal-listen 127.0.0.1:0 \
    --log-level warn "$@" >"$work/$name.out" 2>"$work/$name.err" &
  lotokd_pid=$!
  for _ in $(seq 1 150); do
    grep -q '^lotokd: ready' "$work/$name.out" 2>/dev/null && break
    kill -0 "$lotokd_pid" 2>/dev/null || { cat "$work/$name.err" >&2; exit 1; }
    sleep 0.2
  done
  url="$(sed -n 's/^lotokd: public \(https\?:[^ ]*\).*/\1/p' "$work/$name.out")"
  [ -n "$url" ] || { echo "bench: lotokd did not start" >&2; cat "$work/$name.err" >&2; exit 1; }
  say "lotokd $url (pid $lotokd_pid)"
}
stop_lotokd() {
  kill "$lotokd_pid" 2>/dev/null || true
  timeout 20 tail --pid="$lotokd_pid" -f /dev/null || true
  lotokd_pid=""
}
start_lotokd lotokd "$db_url"

say "setting up $customers customers, a reader and $positions positions"
timeout 300 "$gen" setup --url "$url" --staff-login benchstaff --staff-password bench-staff-password \
  --customers "$customers" --positions "$positions" --out "$work/state.json" >/dev/null

# unpublished DATABASE_URL: events not yet relayed, over every service's outbox.
unpublished() {
  local sum
  sum=$(psql "$1" -X -At -c "SELECT string_agg(format('(SELECT count(*) FROM %I.outbox WHERE published_at IS NULL)', schemaname), ' + ') FROM pg_tables WHERE tablename = 'outbox'")
  psql "$1" -X -At -c "SELECT ${sum:-0}"
}

# Waits (at most 60 s) until every outbox is relayed, so one phase's events do not run into
# the next one's measurement; records how long that took.
drain() {
  local phase="$1" database="${2:-$db_url}" t0 left
  t0=$(date +%s%N)
  for _ in $(seq 1 300); do
    left=$(unpublished "$database")
    [ "$left" = 0 ] && break
    sleep 0.2
  done
  local took
  took=$(awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "%.1f", ns / 1e9 }')
  jq --argjson s "$took" --argjson left "$left" '. + {events_drain_s: $s, events_left: $left}' \
    "$results/$phase.json" >"$results/$phase.tmp" && mv "$results/$phase.tmp" "$results/$phase.json"
}

# handled_at DATABASE_URL: the time (Unix ms) when every confirmed order is sold, delivered
# and notified, none is pending and every outbox is relayed; polled every 0.1 s, at most 60 s.
handled_at() {
  local outboxes
  outboxes=$(psql "$1" -X -At -c "SELECT string_agg(format('(SELECT count(*) FROM %I.outbox WHERE published_at IS NULL)', schemaname), ' + ') FROM pg_tables WHERE tablename = 'outbox'")
  for _ in $(seq 1 600); do
    if [ "$(psql "$1" -X -At -c "
      WITH c AS (SELECT count(*) AS n FROM orders.orders WHERE status = 'confirmed')
      SELECT (SELECT n FROM c) = (SELECT count(*) FROM stock.reservations WHERE status = 'sold')
         AND (SELECT n FROM c) = (SELECT count(*) FROM delivery.deliveries)
         AND (SELECT n FROM c) = (SELECT count(*) FROM notification.notifications WHERE type = 'order_ready_for_delivery')
         AND NOT EXISTS (SELECT 1 FROM orders.orders WHERE status = 'pending')
         AND $outboxes = 0")" = t ]; then
      echo $(( $(date +%s%N) / 1000000 )); return
    fi
    sleep 0.1
  done
}

# --------------------------------------------------------------------------- ceilings: pgbench
say "pgbench: ceiling database (schema of lotokd's, same cluster)"
psql_lotok -c "DROP DATABASE IF EXISTS lotok_ceiling" -c "CREATE DATABASE lotok_ceiling" 2>/dev/null
pg_dump -s "$db_url" | psql "$ceiling_url" -X -q >/dev/null 2>&1
psql "$ceiling_url" -X -q -v ON_ERROR_STOP=1 -v customers=$customers -v positions=$positions \
  -v reader=1000000 -f "$pgdir/seed.sql" >/dev/null
ids="$(psql "$ceiling_url" -X -At -c "SELECT array_agg(id ORDER BY id DESC) FROM (SELECT id FROM orders.orders WHERE user_id = 1000000 ORDER BY id DESC LIMIT 21) o")"

# pgbench -> {"tps", "p50_ms"?, "latency_avg_ms", "failed"}
run_pgbench() {
  local name="$1" clients="$2" duration="$3"; shift 3
  local out
  out="$(pgbench -n -M prepared -c "$clients" -j 2 -T "$duration" "$@" "$ceiling_url" 2>&1 || true)"
  local tps lat failed
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | tail -n 1)
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")
  if [ -z "$tps" ] || grep -q "aborted" <<<"$out"; then
    echo "bench: pgbench $name failed:" >&2; grep -m 3 -i error <<<"$out" >&2
    tps=null
  fi
  jq -n --argjson tps "${tps:-null}" --argjson lat "${lat:-null}" --argjson failed "${failed:-0}" \
    --argjson clients "$clients" '{tps: $tps, latency_avg_ms: $lat, failed: $failed, clients: $clients}' \
    >"$results/$name.json"
  say "  $name: ${tps} tx/s at $clients clients"
}
for n in 8 32 128; do
  say "pgbench: one order's SQL, a transaction per service, $n clients"
  run_pgbench "pgbench_saga_multi_$n" "$n" "$seconds" -D customers=$customers -D positions=$positions -f "$pgdir/order_multi.sql"
done
say "pgbench: one order's SQL in one transaction (monolith), 32 clients"
run_pgbench pgbench_saga_single 32 "$seconds" -D customers=$customers -D positions=$positions -f "$pgdir/order_single.sql"

# --------------------------------------------------------------------------- orders
for n in 8 32 128; do
  say "orders: $n customers, ${seconds}s"
  timeout $(( seconds + 60 )) "$gen" orders --state "$work/state.json" --customers "$n" \
    --seconds "$seconds" --pid "$lotokd_pid" >"$results/orders_$n.json"
  say "  $(jq -r '"\(.orders_per_s) orders/s, p50 \(.latency.p50_ms|floor) ms, p99 \(.latency.p99_ms|floor) ms, statuses \(.statuses|tostring)"' "$results/orders_$n.json")"
  drain "orders_$n"
  say "  events relayed $(jq -r .events_drain_s "$results/orders_$n.json") s after the run"
done

# --------------------------------------------------------------------------- metrics cost
# The 32-customer run again on a lotokd with [metrics] enabled = false, then once more with
# them on (a fresh process each time, the same database): the cost of metrics is the mean
# of the two runs with them beside the one without (issue 14: within 5 %).
run_orders_32_on() { # PHASE NAME [lotokd ARGS...]
  local phase="$1" name="$2"; shift 2
  stop_lotokd
  start_lotokd "$name" "$db_url" "$@"
  handled_at "$db_url" >/dev/null # the events of the run before, all handled first
  jq --arg u "$url" '.url = $u' "$work/state.json" >"$work/state.tmp" && mv "$work/state.tmp" "$work/state.json"
  say "orders: 32 customers, ${seconds}s ($name)"
  timeout $(( seconds + 60 )) "$gen" orders --state "$work/state.json" --customers 32 \
    --seconds "$seconds" --pid "$lotokd_pid" >"$results/$phase.json"
  say "  $(jq -r '"\(.orders_per_s) orders/s, p99 \(.latency.p99_ms|floor) ms"' "$results/$phase.json")"
  drain "$phase"
}
printf '[metrics]\nenabled = false\n' >"$work/metrics-off.conf"
run_orders_32_on orders_32_metrics_on_1 lotokd-metrics-on
run_orders_32_on orders_32_metrics_off lotokd-metrics-off --config "$work/metrics-off.conf"
run_orders_32_on orders_32_metrics_on_2 lotokd-metrics-on-again

# --------------------------------------------------------------------------- reads
say "reads: 1,000 orders for the reader"
timeout 180 "$gen" fill --state "$work/state.json" --orders 1000 >/dev/null
for path in orders account; do
  say "reads: GET /api/v1/$path, 64 connections, ${short}s"
  timeout $(( short + 60 )) "$gen" reads --state "$work/state.json" --path "/api/v1/$path" \
    --connections 64 --seconds "$short" --pid "$lotokd_pid" >"$results/reads_$path.json"
  say "  $(jq -r '"\(.requests_per_s) req/s, p99 \(.latency.p99_ms) ms"' "$results/reads_$path.json")"
done
say "pgbench: the same SELECTs, 64 clients"
run_pgbench pgbench_read_orders 64 "$short" -D reader=1000000 -D ids="$ids" -f "$pgdir/read_orders.sql"
run_pgbench pgbench_read_account 64 "$short" -D customers=$customers -f "$pgdir/read_account.sql"

# --------------------------------------------------------------------------- plain HTTP
nginx_port=$(free_port)
mkdir -p "$work/nginx/www" "$work/nginx/logs"
printf '{"status":"ok"}' >"$work/nginx/www/healthz"
chmod -R a+rX "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  default_type application/json;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/www;
  }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>"$work/nginx/logs/stderr" &
nginx_pid=$!
sleep 0.5

# wrk -> {"rps", "p50_ms", "p99_ms", "errors"}
run_wrk() { # NAME CONNECTIONS URL [wrk ARGS...]
  local name="$1" connections="$2" target="$3"; shift 3
  local out
  out="$(timeout $(( short + 30 )) wrk -t2 -c"$connections" -d"${short}s" "$@" --latency "$target" 2>&1 || true)"
  awk -v name="$name" '
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Requests\/sec:/ { rps = $2 }
    /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx/ { errors += $5 }
    END {
      p50v = p50; sub(/[a-z]+$/, "", p50v); p99v = p99; sub(/[a-z]+$/, "", p99v)
      if (p50 ~ /us$/) p50v /= 1000; else if (p50 ~ /[^m]s$/) p50v *= 1000
      if (p99 ~ /us$/) p99v /= 1000; else if (p99 ~ /[^m]s$/) p99v *= 1000
      printf "{\"rps\": %s, \"p50_ms\": %s, \"p99_ms\": %s, \"errors\": %d}\n", rps == "" ? "null" : rps, p50v == "" ? "null" : p50v, p99v == "" ? "null" : p99v, errors
    }' <<<"$out" >"$results/$name.json"
  say "  $name: $(jq -r '"\(.rps) req/s, p99 \(.p99_ms) ms, errors \(.errors)"' "$results/$name.json")"
}
say "wrk: GET /healthz vs nginx, 64 and 1,000 connections, ${short}s each"
for c in 64 1000; do
  run_wrk "wrk_lotokd_$c" "$c" "$url/healthz"
  run_wrk "wrk_nginx_$c" "$c" "http://127.0.0.1:$nginx_port/healthz"
done
# wrk counts only the answers it got: a server that serves 64 of 1,000 connections and
# starves the rest looks fast. lotok-bench counts the connections never answered.
say "lotok-bench: GET /healthz, 1,000 connections, ${short}s (who gets served?)"
timeout $(( short + 60 )) "$gen" reads --state "$work/state.json" --path /healthz \
  --connections 1000 --seconds "$short" --pid "$lotokd_pid" >"$results/healthz_1000.json"
say "  $(jq -r '"\(.requests_per_s) req/s, p99 \(.latency.p99_ms) ms, \(.connections_never_answered) of 1000 connections never answered"' "$results/healthz_1000.json")"
kill "$nginx_pid" 2>/dev/null || true
wait "$nginx_pid" 2>/dev/null || true
nginx_pid=""

# --------------------------------------------------------------------------- HTTPS
# Issue 16: lotokd terminating TLS itself against nginx terminating it in front of a plain
# lotokd — the two ways the package could serve HTTPS — on the same ECDSA P-256 certificate,
# the same policy and the same wrk runs: keep-alive GET /healthz and GET /api/v1/account, and
# new connections per second (Connection: close, so a full handshake per request: wrk keeps
# no TLS sessions). nginx serving a static file over TLS is measured too, as nginx's own
# handshake rate with nothing behind it.
mkdir -p "$work/tls" "$work/nginx-tls/www" "$work/nginx-tls/logs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 2>/dev/null
printf '{"status":"ok"}' >"$work/nginx-tls/www/static-healthz"
chmod -R a+rX "$work/tls" "$work/nginx-tls"
token=$(jq -r '.customers[0].token' "$work/state.json")
tls_nginx_port=$(free_port)
cat >"$work/nginx-tls/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx-tls/nginx.pid;
error_log $work/nginx-tls/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000;
  default_type application/json;
  upstream lotokd { server 127.0.0.1:${url##*:}; keepalive 64; }
  server {
    listen 127.0.0.1:$tls_nginx_port ssl;
    ssl_certificate $work/tls/cert.pem;
    ssl_certificate_key $work/tls/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_session_cache shared:tls:10m;
    root $work/nginx-tls/www;
    location = /static-healthz { }
    location / {
      proxy_pass http://lotokd;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
}
EOF
nginx -p "$work/nginx-tls" -c "$work/nginx-tls/nginx.conf" -g 'daemon off;' 2>"$work/nginx-tls/logs/stderr" &
nginx_pid=$!
sleep 0.5
nginx_tls="https://127.0.0.1:$tls_nginx_port"
# Both sides measured warm and idle: no events of an earlier phase still being handled (a
# fresh lotokd takes over its predecessor's backlog), one unrecorded second of each load.
warm_up() { wrk -t2 -c64 -d1s "$@" >/dev/null 2>&1 || true; }
handled_at "$db_url" >/dev/null
warm_up "$nginx_tls/healthz"
warm_up -H "Authorization: Bearer $token" "$nginx_tls/api/v1/account"
say "wrk: HTTPS through nginx in front of a plain lotokd, 64 connections, ${short}s each"
run_wrk wrk_tls_nginx_healthz 64 "$nginx_tls/healthz"
run_wrk wrk_tls_nginx_account 64 "$nginx_tls/api/v1/account" -H "Authorization: Bearer $token"
run_wrk wrk_tls_nginx_handshakes 64 "$nginx_tls/healthz" -H "Connection: close"
run_wrk wrk_tls_nginx_static_handshakes 64 "$nginx_tls/static-healthz" -H "Connection: close"
kill "$nginx_pid" 2>/dev/null || true
wait "$nginx_pid" 2>/dev/null || true
nginx_pid=""
stop_lotokd
start_lotokd lotokd-tls "$db_url" --tls-certificate "$work/tls/cert.pem" --tls-key "$work/tls/key.pem"
handled_at "$db_url" >/dev/null
warm_up "$url/healthz"
warm_up -H "Authorization: Bearer $token" "$url/api/v1/account"
say "wrk: HTTPS on lotokd itself, 64 connections, ${short}s each"
run_wrk wrk_tls_lotokd_healthz 64 "$url/healthz"
run_wrk wrk_tls_lotokd_account 64 "$url/api/v1/account" -H "Authorization: Bearer $token"
run_wrk wrk_tls_lotokd_handshakes 64 "$url/healthz" -H "Connection: close"
stop_lotokd
start_lotokd lotokd "$db_url"
jq --arg u "$url" '.url = $u' "$work/state.json" >"$work/state.tmp" && mv "$work/state.tmp" "$work/state.json"

# --------------------------------------------------------------------------- fan-out
say "fan-out: $ws_connections WebSocket connections, then 200 orders/s for ${seconds}s"
timeout $(( seconds + 240 )) "$gen" fanout --state "$work/state.json" --connections "$ws_connections" \
  --rate 200 --seconds "$seconds" --pid "$lotokd_pid" >"$results/fanout.json"
say "  $(jq -r '"held \(.connections_held), \(.kib_per_connection) KiB each, push p50 \(.push_latency.p50_ms) ms p99 \(.push_latency.p99_ms) ms, \(.pushes_received)/\(.pushes_expected) pushes"' "$results/fanout.json")"

drain fanout

# --------------------------------------------------------------------------- events
# The event path at a load relative to the machine (issue 11): 128 customers, each holding
# a socket, order at full speed for $seconds s (the maximum rate, and the burst whose events
# must be done within 1 s of its end); once every event of it is handled they order
# open-loop at half that rate (push p99, from each order's 201 to its push).


# run_events BUS DATABASE_URL STATE
run_events() {
  local bus="$1" database="$2" state="$3"
  say "events ($bus): 128 customers at full speed for ${seconds}s"
  timeout $(( seconds + 120 )) "$gen" events --phase burst --state "$state" --customers 128 \
    --seconds "$seconds" --bus "$bus" --pid "$lotokd_pid" >"$work/events_${bus}_burst.json"
  local handled late rate
  handled=$(handled_at "$database")
  late=$(jq -r --arg at "${handled:-}" 'if $at == "" then "null" else (($at | tonumber) - .burst_end_unix_ms) / 1000 end' "$work/events_${bus}_burst.json")
  say "  $(jq -r '"\(.burst.orders_per_s) orders/s, last push \(.burst.events_late_s // "never") s after the burst, \(.burst.pushes_received)/\(.burst.pushes_expected) pushes"' "$work/events_${bus}_burst.json"); every event handled +$late s"
  rate=$(jq -r '.burst.orders_per_s / 2' "$work/events_${bus}_burst.json")
  say "events ($bus): open loop at $rate orders/s for ${seconds}s"
  timeout $(( seconds + 120 )) "$gen" events --phase half --rate "$rate" --state "$state" \
    --customers 128 --seconds "$seconds" --bus "$bus" --pid "$lotokd_pid" >"$work/events_${bus}_half.json"
  say "  $(jq -r '"push p50 \(.half.push_latency.p50_ms) ms p99 \(.half.push_latency.p99_ms) ms, \(.half.pushes_received)/\(.half.pushes_expected) pushes"' "$work/events_${bus}_half.json")"
  jq -s --argjson late "$late" '.[0] + {half: .[1].half, events_handled_late_s: $late}' \
    "$work/events_${bus}_burst.json" "$work/events_${bus}_half.json" >"$results/events_$bus.json"
}
run_events inprocess "$db_url" "$work/state.json"
drain events_inprocess

# --------------------------------------------------------------------------- correctness
# Speed that loses money or goods is no speed: after all that load, every kopeck and every
# item is accounted for, and each confirmed order has its delivery and its notification.
# check_conservation DATABASE_URL PHASE
conservation_sql="
  SELECT (SELECT coalesce(sum(amount), 0) FROM billing.topups)
           - (SELECT coalesce(sum(amount), 0) FROM billing.payments WHERE refunded_at IS NULL)
           = (SELECT coalesce(sum(balance), 0) FROM billing.accounts),
         (SELECT sum(count) FROM stock.positions)
           + (SELECT coalesce(sum(count), 0) FROM stock.reservations WHERE status IN ('reserved', 'sold'))
           = (SELECT count(*) * 1000000 FROM stock.positions),
         (SELECT count(*) FROM orders.orders WHERE status = 'confirmed'),
         (SELECT count(*) FROM billing.payments WHERE refunded_at IS NULL),
         (SELECT count(*) FROM stock.reservations WHERE status = 'sold'),
         (SELECT count(*) FROM delivery.deliveries),
         (SELECT count(*) FROM notification.notifications WHERE type = 'order_ready_for_delivery'),
         (SELECT count(*) FROM orders.orders WHERE status = 'pending'),
         NOT EXISTS (SELECT 1 FROM billing.accounts a
                     WHERE a.balance <> (SELECT coalesce(sum(amount), 0) FROM billing.ledger l
                                         WHERE l.user_id = a.user_id))"
check_conservation() {
  local database="$1" phase="$2"
  say "checking conservation ($phase)"
  local money goods confirmed paid sold deliveries notified pending ledger events_ok=false t0
  t0=$(date +%s%N)
  # On JetStream each consumer acks on its own: the last ones get up to 60 s to finish.
  for _ in $(seq 1 120); do
    read -r money goods confirmed paid sold deliveries notified pending ledger \
      < <(psql "$database" -X -At -F ' ' -c "$conservation_sql")
    [ "$confirmed" = "$paid" ] && [ "$confirmed" = "$sold" ] && [ "$confirmed" = "$deliveries" ] &&
      [ "$confirmed" = "$notified" ] && [ "$pending" = 0 ] && events_ok=true
    [ "$events_ok" = true ] && break
    sleep 0.5
  done
  local settled
  settled=$(awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "%.1f", ns / 1e9 }')
  # Money conserved: top-ups less unrefunded payments are the balances, and every balance
  # is the sum of its account's ledger lines (the statement customers read).
  jq -n --argjson money "$([ "$money" = t ] && [ "$ledger" = t ] && echo true || echo false)" \
    --argjson ledger "$([ "$ledger" = t ] && echo true || echo false)" \
    --argjson goods "$([ "$goods" = t ] && echo true || echo false)" --argjson events "$events_ok" \
    --argjson confirmed "$confirmed" --argjson paid "$paid" --argjson sold "$sold" \
    --argjson deliveries "$deliveries" --argjson notified "$notified" --argjson pending "$pending" \
    --argjson settled "$settled" \
    '{money_conserved: $money, balances_are_ledger_sums: $ledger, goods_conserved: $goods,
      one_delivery_and_notification_per_order: $events,
      confirmed: $confirmed, paid: $paid, sold: $sold, deliveries: $deliveries, notified: $notified,
      pending: $pending, checked_after_s: $settled}' >"$results/$phase.json"
  say "  $(jq -c . "$results/$phase.json")"
}
# This lotokd waits, idle, for the in-process burst again after the JetStream pass.
inprocess_pid=$lotokd_pid
lotokd_pid=""

# --------------------------------------------------------------------------- JetStream
# The same event measurements with the events on NATS JetStream: a private nats-server
# (file store in the work directory), a fresh database in the same cluster, a new lotokd
# with --events-url, the same customers and positions set up again.
nats_port=$(free_port)
say "starting nats-server -js on 127.0.0.1:$nats_port"
mkdir -p "$work/nats"
nats-server -js -a 127.0.0.1 -p "$nats_port" -sd "$work/nats" >"$work/nats.log" 2>&1 &
nats_pid=$!
for _ in $(seq 1 100); do
  ss -Htln "sport = :$nats_port" | grep -q . && break
  kill -0 "$nats_pid" 2>/dev/null || { cat "$work/nats.log" >&2; exit 1; }
  sleep 0.1
done
js_db_url="$(sed "s/dbname='\\?lotok'\\?/dbname=lotok_jetstream/" <<<"$db_url")"
psql_lotok -c "DROP DATABASE IF EXISTS lotok_jetstream" -c "CREATE DATABASE lotok_jetstream" 2>/dev/null
start_lotokd lotokd-jetstream "$js_db_url" --events-url "nats://127.0.0.1:$nats_port"
echo 'bench-staff-password' | timeout 60 "$lotokd" staff add --login benchstaff --database-url "$js_db_url" \
  >/dev/null 2>"$work/staff-jetstream.log" || { cat "$work/staff-jetstream.log" >&2; exit 1; }
say "setting up $customers customers, a reader and $positions positions (JetStream)"
timeout 300 "$gen" setup --url "$url" --staff-login benchstaff --staff-password bench-staff-password \
  --customers "$customers" --positions "$positions" --out "$work/state-jetstream.json" >/dev/null
for _ in $(seq 1 100); do # the set-up's own events, before anything is measured
  [ "$(unpublished "$js_db_url")" = 0 ] && break
  sleep 0.2
done
run_events jetstream "$js_db_url" "$work/state-jetstream.json"
drain events_jetstream "$js_db_url"
# A second full-speed burst on JetStream, as the in-process bus has one before and one after:
# the ratio compares the mean of two bursts on each bus (one burst swung it 0.72-0.92x).
say "events (jetstream): the full-speed burst again"
timeout $(( seconds + 120 )) "$gen" events --phase burst --state "$work/state-jetstream.json" --customers 128 \
  --seconds "$seconds" --bus jetstream --pid "$lotokd_pid" >"$results/events_jetstream_again.json"
handled_at "$js_db_url" >/dev/null # its events, before the checks
say "  $(jq -r '"\(.burst.orders_per_s) orders/s, last push \(.burst.events_late_s // "never") s after the burst"' "$results/events_jetstream_again.json")"
check_conservation "$js_db_url" checks_jetstream
stop_lotokd
kill "$nats_pid" 2>/dev/null || true
timeout 20 tail --pid="$nats_pid" -f /dev/null || true
nats_pid=""

# The in-process bus's full speed once more: the JetStream ratio compares with the mean of
# the bursts before and after it, so a machine whose load drifts (other work on it) moves
# the ratio less.
lotokd_pid=$inprocess_pid
inprocess_pid=""
say "events (inprocess): the full-speed burst again, after the JetStream pass"
timeout $(( seconds + 120 )) "$gen" events --phase burst --state "$work/state.json" --customers 128 \
  --seconds "$seconds" --bus inprocess --pid "$lotokd_pid" >"$results/events_inprocess_again.json"
handled_at "$db_url" >/dev/null # its events, before the checks
say "  $(jq -r '"\(.burst.orders_per_s) orders/s, last push \(.burst.events_late_s // "never") s after the burst"' "$results/events_inprocess_again.json")"

check_conservation "$db_url" checks
jq -n --argjson peak "$(awk '/VmHWM/ {print $2}' "/proc/$lotokd_pid/status")" '{peak_rss_kib: $peak}' \
  >"$results/lotokd.json"
stop_lotokd

# --------------------------------------------------------------------------- cluster
# The split deployment (scripts/cluster.sh: nginx, JetStream on three nodes, a PostgreSQL per
# service, every service its own lotokd, two Order and two Notification) on the same
# machine, measured through its gateway with the same generator (issue 12).
say "cluster: starting scripts/cluster.sh in $work/cluster"
gateway="$(LOTOKD="$lotokd" LOTOK_CLUSTER_LOG_LEVEL=warn timeout 600 "$root/scripts/cluster.sh" up "$work/cluster" 2>"$work/cluster-up.log" | sed -n 's/^gateway //p')"
[ -n "$gateway" ] || { cat "$work/cluster-up.log" >&2; exit 1; }
echo 'bench-staff-password' | LOTOKD="$lotokd" "$root/scripts/cluster.sh" staff-add "$work/cluster" benchstaff \
  >/dev/null 2>"$work/cluster-staff.log" || { cat "$work/cluster-staff.log" >&2; exit 1; }
say "cluster: gateway $gateway; setting up $customers customers and $positions positions"
timeout 300 "$gen" setup --url "$gateway" --staff-login benchstaff --staff-password bench-staff-password \
  --customers "$customers" --positions "$positions" --out "$work/state-cluster.json" >/dev/null
cluster_db() { cat "$work/cluster/pg/$1.url"; }
cluster_unpublished() {
  local total=0 service n
  for service in auth user stock billing order delivery notification; do
    n=$(unpublished "$(cluster_db "$service")")
    total=$(( total + n ))
  done
  echo "$total"
}
for _ in $(seq 1 150); do # the set-up's own events, before anything is measured
  [ "$(cluster_unpublished)" = 0 ] && break
  sleep 0.2
done
# cluster_settled: every confirmed order sold, delivered and notified, none pending, every
# outbox relayed — each figure read from the database of the service that owns it.
q() { psql "$(cluster_db "$1")" -X -At -c "$2"; }
cluster_settled() {
  local confirmed
  confirmed=$(q order "SELECT count(*) FROM orders.orders WHERE status = 'confirmed'")
  [ "$(q order "SELECT count(*) FROM orders.orders WHERE status = 'pending'")" = 0 ] &&
    [ "$(q stock "SELECT count(*) FROM stock.reservations WHERE status = 'sold'")" = "$confirmed" ] &&
    [ "$(q delivery "SELECT count(*) FROM delivery.deliveries")" = "$confirmed" ] &&
    [ "$(q notification "SELECT count(*) FROM notification.notifications WHERE type = 'order_ready_for_delivery'")" = "$confirmed" ] &&
    [ "$(cluster_unpublished)" = 0 ]
}
# Every consumer done as well (JetStream's own counts, through lotokd events status).
cluster_drained() {
  local args=() service
  for service in auth user stock billing order delivery notification; do
    args+=(--database-url "$service=$(cluster_db "$service")")
  done
  "$lotokd" events status --json --log-level error "${args[@]}" \
    --events-url "$(sed -n 's/^url = //p' "$work/cluster/conf/order-1.conf")" | jq -e .drained >/dev/null
}
wait_cluster_settled() {
  for _ in $(seq 1 600); do cluster_settled && cluster_drained && return 0; sleep 0.2; done
  echo "bench: the cluster's events were not all handled within 120 s" >&2
}
wait_cluster_settled # the set-up's events, consumers included
say "cluster: orders, 32 customers, ${seconds}s through the gateway"
timeout $(( seconds + 60 )) "$gen" orders --state "$work/state-cluster.json" --customers 32 \
  --seconds "$seconds" >"$results/cluster_orders_32.json"
say "  $(jq -r '"\(.orders_per_s) orders/s, p50 \(.latency.p50_ms|floor) ms, p99 \(.latency.p99_ms|floor) ms, statuses \(.statuses|tostring)"' "$results/cluster_orders_32.json")"
wait_cluster_settled
say "cluster: 128 customers at full speed for ${seconds}s, then open loop at half that"
timeout $(( seconds + 120 )) "$gen" events --phase burst --state "$work/state-cluster.json" --customers 128 \
  --seconds "$seconds" --bus cluster >"$work/events_cluster_burst.json"
rate=$(jq -r '.burst.orders_per_s / 2' "$work/events_cluster_burst.json")
t0=$(date +%s%N)
wait_cluster_settled
say "  every event of the burst handled $(awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "%.1f", ns / 1e9 }') s after the generator returned"
timeout $(( seconds + 120 )) "$gen" events --phase half --rate "$rate" --state "$work/state-cluster.json" \
  --customers 128 --seconds "$seconds" --bus cluster >"$work/events_cluster_half.json"
jq -s '.[0] + {half: .[1].half}' "$work/events_cluster_burst.json" "$work/events_cluster_half.json" \
  >"$results/events_cluster.json"
say "  $(jq -r '"full speed \(.burst.orders_per_s) orders/s; at \(.half.rate) orders/s push p50 \(.half.push_latency.p50_ms) ms p99 \(.half.push_latency.p99_ms) ms, \(.half.pushes_received)/\(.half.pushes_expected) pushes"' "$results/events_cluster.json")"
say "wrk: GET /healthz through the gateway (auth_request included), 64 connections, ${short}s"
run_wrk cluster_wrk_64 64 "$gateway/healthz"

# Money, goods and events across the seven databases, each read from its own service's.
say "checking conservation (cluster, across the service databases)"
t0=$(date +%s%N)
for _ in $(seq 1 120); do
  topups=$(q billing "SELECT coalesce(sum(amount), 0) FROM billing.topups")
  paid_sum=$(q billing "SELECT coalesce(sum(amount), 0) FROM billing.payments WHERE refunded_at IS NULL")
  balances=$(q billing "SELECT coalesce(sum(balance), 0) FROM billing.accounts")
  ledger=$(q billing "SELECT NOT EXISTS (SELECT 1 FROM billing.accounts a WHERE a.balance <> (SELECT coalesce(sum(amount), 0) FROM billing.ledger l WHERE l.user_id = a.user_id))")
  goods=$(q stock "SELECT (SELECT sum(count) FROM stock.positions) + (SELECT coalesce(sum(count), 0) FROM stock.reservations WHERE status IN ('reserved', 'sold')) = (SELECT count(*) * 1000000 FROM stock.positions)")
  confirmed=$(q order "SELECT count(*) FROM orders.orders WHERE status = 'confirmed'")
  pending=$(q order "SELECT count(*) FROM orders.orders WHERE status = 'pending'")
  paid=$(q billing "SELECT count(*) FROM billing.payments WHERE refunded_at IS NULL")
  sold=$(q stock "SELECT count(*) FROM stock.reservations WHERE status = 'sold'")
  deliveries=$(q delivery "SELECT count(*) FROM delivery.deliveries")
  notified=$(q notification "SELECT count(*) FROM notification.notifications WHERE type = 'order_ready_for_delivery'")
  events_ok=false
  [ "$confirmed" = "$paid" ] && [ "$confirmed" = "$sold" ] && [ "$confirmed" = "$deliveries" ] &&
    [ "$confirmed" = "$notified" ] && [ "$pending" = 0 ] && events_ok=true
  [ "$events_ok" = true ] && break
  sleep 0.5
done
jq -n --argjson money "$([ $(( topups - paid_sum )) = "$balances" ] && [ "$ledger" = t ] && echo true || echo false)" \
  --argjson ledger "$([ "$ledger" = t ] && echo true || echo false)" \
  --argjson goods "$([ "$goods" = t ] && echo true || echo false)" --argjson events "$events_ok" \
  --argjson confirmed "$confirmed" --argjson paid "$paid" --argjson sold "$sold" \
  --argjson deliveries "$deliveries" --argjson notified "$notified" --argjson pending "$pending" \
  --argjson settled "$(awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN { printf "%.1f", ns / 1e9 }')" \
  '{money_conserved: $money, balances_are_ledger_sums: $ledger, goods_conserved: $goods,
    one_delivery_and_notification_per_order: $events,
    confirmed: $confirmed, paid: $paid, sold: $sold, deliveries: $deliveries, notified: $notified,
    pending: $pending, checked_after_s: $settled}' >"$results/checks_cluster.json"
say "  $(jq -c . "$results/checks_cluster.json")"

# Each long-running process's memory (VmRSS and VmHWM, KiB) by its name in the cluster.
for pidfile in "$work/cluster/pids/"*.pid; do
  name=$(basename "$pidfile" .pid)
  pid=$(cat "$pidfile")
  [ -r "/proc/$pid/status" ] || continue
  jq -n --arg name "$name" --argjson rss "$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")" \
    --argjson peak "$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")" '{($name): {rss_kib: $rss, peak_rss_kib: $peak}}'
done | jq -s 'add' >"$results/cluster_rss.json"
say "  RSS MiB: $(jq -r 'to_entries | map("\(.key) \(.value.rss_kib / 1024 | floor)") | join(", ")' "$results/cluster_rss.json")"
LOTOKD="$lotokd" timeout 120 "$root/scripts/cluster.sh" down "$work/cluster" >/dev/null 2>&1 || true

# --------------------------------------------------------------------------- report
jq -n --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg host "$(uname -srm)" \
  --argjson cores "$(nproc)" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --arg commit "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --argjson seconds "$seconds" --argjson took "$(( $(date +%s) - started ))" \
  '{date: $date, host: $host, cores: $cores, load_average_at_end: $load, commit: $commit,
    seconds_per_run: $seconds, run_seconds: $took}' >"$work/meta.json"
mkdir -p "$root/bench/results"
echo
"$gen" report --dir "$results" --meta "$work/meta.json" --out "$root/bench/results/latest.json"
echo
say "done; JSON in bench/results/latest.json"
