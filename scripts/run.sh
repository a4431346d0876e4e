#!/usr/bin/env bash
# `make run`: lotokd on its embedded PostgreSQL with a demo catalogue and a staff login,
# then the desktop app against it. Ctrl-C (or closing the app) stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${BUILD_DIR:-build}
lotokd="$build/server/lotokd"
app="$build/desktop/lotok"
listen=${LOTOK_LISTEN:-127.0.0.1:8080}
args=(--listen "$listen" --internal-listen "${LOTOK_INTERNAL_LISTEN:-127.0.0.1:8081}")
# As root lotokd's own default is /var/lib/lotok, which belongs to an installed lotok-server
# package; a development run keeps to its own directory.
if [ -z "${LOTOK_DATA_DIR:-}" ] && [ "$(id -u)" -eq 0 ]; then
  LOTOK_DATA_DIR=/var/lib/lotok-dev
fi
[ -n "${LOTOK_DATA_DIR:-}" ] && args+=(--data-dir "$LOTOK_DATA_DIR")

if curl -sf "http://$listen/healthz" >/dev/null 2>&1; then
  echo "Something already answers on $listen; stop it or set LOTOK_LISTEN=HOST:PORT." >&2
  exit 1
fi

"$lotokd" demo-seed "${args[@]}"
"$lotokd" serve "${args[@]}" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -sf "http://$listen/readyz" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { echo "lotokd exited; see the log above" >&2; exit 1; }
  sleep 0.2
done
echo
echo "Lotok is running: http://$listen (staff login printed above)."

if [ -x "$app" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  "$app" --server "http://$listen" || true
else
  [ -x "$app" ] || echo "The desktop app was not built (LOTOK_BUILD_DESKTOP=OFF)."
  [ -x "$app" ] && echo "No display: start the app elsewhere with: $app --server http://$listen"
  echo "Press Ctrl-C to stop the server."
  wait $server
fi
