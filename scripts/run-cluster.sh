#!/usr/bin/env bash
# `make run-cluster`: the shop as its split deployment (scripts/cluster.sh: every service its
# own lotokd and database, two Order and two Notification, JetStream on three nodes, nginx as
# the gateway), a demo catalogue and a `staff` login, then the desktop app against the
# gateway. The app is the same one `make run` opens: it needs no change to work here.
# Closing the app (or Ctrl-C) takes the cluster down; LOTOK_CLUSTER_KEEP=1 leaves it up.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-build}"
[[ "$build" = /* ]] || build="$root/$build"
export LOTOKD="$build/server/lotokd"
app="$build/desktop/lotok"
dir="${LOTOK_CLUSTER_DIR:-$build/run-cluster}"

gateway="$("$root/scripts/cluster.sh" up "$dir" | awk '/^gateway /{print $2}')"
[ -n "$gateway" ] || { echo "the cluster did not come up (logs in $dir/logs)" >&2; exit 1; }
if [ "${LOTOK_CLUSTER_KEEP:-0}" != 1 ]; then
  trap '"$root/scripts/cluster.sh" down "$dir"' EXIT INT TERM
fi

# The demo: a catalogue (in Stock's own database) and a `staff` login (User and Auth), made
# once; the password is kept in DIR/demo.
seeded="$("$LOTOKD" demo-seed --log-level warn --data-dir "$dir/demo" \
  --database-url "stock=$(cat "$dir/pg/stock.url")" --database-url "user=$(cat "$dir/pg/user.url")" \
  --database-url "auth=$(cat "$dir/pg/auth.url")" </dev/null)"
echo
echo "Lotok (split deployment) is running: $gateway"
echo "$seeded" | grep '^staff login' || true

if [ -x "$app" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  "$app" --server "$gateway" || true
else
  [ -x "$app" ] && echo "No display: start the app elsewhere with: $app --server $gateway"
  echo "Press Ctrl-C to stop the cluster."
  while true; do sleep 3600; done
fi
