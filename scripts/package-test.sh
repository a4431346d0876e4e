#!/usr/bin/env bash
# The packaging test (issue 5). On this Debian 12 machine, as root:
#   1. lintian on the .deb files and rpmlint on the .rpm files: no errors;
#   2. installs lotok-server and lotok-desktop with apt-get (dependencies from the archive);
#   3. checks what they installed: binaries, version, config, unit, man page, desktop entry,
#      icons, translations, the `lotok` user and /var/lib/lotok;
#   4. starts the installed lotokd the way its systemd unit does (the ExecStart line, as
#      User=lotok in /var/lib/lotok) and runs the contract's scenario against it with curl,
#      with a staff account made by `lotokd staff add`;
#   5. starts the installed `lotok` under Xvfb and waits for its window;
#   6. purges both packages and checks that nothing is left but the data in /var/lib/lotok;
#   7. then removes that data and the `lotok` user too, leaving the machine as it was.
#
# The packages come from $BUILD_DIR (default build/, as `make package` leaves them); if it
# has none, they are built in build-package-test/. Debian's debootstrap would need a full
# mirror download per run, so the packages are tried on this machine and removed after.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-build}
[[ $build_dir = /* ]] || build_dir=$root/$build_dir
work=$(mktemp -d /tmp/lotok-package-test.XXXXXX)
chmod 755 "$work"

step() { printf '\n=== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'ok: %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || exec sudo -E "$0" "$@"

# --- the tools this test needs ---------------------------------------------------------------
tools=(lintian rpmlint rpm dpkg-dev curl jq xvfb xauth x11-utils xdotool desktop-file-utils
       dbus man-db procps)
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing test tools: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- cleanup, whatever happens -------------------------------------------------------------
# Only what the test itself installed and created is removed: $installed turns "yes" right
# before the packages are installed.
installed=no
saved_data=
lotokd_pid=
xvfb_pid=
session_pid=
cleanup() {
  local status=$?
  set +e
  if [ -n "$session_pid" ] && kill -0 "$session_pid" 2>/dev/null; then
    pkill -TERM -P "$session_pid"; wait "$session_pid" 2>/dev/null
  fi
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  if [ -n "$lotokd_pid" ] && kill -0 "$lotokd_pid" 2>/dev/null; then
    kill -TERM "$lotokd_pid"; wait "$lotokd_pid" 2>/dev/null
  fi
  [ "$installed" = yes ] || { restore_data; finish $status; }
  for p in lotok-server lotok-desktop; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed"; then
      echo "cleanup: purging $p"
      DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$p" >/dev/null 2>&1
    fi
  done
  # The data and its owner stay after a purge by design; this test made them, so it
  # removes them (stopping a cluster still running from them first).
  if [ -f /var/lib/lotok/postgresql/postmaster.pid ] && getent passwd lotok >/dev/null; then
    pg_ctl=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1)
    runuser -u lotok -- "$pg_ctl" stop -m fast -D /var/lib/lotok/postgresql >/dev/null 2>&1
  fi
  rm -rf /var/lib/lotok
  getent passwd lotok >/dev/null && userdel lotok
  getent group lotok >/dev/null && groupdel lotok
  restore_data
  finish $status
}
restore_data() {
  if [ -n "$saved_data" ] && [ -e "$saved_data" ]; then
    mv "$saved_data" /var/lib/lotok && echo "put the earlier /var/lib/lotok back"
  fi
}
finish() {
  if [ "$1" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "package test FAILED (status $1); logs kept in $work" >&2
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- refuse to touch a real installation -----------------------------------------------------
for p in lotok-server lotok-desktop; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed"; then
    fail "$p is installed on this machine; the test installs and purges it, remove it first"
  fi
done
! getent passwd lotok >/dev/null || fail "a 'lotok' user exists already; the test creates it"
[ ! -e /etc/lotok ] || fail "/etc/lotok exists; the test installs the package's own"
# lotokd run as root without a data dir (a `make run` as root, say) keeps its data in
# /var/lib/lotok too: such data is moved aside for the test and put back afterwards.
if [ -e /var/lib/lotok ]; then
  [ ! -e /var/lib/lotok/postgresql/postmaster.pid ] \
    || fail "a PostgreSQL cluster runs from /var/lib/lotok; stop it first"
  aside=/var/lib/lotok.before-package-test
  [ ! -e "$aside" ] || fail "$aside exists (left by an interrupted test?); put it back first"
  mv /var/lib/lotok "$aside"
  saved_data=$aside
  echo "moved the existing /var/lib/lotok to $saved_data for the test"
fi

# --- the packages --------------------------------------------------------------------------
find_debs() {
  server_deb=$(ls "$build_dir"/lotok-server_*.deb 2>/dev/null | sort -V | tail -1 || true)
  desktop_deb=$(ls "$build_dir"/lotok-desktop_*.deb 2>/dev/null | sort -V | tail -1 || true)
}
find_debs
if [ -z "$server_deb" ] || [ -z "$desktop_deb" ]; then
  build_dir=$root/build-package-test
  step "no packages in ${BUILD_DIR:-build}/: building them in $build_dir"
  "$root/scripts/install-deps.sh" --package
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLOTOK_BUILD_TESTS=OFF -DLOTOK_BUILD_BENCH=OFF
  cmake --build "$build_dir"
  (cd "$build_dir" && cpack -G DEB && cpack -G RPM)
  find_debs
fi
[ -n "$server_deb" ] && [ -n "$desktop_deb" ] || fail "no lotok-server/lotok-desktop .deb in $build_dir"
version=$(dpkg-deb -f "$server_deb" Version)
project_version=$(sed -n 's/^project(Lotok VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[ "$version" = "$project_version" ] || fail "package version $version, project version $project_version"
ok "packages $(basename "$server_deb") $(basename "$desktop_deb") (version $version)"
# apt and the service user read them from a world-readable place.
cp "$server_deb" "$desktop_deb" "$work/"
server_deb=$work/$(basename "$server_deb")
desktop_deb=$work/$(basename "$desktop_deb")


# --- 1. lintian and rpmlint ----------------------------------------------------------------
step "lintian"
lintian --fail-on error "$server_deb" "$desktop_deb" \
  | tee "$work/lintian.txt" || fail "lintian reports errors (see above)"
ok "lintian: no errors ($(grep -c '^W:' "$work/lintian.txt" || true) warnings)"

rpms=$(ls "$build_dir"/lotok-server-*.rpm "$build_dir"/lotok-desktop-*.rpm 2>/dev/null || true)
if [ -n "$rpms" ]; then
  step "rpmlint"
  # rpmlint exits non-zero on errors only (warnings are counted in its summary line); the
  # rpmlintrc waives no-signature alone (a release signs the packages, a build does not).
  # shellcheck disable=SC2086
  rpmlint -r "$root/packaging/linux/rpm/lotok.rpmlintrc" $rpms | tee "$work/rpmlint.txt" \
    || fail "rpmlint reports errors (see above)"
  ok "rpmlint: $(tail -1 "$work/rpmlint.txt")"
else
  echo "no .rpm files in $build_dir: rpmlint skipped"
fi

# --- 2. install ------------------------------------------------------------------------------
step "apt-get install the two packages"
installed=yes
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "$server_deb" "$desktop_deb" >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; fail "apt-get install failed"; }
dpkg -L lotok-server lotok-desktop | sort >"$work/files.txt"
ok "installed; $(wc -l <"$work/files.txt") paths"

# --- 3. what the packages put where --------------------------------------------------------
step "installed files"
expect_file() { [ -e "$1" ] || fail "missing $1"; ok "$1"; }
expect_file /usr/bin/lotokd
expect_file /usr/bin/lotok
expect_file /etc/lotok/lotokd.conf
expect_file /usr/lib/systemd/system/lotokd.service
expect_file /usr/share/man/man1/lotokd.1.gz
expect_file /usr/share/man/man1/lotok.1.gz
expect_file /usr/share/applications/lotok.desktop
expect_file /usr/share/icons/hicolor/scalable/apps/lotok.svg
expect_file /usr/share/icons/hicolor/48x48/apps/lotok.png
expect_file /usr/share/lotok/translations/lotok_ru.qm
expect_file /usr/share/lotok/translations/lotok_en.qm
ls /usr/share/lotok/migrations/*/*.sql >/dev/null 2>&1 || fail "no migrations in /usr/share/lotok/migrations"
ok "/usr/share/lotok/migrations: $(ls /usr/share/lotok/migrations | tr '\n' ' ')"
grep -qx /etc/lotok/lotokd.conf /var/lib/dpkg/info/lotok-server.conffiles || fail "lotokd.conf is not a conffile"
ok "/etc/lotok/lotokd.conf is a conffile"

[ "$(lotokd --version)" = "lotokd $version" ] || fail "lotokd --version: $(lotokd --version)"
ok "lotokd --version: $(lotokd --version)"
desktop_version=$(QT_QPA_PLATFORM=offscreen lotok --version 2>/dev/null)
[ "$desktop_version" = "lotok $version" ] || fail "lotok --version: $desktop_version"
ok "lotok --version: $desktop_version"
lotokd --help | grep -q "staff add --login" || fail "lotokd --help does not document staff add"
man -l /usr/share/man/man1/lotokd.1.gz 2>/dev/null | grep -q "staff add" || fail "lotokd(1) lacks staff add"
ok "staff add is in lotokd --help and lotokd(1)"
for binary in /usr/bin/lotokd /usr/bin/lotok; do
  if ldd "$binary" | grep -q "not found"; then fail "$binary: $(ldd "$binary" | grep 'not found')"; fi
done
ok "every shared library of lotokd and lotok resolves"
desktop-file-validate /usr/share/applications/lotok.desktop || fail "invalid lotok.desktop"
ok "lotok.desktop validates"
systemd-analyze verify /usr/lib/systemd/system/lotokd.service 2>"$work/verify.txt" \
  || { cat "$work/verify.txt"; fail "systemd-analyze verify lotokd.service"; }
ok "systemd-analyze verify lotokd.service"

getent passwd lotok >/dev/null || fail "postinst did not create the lotok user"
[ "$(stat -c %U:%a /var/lib/lotok)" = "lotok:750" ] || fail "/var/lib/lotok is $(stat -c %U:%a /var/lib/lotok)"
[ "$(stat -c %U:%G:%a /etc/lotok/lotokd.conf)" = "root:lotok:640" ] || fail "lotokd.conf is $(stat -c %U:%G:%a /etc/lotok/lotokd.conf)"
ok "user lotok, /var/lib/lotok lotok:750, lotokd.conf root:lotok:640"
[ -L /etc/systemd/system/multi-user.target.wants/lotokd.service ] || fail "lotokd.service is not enabled"
ok "lotokd.service enabled"

# --- 4. the installed server, as its unit runs it ------------------------------------------
step "start lotokd as the unit does"
unit=/usr/lib/systemd/system/lotokd.service
unit_value() { sed -n "s/^$1=//p" "$unit" | head -1; }
exec_start=$(unit_value ExecStart)
[ "$(unit_value User)" = lotok ] || fail "the unit does not run as lotok"
[ "$(unit_value StateDirectory)" = lotok ] || fail "the unit's StateDirectory is not lotok"
extra=()
port_busy() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_busy 8080 || port_busy 8081; then
  # Another lotokd (say a `make run`) holds the configured ports: take free ones instead.
  echo "127.0.0.1:8080 or :8081 is in use; overriding the listen addresses with free ports"
  extra=(--listen 127.0.0.1:0 --internal-listen 127.0.0.1:0)
fi
echo "ExecStart=$exec_start ${extra[*]}"
# shellcheck disable=SC2086
# setpriv execs lotokd in place (runuser would stay as its parent and SIGKILL it two seconds
# after a SIGTERM), so $lotokd_pid is lotokd and SIGTERM reaches it as systemd's would.
(cd /var/lib/lotok && exec setpriv --reuid=lotok --regid=lotok --init-groups \
  env -i HOME=/var/lib/lotok PATH=/usr/bin:/bin $exec_start "${extra[@]}") >"$work/lotokd.out" 2>"$work/lotokd.err" &
lotokd_pid=$!
for _ in $(seq 1 120); do
  grep -q "lotokd: ready" "$work/lotokd.out" && break
  kill -0 "$lotokd_pid" 2>/dev/null || { cat "$work/lotokd.err"; fail "lotokd exited"; }
  sleep 1
done
grep -q "lotokd: ready" "$work/lotokd.out" || { cat "$work/lotokd.err"; fail "lotokd not ready in 120 s"; }
base=$(sed -n 's/^lotokd: public //p' "$work/lotokd.out")
[ -n "$base" ] || fail "no public address in lotokd's output"
ok "lotokd ready at $base"
[ "$(stat -c %U /var/lib/lotok/postgresql/PG_VERSION)" = lotok ] || fail "the cluster is not lotok's"
pgrep -u lotok -x postgres >/dev/null || fail "no postgres process of user lotok"
ok "embedded PostgreSQL in /var/lib/lotok/postgresql, run by lotok"

step "contract scenario with curl"
# call METHOD PATH [JSON] [TOKEN] -> body in $body, status in $status
call() {
  local method=$1 path=$2 data=${3:-} token=${4:-}
  local args=(-sS -o "$work/body.json" -w '%{http_code}' -X "$method" "$base$path")
  [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data "$data")
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  status=$(curl "${args[@]}")
  body=$(cat "$work/body.json")
}
expect() { # expect STATUS WHAT
  [ "$status" = "$1" ] || fail "$2: HTTP $status, expected $1: $body"
  ok "$2 ($status)"
}
field() { jq -r "$1" <<<"$body"; }
expect_field() { # expect_field JQ VALUE WHAT
  local got; got=$(field "$1")
  [ "$got" = "$2" ] || fail "$3: $1 is '$got', expected '$2' in $body"
  ok "$3: $1 = $2"
}

call POST /api/v1/register '{"login":"anna","password":"anna-secret-1","email":"anna@example.org","first_name":"Anna","last_name":"Petrova","address":"Tverskaya 1, Moscow"}'
expect 201 "register anna"
call POST /api/v1/login '{"login":"anna","password":"anna-secret-1"}'
expect 200 "login anna"
anna=$(field .token)
call GET /api/v1/account "" "$anna"
expect_field .balance 0 "1. balance"
call POST /api/v1/account '{"amount":100000}' "$anna"
expect_field .balance 100000 "2. top up"

echo 'staff-secret-123' | runuser -u lotok -- lotokd staff add --login boris >"$work/staff.txt" \
  || fail "lotokd staff add: $(cat "$work/staff.txt")"
ok "lotokd staff add --login boris: $(cat "$work/staff.txt")"
call POST /api/v1/login '{"login":"boris","password":"staff-secret-123"}'
expect_field .role staff "login boris"
boris=$(field .token)
call POST /api/v1/stock/positions '{"name":"Tea","price":25000,"count":10}' "$boris"
expect 201 "3. staff creates Tea"
tea=$(field .id)

call POST /api/v1/order "{\"items\":[{\"position_id\":$tea,\"count\":2}]}" "$anna"
expect 201 "4. order 2 Tea"
expect_field .status confirmed "4. order"
expect_field .total 50000 "4. order"
order_ok=$(field .id)
call GET /api/v1/account "" "$anna"
expect_field .balance 50000 "4. balance"
call GET "/api/v1/stock/position/$tea/count"
expect_field .count 8 "4. Tea count"

call POST /api/v1/order "{\"items\":[{\"position_id\":$tea,\"count\":9}]}" "$anna"
expect 409 "5. order 9 Tea"
expect_field .error.code insufficient_stock "5."
call GET /api/v1/account "" "$anna"
expect_field .balance 50000 "5. balance"

call POST /api/v1/order "{\"items\":[{\"position_id\":$tea,\"count\":3}]}" "$anna"
expect 402 "6. order 3 Tea"
expect_field .error.code insufficient_funds "6."
call GET "/api/v1/stock/position/$tea/count"
expect_field .count 8 "6. Tea count"

call GET /api/v1/orders "" "$anna"
expect 200 "7. orders list"
[ "$(field '[.orders[].status] | join(",")')" = "rejected,rejected,confirmed" ] \
  || fail "7. statuses newest first: $body"
ok "7. three orders, newest first: rejected, rejected, confirmed"

for _ in $(seq 1 20); do
  call GET "/api/v1/order/$order_ok/delivery" "" "$anna"
  [ "$status" = 200 ] && break
  sleep 0.5
done
expect 200 "8. delivery of order $order_ok"
expect_field .status awaiting_shipment "8. delivery"
expect_field .address "Tverskaya 1, Moscow" "8. delivery"
call POST /api/v1/order/sent "{\"order_id\":$order_ok}" "$boris"
expect_field .status sent "9. staff marks sent"
call POST /api/v1/order/received "{\"order_id\":$order_ok}" "$boris"
expect_field .status received "9. staff marks received"
expected_types=order_delivered,order_ready_for_delivery,order_rejected,order_rejected,order_sent
for _ in $(seq 1 20); do
  call GET /api/v1/notifications "" "$anna"
  [ "$(field '[.notifications[].type] | sort | join(",")')" = "$expected_types" ] && break
  sleep 0.5
done
[ "$(field '[.notifications[].type] | sort | join(",")')" = "$expected_types" ] \
  || fail "8./9. notifications: $body"
ok "8./9. notifications: $(field '[.notifications[].type] | join(", ")')"

call POST /api/v1/register '{"login":"vera","password":"vera-secret-1","email":"vera@example.org","first_name":"Vera","last_name":"Ivanova","address":"Nevsky 2, St Petersburg"}'
expect 201 "register vera"
call POST /api/v1/login '{"login":"vera","password":"vera-secret-1"}'
vera=$(field .token)
call GET "/api/v1/order/$order_ok" "" "$vera"
expect 404 "10. vera cannot see anna's order"
call GET /api/v1/orders "" "$vera"
[ "$(field '.orders | length')" = 0 ] || fail "10. vera sees orders: $body"
call GET /api/v1/notifications "" "$vera"
[ "$(field '.notifications | length')" = 0 ] || fail "10. vera sees notifications: $body"
ok "10. vera sees no orders and no notifications"

# --- 5. the installed desktop app under Xvfb ----------------------------------------------
step "lotok under Xvfb"
display=
for n in $(seq 90 140); do
  [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || { display=:$n; break; }
done
[ -n "$display" ] || fail "no free X display number"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display
# A fresh home (empty settings and cache) and a private session bus for the keychain, which
# dbus-run-session takes down when lotok exits.
mkdir -p "$work/home"
HOME=$work/home XDG_RUNTIME_DIR=$work/home LOTOK_SERVER_URL=$base \
  dbus-run-session -- lotok --language en >"$work/lotok.out" 2>&1 &
session_pid=$!
window=
for _ in $(seq 1 60); do
  window=$(xdotool search --onlyvisible --class lotok 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  kill -0 "$session_pid" 2>/dev/null || { cat "$work/lotok.out"; fail "lotok exited"; }
  sleep 0.5
done
[ -n "$window" ] || { cat "$work/lotok.out"; fail "no lotok window within 30 s"; }
title=$(xdotool getwindowname "$window")
geometry=$(xwininfo -id "$window" | sed -n 's/.*-geometry //p')
xwininfo -root -tree >"$work/windows.txt"
[ "$(readlink "/proc/$(xdotool getwindowpid "$window")/exe")" = /usr/bin/lotok ] \
  || fail "the window is not the installed /usr/bin/lotok's"
echo "$title" | grep -q Lotok || fail "window title '$title' does not name Lotok"
ok "/usr/bin/lotok window $window '$title' $geometry"
kill "$(xdotool getwindowpid "$window")"
wait "$session_pid" 2>/dev/null || true
session_pid=
kill "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null || true
xvfb_pid=
unset DISPLAY

# --- 6. uninstall -----------------------------------------------------------------------------
step "stop lotokd, purge the packages"
kill -TERM "$lotokd_pid"
wait "$lotokd_pid" || fail "lotokd exited with $? on SIGTERM"
lotokd_pid=
ok "lotokd stopped on SIGTERM"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q lotok-server lotok-desktop >"$work/purge.log" 2>&1 \
  || { cat "$work/purge.log"; fail "apt-get purge failed"; }
for p in lotok-server lotok-desktop; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed\|config-files"; then
    fail "$p still known to dpkg: $(dpkg-query -W -f='${Status}' "$p")"
  fi
done
left=()
while read -r path; do
  [ -e "$path" ] || continue
  [ -d "$path" ] && [ ! -L "$path" ] && continue # shared directories (/usr/bin, /etc, ...)
  left+=("$path")
done <"$work/files.txt"
[ ${#left[@]} -eq 0 ] || fail "left behind: ${left[*]}"
for path in /etc/lotok /usr/share/lotok /usr/share/doc/lotok-server /usr/share/doc/lotok-desktop \
            /etc/systemd/system/multi-user.target.wants/lotokd.service \
            /var/lib/systemd/deb-systemd-helper-enabled/lotokd.service.dsh-also; do
  [ ! -e "$path" ] || fail "left behind: $path"
done
if pgrep -u lotok >/dev/null; then fail "processes of lotok still run: $(pgrep -u lotok -a)"; fi
ok "no file of either package is left, no process of lotok runs"
[ -f /var/lib/lotok/postgresql/PG_VERSION ] || fail "the data in /var/lib/lotok went with the package"
ok "the data stays: /var/lib/lotok ($(du -sh /var/lib/lotok | cut -f1)), owned by $(stat -c %U /var/lib/lotok)"

step "package test passed"
