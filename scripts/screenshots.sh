#!/bin/sh
# Renders every screen of the desktop app, in English and Russian, under Xvfb into
# docs/screenshots/ (make screenshots). Starts its own lotokd on a throw-away embedded
# PostgreSQL, creates a staff account, and lets lotok_screenshots seed the shop and sign in.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
OUT="${SCREENSHOTS_DIR:-$ROOT/docs/screenshots}"
LOTOKD="$BUILD_DIR/server/lotokd"
RENDERER="$BUILD_DIR/tests/desktop/lotok_screenshots"
for binary in "$LOTOKD" "$RENDERER"; do
    if [ ! -x "$binary" ]; then
        echo "screenshots: $binary is missing; run 'make build' first" >&2
        exit 1
    fi
done
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run is missing (apt-get install xvfb)" >&2; exit 1; }

WORK="$(mktemp -d)"
# The embedded PostgreSQL runs as its own user and must be able to reach the data directory.
chmod 755 "$WORK"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

"$LOTOKD" serve --data-dir "$WORK/data" --listen 127.0.0.1:0 --internal-listen 127.0.0.1:0 \
    >"$WORK/lotokd.log" 2>&1 &
SERVER_PID=$!
URL=""
for _ in $(seq 1 600); do
    if grep -q '^lotokd: ready' "$WORK/lotokd.log" 2>/dev/null; then
        URL="$(sed -n 's/^lotokd: public \(http[^ ]*\).*/\1/p' "$WORK/lotokd.log" | head -n 1)"
        break
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [ -z "$URL" ]; then
    echo "screenshots: lotokd did not start:" >&2
    cat "$WORK/lotokd.log" >&2
    exit 1
fi

STAFF_PASSWORD="screenshots-$(date +%s)-staff"
printf '%s\n' "$STAFF_PASSWORD" | "$LOTOKD" staff add --login manager --data-dir "$WORK/data" >/dev/null

mkdir -p "$OUT"
render() {
    scale="$1"
    shift
    xvfb-run -a -s "-screen 0 2400x1600x24" env QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR="$scale" \
        "$RENDERER" --server "$URL" --staff-login manager --staff-password "$STAFF_PASSWORD" \
        --out "$OUT" "$@"
}
render 1 --languages en,ru
# 200 %: the same screens at double density, to check nothing is clipped or blurry.
render 2 --languages en --scale-suffix @2x
echo "screenshots: written to $OUT"
