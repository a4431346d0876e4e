#!/usr/bin/env bash
# The desktop row of `make bench` (issue 13): with 10,000 positions and 10,000 orders on the
# server, start to a painted catalogue (< 1 s), typing in a staff search (< 100 ms per key)
# and the app's resident memory (< 150 MiB). Starts its own PostgreSQL and lotokd on
# loopback, seeds the shop straight into the database (bench/desktop/seed.sql: a benchmark's
# setup, seconds instead of minutes through the API), runs lotok-desktop-bench
# (bench/desktop/DesktopBench.cpp: the real window on the offscreen platform), prints one
# table (figure, target, ratio) and writes bench/results/desktop.json. Stops what it started.
#
# Environment: BUILD_DIR (default build), BENCH_POSITIONS, BENCH_ORDERS (default 10000 each),
# BENCH_RUNS (runs of each measurement, the median is reported; default 3), BENCH_KEEP=1
# keeps the work directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-build}"
[[ "$build" = /* ]] || build="$root/$build"
lotokd="$build/server/lotokd"
bench="$build/bench/desktop/lotok-desktop-bench"
positions="${BENCH_POSITIONS:-10000}"
orders="${BENCH_ORDERS:-10000}"
runs="${BENCH_RUNS:-3}"

for tool in "$lotokd" "$bench"; do
  [ -x "$tool" ] || { echo "bench-desktop: $tool is missing; build first (make bench does)" >&2; exit 1; }
done
for tool in psql curl jq; do
  command -v "$tool" >/dev/null || { echo "bench-desktop: $tool is missing (scripts/install-deps.sh --bench)" >&2; exit 1; }
done

work="$(mktemp -d /tmp/lotok-bench-desktop.XXXXXX)"
chmod 755 "$work"
lotokd_pid=""
started=$(date +%s)
cleanup() {
  set +e
  [ -n "$lotokd_pid" ] && kill "$lotokd_pid" 2>/dev/null && timeout 20 tail --pid="$lotokd_pid" -f /dev/null
  [ -d "$work/db" ] && timeout 60 "$lotokd" db stop --data-dir "$work/db" >/dev/null 2>&1
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench-desktop: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
say() { printf 'bench-desktop [%4ss] %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }

say "starting PostgreSQL in $work/db"
db_url="$(timeout 120 "$lotokd" db start --data-dir "$work/db" 2>"$work/db-start.log" | tail -n 1)"
[ -n "$db_url" ] || { cat "$work/db-start.log" >&2; exit 1; }
timeout 120 "$lotokd" migrate --database-url "$db_url" >/dev/null 2>"$work/migrate.log" \
  || { cat "$work/migrate.log" >&2; exit 1; }
echo 'bench-staff-password' | timeout 60 "$lotokd" staff add --login benchstaff --database-url "$db_url" \
  >/dev/null 2>"$work/staff.log" || { cat "$work/staff.log" >&2; exit 1; }

say "seeding $positions positions and $orders orders"
t0=$(date +%s%N)
psql "$db_url" -X -q -v ON_ERROR_STOP=1 -v positions="$positions" -v customers=200 \
  -v orders="$orders" -f "$root/bench/desktop/seed.sql" >/dev/null
say "  seeded in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

say "starting lotokd"
"$lotokd" serve --database-url "$db_url" --listen 127.0.0.1:0 --internal-listen 127.0.0.1:0 \
  --log-level warn >"$work/lotokd.out" 2>"$work/lotokd.err" &
lotokd_pid=$!
for _ in $(seq 1 150); do
  grep -q '^lotokd: ready' "$work/lotokd.out" 2>/dev/null && break
  kill -0 "$lotokd_pid" 2>/dev/null || { cat "$work/lotokd.err" >&2; exit 1; }
  sleep 0.2
done
url="$(sed -n 's/^lotokd: public \(http:[^ ]*\).*/\1/p' "$work/lotokd.out")"
[ -n "$url" ] || { echo "bench-desktop: lotokd did not start" >&2; cat "$work/lotokd.err" >&2; exit 1; }

J='Content-Type: application/json'
curl -fsS -XPOST "$url/api/v1/register" -H "$J" -d '{"login":"benchbuyer","password":"bench-buyer-password",
  "email":"buyer@bench.example.com","first_name":"Bench","last_name":"Buyer",
  "address":"1 Loopback Street, Localhost"}' >/dev/null
login() {
  curl -fsS -XPOST "$url/api/v1/login" -H "$J" -d "{\"login\":\"$1\",\"password\":\"$2\"}"
}
customer="$(login benchbuyer bench-buyer-password)"
staff="$(login benchstaff bench-staff-password)"

# One run: a fresh process with its own (empty, or given) app directory; prints its JSON.
run() {
  local who="$1" session="$2" home="$3"; shift 3
  QT_QPA_PLATFORM=offscreen timeout 300 "$bench" --server "$url" \
    --token "$(jq -r .token <<<"$session")" --user-id "$(jq -r .user_id <<<"$session")" \
    --role "$(jq -r .role <<<"$session")" --login "$who" --home "$home" "$@" \
    2>>"$work/bench.err" || { echo "bench-desktop: run failed" >&2; tail -n 20 "$work/bench.err" >&2; exit 1; }
}
: >"$work/cold.jsonl"; : >"$work/warm.jsonl"; : >"$work/staff.jsonl"
for i in $(seq 1 "$runs"); do
  say "run $i/$runs: customer, first start (empty cache)"
  run benchbuyer "$customer" "$work/app-$i" --expect "$positions" >>"$work/cold.jsonl"
  say "run $i/$runs: customer, second start (cache from the first)"
  run benchbuyer "$customer" "$work/app-$i" --expect "$positions" >>"$work/warm.jsonl"
  say "run $i/$runs: staff"
  run benchstaff "$staff" "$work/staff-$i" --expect "$positions" --search "honey 12" >>"$work/staff.jsonl"
done

median() { jq -s "map($1) | sort | .[length / 2 | floor]" "$2"; }
cold_ms=$(median .start_to_painted_catalogue_ms "$work/cold.jsonl")
warm_ms=$(median .start_to_painted_catalogue_ms "$work/warm.jsonl")
first_rows_ms=$(median .first_rows_painted_ms "$work/cold.jsonl")
stock_ms=$(median .search_stock.max_ms "$work/staff.jsonl")
deliveries_ms=$(median .search_deliveries.max_ms "$work/staff.jsonl")
board_ms=$(median .search_orders.max_ms "$work/staff.jsonl")
customer_rss=$(jq -s 'map(.peak_rss_kib) | max / 1024 | . * 10 | round / 10' "$work/cold.jsonl" "$work/warm.jsonl")
staff_rss=$(jq -s 'map(.peak_rss_kib) | max / 1024 | . * 10 | round / 10' "$work/staff.jsonl")
lists_ms=$(median .staff_lists_loaded_ms "$work/staff.jsonl")
stats_ms=$(median .stats_loaded_ms "$work/staff.jsonl")

mkdir -p "$root/bench/results"
jq -n --argjson positions "$positions" --argjson orders "$orders" --argjson runs "$runs" \
  --argjson cold "$cold_ms" --argjson warm "$warm_ms" --argjson first "$first_rows_ms" \
  --argjson stock "$stock_ms" --argjson deliveries "$deliveries_ms" --argjson board "$board_ms" \
  --argjson crss "$customer_rss" --argjson srss "$staff_rss" --argjson lists "$lists_ms" \
  --argjson stats "$stats_ms" \
  --slurpfile coldRuns "$work/cold.jsonl" --slurpfile warmRuns "$work/warm.jsonl" \
  --slurpfile staffRuns "$work/staff.jsonl" \
  '{positions: $positions, orders: $orders, runs: $runs,
    rows: [
      {figure: "start to painted catalogue, first start: first screenful (ms)", value: $first, target: 1000},
      {figure: "start to painted catalogue, first start: all rows (ms)", value: $cold, target: 1000},
      {figure: "start to painted catalogue, second start: all rows, saved (ms)", value: $warm, target: 1000},
      {figure: "staff search, stock: slowest key (ms)", value: $stock, target: 100},
      {figure: "staff search, deliveries: slowest key (ms)", value: $deliveries, target: 100},
      {figure: "staff search, orders board: slowest key (ms)", value: $board, target: 100},
      {figure: "RSS, customer window, peak (MiB)", value: $crss, target: 150},
      {figure: "RSS, staff window with every list and the sales page, peak (MiB)", value: $srss, target: 150}
    ] | map(.value |= (. * 10 | round / 10) | . + {ratio: ((.value / .target) * 100 | round / 100)}),
    info: {staff_lists_loaded_ms: $lists,
           sales_page_loaded_ms: $stats},
    runs_raw: {cold: $coldRuns, warm: $warmRuns, staff: $staffRuns},
    measured_at: (now | todate)}' >"$root/bench/results/desktop.json"

echo
printf '%-66s %10s %8s %6s\n' "desktop ($positions positions, $orders orders; median of $runs)" figure target ratio
jq -r '.rows[] | [.figure, (.value | tostring), (.target | tostring), (.ratio | tostring)] | @tsv' \
  "$root/bench/results/desktop.json" | while IFS=$'\t' read -r f v t r; do
  printf '%-66s %10s %8s %6s\n' "$f" "$v" "$t" "$r"
done
printf '%-66s %10.0f\n' "  (staff lists all loaded, ms)" "$lists_ms"
printf '%-66s %10.0f\n' "  (sales page, every order of 14 days counted, ms)" "$stats_ms"
echo "bench-desktop: wrote bench/results/desktop.json" >&2
