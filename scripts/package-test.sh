#!/usr/bin/env bash
# The packaging test (issue 5), as root on Debian 12:
#   1. lintian on the .deb files and rpmlint on the .rpm files: no errors;
#   2. installs lotok-server and lotok-desktop with apt-get into a clean Debian 12 root made
#      with debootstrap (or, with LOTOK_PACKAGE_TEST_ROOT=host, on this machine itself);
#   3. checks what they installed: binaries and their libraries, versions, config, unit, man
#      pages, desktop entry, icons, translations, the `lotok` user and /var/lib/lotok, the
#      self-signed certificate the postinst made (names, key, modes), kept by a reinstall;
#   4. starts the installed lotokd the way its systemd unit does (the ExecStart line, as
#      User=lotok in /var/lib/lotok with the unit's one capability, CAP_NET_BIND_SERVICE:
#      systemd itself does not run here) and runs the contract's scenario against it with
#      curl over HTTPS (trusting the generated certificate), with a staff account from
#      `runuser -u lotok -- lotokd staff add`; checks HSTS and the Secure cookie, the TLS
#      policy with sslscan (scripts/tls-policy-check.sh), and that a replaced certificate is
#      served after SIGHUP (the unit's ExecReload), a broken one refused and the old kept;
#   5. starts the installed `lotok` against an Xvfb display and waits for its window;
#   6. purges both packages and checks that nothing is left but the data in /var/lib/lotok.
# Everything it made is removed at the end: the root, or on the host the data and the user.
#
# The packages come from $BUILD_DIR (default build/, where `make package` leaves them); if
# there are none, they are built in build-package-test/.
# LOTOK_PACKAGE_TEST_ROOT: debootstrap (default) or host. LOTOK_DEBIAN_MIRROR: the Debian
# mirror for debootstrap (default http://deb.debian.org/debian). The base system and the
# downloaded .debs are kept in $BUILD_DIR/package-test-cache/ for the next run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-build}
[[ $build_dir = /* ]] || build_dir=$root/$build_dir
mode=${LOTOK_PACKAGE_TEST_ROOT:-debootstrap}
mirror=${LOTOK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
case "$mode" in debootstrap | host) ;; *) echo "LOTOK_PACKAGE_TEST_ROOT: debootstrap or host" >&2; exit 2 ;; esac

step() { printf '\n=== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'ok: %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || exec sudo -E "$0" "$@"

# --- the tools this test needs ---------------------------------------------------------------
tools=(lintian rpmlint rpm dpkg-dev curl jq xvfb xauth x11-utils xdotool desktop-file-utils
       dbus man-db procps openssl sslscan)
[ "$mode" = debootstrap ] && tools+=(debootstrap)
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

# --- where the packages go: $R is the root ("" on the host); inroot runs a command there -----
work=$(mktemp -d /tmp/lotok-package-test.XXXXXX)
chmod 755 "$work"
R=
[ "$mode" = debootstrap ] && R=$work/root
inroot() {
  if [ -n "$R" ]; then
    chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
      DEBIAN_FRONTEND=noninteractive "$@"
  else
    "$@"
  fi
}

# The processes of user $1 (a uid) in this test's root, or on the host: a uid in the root
# may be another user's on the host.
pids_in_root() {
  local pid
  for pid in $(pgrep -u "$1" "${@:2}"); do
    [ "$(readlink "/proc/$pid/root")" = "${R:-/}" ] && echo "$pid"
  done
  return 0
}
# Where the packages and the app's home go, as seen inside the root.
pkg_dir=$work app_home=$work/home
[ -n "$R" ] && pkg_dir=/tmp app_home=/tmp/lotok-home

# --- cleanup, whatever happens -------------------------------------------------------------
# Only what the test made is removed: on the host, $installed turns "yes" right before the
# packages are installed; a root is the test's own from the start.
installed=no
saved_data=
lotokd_pid=
xvfb_pid=
session_pid=
cleanup() {
  local status=$?
  set +e
  if [ -n "$session_pid" ] && kill -0 "$session_pid" 2>/dev/null; then
    pkill -TERM -P "$session_pid"; kill "$session_pid"; wait "$session_pid" 2>/dev/null
  fi
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  if [ -n "$lotokd_pid" ] && kill -0 "$lotokd_pid" 2>/dev/null; then
    kill -TERM "$lotokd_pid"; wait "$lotokd_pid" 2>/dev/null
  fi
  if [ "$installed" = yes ]; then
    # The data stays after a purge by design: stop a cluster still running from it.
    if [ -f "$R/var/lib/lotok/postgresql/postmaster.pid" ]; then
      pg_ctl=$(cd "$R/" && ls -d usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1)
      inroot setpriv --reuid=lotok --regid=lotok --init-groups "/$pg_ctl" stop -m fast \
        -D /var/lib/lotok/postgresql >/dev/null 2>&1
    fi
  fi
  if [ -n "$R" ]; then
    umount "$R/proc" 2>/dev/null
    if findmnt -rn -o TARGET | grep -q "^$R"; then
      echo "cleanup: something is still mounted under $R; not removing it" >&2
    else
      rm -rf --one-file-system "$R"
    fi
  elif [ "$installed" = yes ]; then
    for p in lotok-server lotok-desktop; do
      if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed"; then
        echo "cleanup: purging $p"
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$p" >/dev/null 2>&1
      fi
    done
    rm -rf /var/lib/lotok
    getent passwd lotok >/dev/null && userdel lotok
    getent group lotok >/dev/null && groupdel lotok
  fi
  if [ -n "$saved_data" ] && [ -e "$saved_data" ]; then
    mv "$saved_data" /var/lib/lotok && echo "put the earlier /var/lib/lotok back"
  fi
  if [ $status -eq 0 ]; then
    rm -rf --one-file-system "$work"
  else
    echo "package test FAILED (status $status); logs kept in $work" >&2
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- on the host: refuse to touch a real installation ---------------------------------------
if [ "$mode" = host ]; then
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

# --- 1. lintian and rpmlint ----------------------------------------------------------------
step "lintian"
lintian_status=0
lintian --fail-on error "$server_deb" "$desktop_deb" >"$work/lintian.txt" 2>&1 || lintian_status=$?
grep -v "root privileges" "$work/lintian.txt" || true
[ $lintian_status -eq 0 ] || fail "lintian reports errors (see above)"
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
if [ -n "$R" ]; then
  step "a clean Debian 12 root with debootstrap ($mirror)"
  cache=$build_dir/package-test-cache
  mkdir -p "$cache/archives"
  base=$cache/bookworm-minbase.tar.gz
  if [ ! -s "$base" ]; then
    debootstrap --variant=minbase --make-tarball="$base.part" bookworm "$work/tarball" "$mirror" \
      >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; fail "debootstrap failed"; }
    mv "$base.part" "$base"
    rm -rf --one-file-system "$work/tarball"
  fi
  debootstrap --variant=minbase --unpack-tarball="$base" bookworm "$R" "$mirror" \
    >>"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; fail "debootstrap failed"; }
  security=${mirror%/debian}/debian-security
  cat >"$R/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
  # Services are not started in the root (postgresql's own cluster, for one).
  printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"
  chmod 755 "$R/usr/sbin/policy-rc.d"
  mount -t proc proc "$R/proc"
  chmod 1777 "$R/dev/shm" "$R/tmp"
  inroot apt-get update -qq >"$work/apt-update.log" 2>&1 \
    || { cat "$work/apt-update.log"; fail "apt-get update in the root failed"; }
  ok "root in $R ($(du -sh --one-file-system "$R" | cut -f1))"
fi
installed=yes
step "apt-get install the two packages${R:+ into the root}"
cp "$server_deb" "$desktop_deb" "$R$pkg_dir/"
# The dependencies downloaded by an earlier run (apt checks them against the index).
[ -n "$R" ] && find "$cache/archives" -name '*.deb' -exec cp -t "$R/var/cache/apt/archives/" {} +
DEBIAN_FRONTEND=noninteractive inroot apt-get install -y -q --no-install-recommends \
  "$pkg_dir/$(basename "$server_deb")" "$pkg_dir/$(basename "$desktop_deb")" >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; fail "apt-get install failed"; }
[ -n "$R" ] && find "$R/var/cache/apt/archives" -maxdepth 1 -name '*.deb' -exec cp -n -t "$cache/archives/" {} +
inroot dpkg -L lotok-server lotok-desktop | sort >"$work/files.txt"
ok "installed with $(grep -c '^Setting up' "$work/install.log") packages in all; $(wc -l <"$work/files.txt") paths of ours"

# --- 3. what the packages put where --------------------------------------------------------
step "installed files"
expect_file() { [ -e "$R$1" ] || fail "missing $1"; ok "$1"; }
expect_file /usr/bin/lotokd
expect_file /usr/bin/lotok
expect_file /etc/lotok/lotokd.conf
expect_file /usr/lib/systemd/system/lotokd.service
expect_file /usr/share/man/man1/lotokd.1.gz
expect_file /usr/share/man/man1/lotok.1.gz
expect_file /usr/share/applications/lotok.desktop
expect_file /usr/share/icons/hicolor/scalable/apps/lotok.svg
expect_file /usr/share/icons/hicolor/48x48/apps/lotok.png
expect_file /usr/share/lotok/monitoring/lotok-dashboard.json
expect_file /usr/share/lotok/monitoring/lotok-alerts.yml
expect_file /usr/share/lotok/translations/lotok_ru.qm
expect_file /usr/share/lotok/translations/lotok_en.qm
ls "$R"/usr/share/lotok/migrations/*/*.sql >/dev/null 2>&1 || fail "no migrations in /usr/share/lotok/migrations"
ok "/usr/share/lotok/migrations: $(ls "$R/usr/share/lotok/migrations" | tr '\n' ' ')"
grep -qx /etc/lotok/lotokd.conf "$R/var/lib/dpkg/info/lotok-server.conffiles" || fail "lotokd.conf is not a conffile"
ok "/etc/lotok/lotokd.conf is a conffile"

[ "$(inroot lotokd --version)" = "lotokd $version" ] || fail "lotokd --version: $(inroot lotokd --version)"
ok "lotokd --version: $(inroot lotokd --version)"
desktop_version=$(inroot env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp lotok --version 2>/dev/null)
[ "$desktop_version" = "lotok $version" ] || fail "lotok --version: $desktop_version"
ok "lotok --version: $desktop_version"
inroot lotokd --help | grep -q "staff add --login" || fail "lotokd --help does not document staff add"
man -l "$R/usr/share/man/man1/lotokd.1.gz" 2>/dev/null | grep -q "staff add" || fail "lotokd(1) lacks staff add"
ok "staff add is in lotokd --help and lotokd(1)"
for binary in /usr/bin/lotokd /usr/bin/lotok; do
  if inroot ldd "$binary" | grep -q "not found"; then fail "$binary: $(inroot ldd "$binary" | grep 'not found')"; fi
done
ok "every shared library of lotokd and lotok resolves"
desktop-file-validate "$R/usr/share/applications/lotok.desktop" || fail "invalid lotok.desktop"
ok "lotok.desktop validates"
# systemd-analyze checks the unit against this machine's systemd; in a root, ExecStart is
# pointed at the root's lotokd for the check.
sed "s|/usr/bin/lotokd|$R/usr/bin/lotokd|" "$R/usr/lib/systemd/system/lotokd.service" >"$work/lotokd.service"
systemd-analyze verify --man=no "$work/lotokd.service" 2>"$work/verify.txt" \
  || { cat "$work/verify.txt"; fail "systemd-analyze verify lotokd.service"; }
ok "systemd-analyze verify lotokd.service"

inroot getent passwd lotok >/dev/null || fail "postinst did not create the lotok user"
lotok_uid=$(inroot id -u lotok)
[ "$(inroot stat -c %U:%a /var/lib/lotok)" = "lotok:750" ] || fail "/var/lib/lotok is $(inroot stat -c %U:%a /var/lib/lotok)"
[ "$(inroot stat -c %U:%G:%a /etc/lotok/lotokd.conf)" = "root:lotok:640" ] \
  || fail "lotokd.conf is $(inroot stat -c %U:%G:%a /etc/lotok/lotokd.conf)"
ok "user lotok (uid $lotok_uid), /var/lib/lotok lotok:750, lotokd.conf root:lotok:640"
[ -L "$R/etc/systemd/system/multi-user.target.wants/lotokd.service" ] || fail "lotokd.service is not enabled"
ok "lotokd.service enabled"

step "the HTTPS listener's certificate"
tls_cert=/etc/lotok/tls/lotokd.crt tls_key=/etc/lotok/tls/lotokd.key
expect_file /usr/libexec/lotok/lotok-make-certificate
expect_file $tls_cert
expect_file $tls_key
expect_file /etc/lotok/tls/lotokd.generated
conf_value() { # SECTION KEY: the value in the installed lotokd.conf
  awk -v section="[$1]" -v key="$2" '
    /^\[/ { in_section = ($1 == section) }
    in_section && $1 == key && $2 == "=" { print $3; exit }' "$R/etc/lotok/lotokd.conf"
}
[ "$(conf_value tls certificate)" = $tls_cert ] && [ "$(conf_value tls key)" = $tls_key ] \
  || fail "lotokd.conf's [tls] does not name $tls_cert and $tls_key"
[ "$(conf_value server listen)" = 0.0.0.0:443 ] || fail "lotokd.conf listens on $(conf_value server listen)"
ok "lotokd.conf: listen = 0.0.0.0:443, [tls] certificate = $tls_cert, key = $tls_key"
[ "$(inroot stat -c %U:%G:%a $tls_key)" = "root:lotok:640" ] || fail "$tls_key is $(inroot stat -c %U:%G:%a $tls_key)"
[ "$(inroot stat -c %U:%G:%a $tls_cert)" = "root:root:644" ] || fail "$tls_cert is $(inroot stat -c %U:%G:%a $tls_cert)"
ok "$tls_key root:lotok:640, $tls_cert root:root:644"
cert_text=$(openssl x509 -in "$R$tls_cert" -noout -text)
grep -q "ASN1 OID: prime256v1" <<<"$cert_text" || fail "the certificate's key is not ECDSA P-256"
[ "$(openssl x509 -in "$R$tls_cert" -noout -subject_hash)" = "$(openssl x509 -in "$R$tls_cert" -noout -issuer_hash)" ] \
  || fail "the certificate is not self-signed"
sans=$(openssl x509 -in "$R$tls_cert" -noout -ext subjectAltName | tail -n +2 | tr -d ' ')
root_host=$(inroot uname -n)
for name in "DNS:${root_host%%.*}" DNS:localhost "IPAddress:127.0.0.1" "IPAddress:0:0:0:0:0:0:0:1"; do
  [[ ",$sans," == *",$name,"* ]] || fail "the certificate does not name $name: $sans"
done
# About two years: still valid in 700 days, no longer in 740.
openssl x509 -in "$R$tls_cert" -noout -checkend $((700 * 86400)) >/dev/null || fail "the certificate ends within 700 days"
! openssl x509 -in "$R$tls_cert" -noout -checkend $((740 * 86400)) >/dev/null || fail "the certificate lasts beyond 740 days"
[ "$(openssl x509 -in "$R$tls_cert" -noout -pubkey)" = "$(openssl pkey -in "$R$tls_key" -pubout)" ] \
  || fail "the key is not the certificate's"
fingerprint() { openssl x509 -noout -fingerprint -sha256 | cut -d= -f2; }
generated_fp=$(fingerprint <"$R$tls_cert")
ok "self-signed ECDSA P-256 for $sans, $(openssl x509 -in "$R$tls_cert" -noout -enddate), SHA-256 $generated_fp"
# What the test puts back after serving a certificate of its own (section 4).
mkdir -p "$work/generated-tls"
cp -p "$R$tls_cert" "$R$tls_key" "$work/generated-tls/"

# The same package again, as an upgrade does (postinst configure with the old version): the
# certificate the first one made is kept, not made anew.
reinstall_server() {
  DEBIAN_FRONTEND=noninteractive inroot apt-get install -y -q --reinstall --no-install-recommends \
    "$pkg_dir/$(basename "$server_deb")" >"$work/reinstall.log" 2>&1 \
    || { cat "$work/reinstall.log"; fail "apt-get install --reinstall failed"; }
}
cert_state() { inroot stat -c '%U:%G:%a %Y' $tls_cert $tls_key | tr '\n' ' '; fingerprint <"$R$tls_cert"; }
before=$(cert_state)
reinstall_server
[ "$(cert_state)" = "$before" ] || fail "a reinstall changed the certificate: $before -> $(cert_state)"
ok "reinstalling lotok-server keeps the certificate and key (owners, modes, times, fingerprint)"

# --- 4. the installed server, as its unit runs it ------------------------------------------
step "start lotokd as the unit does"
unit=$R/usr/lib/systemd/system/lotokd.service
unit_value() { sed -n "s/^$1=//p" "$unit" | head -1; }
exec_start=$(unit_value ExecStart)
[ "$(unit_value User)" = lotok ] || fail "the unit does not run as lotok"
[ "$(unit_value StateDirectory)" = lotok ] || fail "the unit's StateDirectory is not lotok"
[ "$(unit_value WorkingDirectory)" = /var/lib/lotok ] || fail "the unit's WorkingDirectory is not /var/lib/lotok"
# shellcheck disable=SC2016
[ "$(unit_value ExecReload)" = '/bin/kill -HUP $MAINPID' ] || fail "the unit's ExecReload is '$(unit_value ExecReload)'"
[ "$(unit_value AmbientCapabilities)" = CAP_NET_BIND_SERVICE ] \
  && [ "$(unit_value CapabilityBoundingSet)" = CAP_NET_BIND_SERVICE ] \
  || fail "the unit does not grant CAP_NET_BIND_SERVICE alone"
port_busy() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The unit's listener is 0.0.0.0:443; the test's shop stays on loopback, on 443 itself or,
# when that is taken (a web server here), another port below 1024: binding it as lotok
# needs the capability, as the unit's does.
https_port=
for p in 443 $(seq 1000 1023); do
  port_busy "$p" || { https_port=$p; break; }
done
[ -n "$https_port" ] || fail "no free port below 1024 on 127.0.0.1"
extra=(--listen "127.0.0.1:$https_port")
if port_busy 8081; then
  # Another lotokd (say a `make run`) holds the internal port: take a free one instead.
  echo "127.0.0.1:8081 is in use; overriding the internal listen address with a free port"
  extra+=(--internal-listen 127.0.0.1:0)
fi
echo "ExecStart=$exec_start ${extra[*]}"
# setpriv execs lotokd in place (runuser would stay as its parent and SIGKILL it two seconds
# after a SIGTERM), so $lotokd_pid is lotokd and SIGTERM reaches it as systemd's would. It
# gives lotokd what the unit does: CAP_NET_BIND_SERVICE as its only (ambient) capability,
# in a bounding set of that one, and no new privileges.
# shellcheck disable=SC2086,SC2016
(
  cmd=(sh -c 'cd /var/lib/lotok && exec setpriv --reuid=lotok --regid=lotok --init-groups \
         --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service \
         --bounding-set=-all,+net_bind_service --no-new-privs \
         env -i HOME=/var/lib/lotok PATH=/usr/bin:/bin "$@"' sh $exec_start "${extra[@]}")
  if [ -n "$R" ]; then exec chroot "$R" "${cmd[@]}"; else exec "${cmd[@]}"; fi
) >"$work/lotokd.out" 2>"$work/lotokd.err" &
lotokd_pid=$!
for _ in $(seq 1 120); do
  grep -q "lotokd: ready" "$work/lotokd.out" && break
  kill -0 "$lotokd_pid" 2>/dev/null || { cat "$work/lotokd.err"; fail "lotokd exited"; }
  sleep 1
done
grep -q "lotokd: ready" "$work/lotokd.out" || { cat "$work/lotokd.err"; fail "lotokd not ready in 120 s"; }
base=$(sed -n 's/^lotokd: public //p' "$work/lotokd.out")
[ -n "$base" ] || fail "no public address in lotokd's output"
[ "$base" = "https://127.0.0.1:$https_port" ] || fail "lotokd's public listener is $base, not https://127.0.0.1:$https_port"
ok "lotokd ready at $base"
caps=$(sed -n 's/^CapEff:\t*//p' "/proc/$lotokd_pid/status")
[ "$caps" = 0000000000000400 ] || fail "lotokd's effective capabilities are $caps, not CAP_NET_BIND_SERVICE alone"
ok "lotokd runs with CAP_NET_BIND_SERVICE alone (CapEff $caps)"
[ "$(inroot stat -c %U /var/lib/lotok/postgresql/PG_VERSION)" = lotok ] || fail "the cluster is not lotok's"
[ -n "$(pids_in_root "$lotok_uid" -x postgres)" ] || fail "no postgres process of user lotok"
ok "embedded PostgreSQL in /var/lib/lotok/postgresql, run by lotok"

step "contract scenario with curl over HTTPS"
# Trusting the certificate the postinst made, and nothing else: curl checks it names
# 127.0.0.1. The answer's headers go to $work/headers.txt.
trust=$R$tls_cert
# call METHOD PATH [JSON] [TOKEN] -> body in $body, status in $status
call() {
  local method=$1 path=$2 data=${3:-} token=${4:-}
  local args=(-sS --cacert "$trust" -D "$work/headers.txt" -o "$work/body.json" -w '%{http_code}'
              -X "$method" "$base$path")
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
header() { tr -d '\r' <"$work/headers.txt" | sed -n "s/^$1: //Ip"; }
[ "$(header Strict-Transport-Security)" = "max-age=31536000" ] \
  || fail "login's Strict-Transport-Security is '$(header Strict-Transport-Security)'"
ok "HSTS: Strict-Transport-Security: max-age=31536000"
cookie=$(header Set-Cookie | grep '^session_id=' || true)
[[ "; $cookie;" == *"; Secure;"* ]] || fail "the session cookie is not Secure: $cookie"
ok "the session cookie is Secure: ${cookie#session_id=*;}"
call GET /api/v1/account "" "$anna"
expect_field .balance 0 "1. balance"
call POST /api/v1/account '{"amount":100000}' "$anna"
expect_field .balance 100000 "2. top up"

echo 'staff-secret-123' | inroot runuser -u lotok -- lotokd staff add --login boris \
  >"$work/staff.txt" 2>"$work/staff.err" || fail "lotokd staff add: $(cat "$work/staff.err")"
ok "runuser -u lotok -- lotokd staff add --login boris: $(cat "$work/staff.txt")"
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

step "the HTTPS listener: no plain HTTP, the TLS policy, a certificate reloaded on SIGHUP"
plain=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$https_port/healthz" || true)
[ "$plain" != 200 ] || fail "the public listener answers plain HTTP"
ok "plain HTTP on the public port gets no answer (curl: ${plain:-none})"
"$root/scripts/tls-policy-check.sh" "127.0.0.1:$https_port" >"$work/sslscan.txt" 2>&1 \
  || { cat "$work/sslscan.txt"; fail "sslscan: the listener breaks the TLS policy"; }
sed -n '/SSL\/TLS Protocols:/,/^$/p' "$work/sslscan.txt"
grep -E '^(Accepted|Preferred) ' "$work/sslscan.txt"
ok "$(tail -1 "$work/sslscan.txt")"

# served_fp: the SHA-256 fingerprint of the certificate a new connection gets.
served_fp() {
  openssl s_client -connect "127.0.0.1:$https_port" -servername localhost </dev/null 2>/dev/null | fingerprint
}
[ "$(served_fp)" = "$generated_fp" ] || fail "the listener serves $(served_fp), not the generated $generated_fp"
ok "the listener serves the generated certificate ($generated_fp)"
# reload_until FINGERPRINT: SIGHUP (what `systemctl reload lotokd` sends), then wait for it.
reload_until() {
  kill -HUP "$lotokd_pid"
  for _ in $(seq 1 50); do
    [ "$(served_fp)" = "$1" ] && return 0
    kill -0 "$lotokd_pid" 2>/dev/null || { cat "$work/lotokd.err"; fail "lotokd exited on SIGHUP"; }
    sleep 0.2
  done
  fail "after SIGHUP the listener serves $(served_fp), not $1"
}
# An admin's certificate (RSA this time, as many CAs still issue) put in place of the
# generated one, as docs/deployment.md says: install -o root -g lotok -m 0640 ...
openssl req -x509 -newkey rsa:3072 -nodes -sha256 -days 90 -subj "/CN=lotok-package-test" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$work/admin.key" -out "$work/admin.crt" >"$work/admin-cert.log" 2>&1 \
  || { cat "$work/admin-cert.log"; fail "openssl could not make the test's certificate"; }
admin_fp=$(fingerprint <"$work/admin.crt")
cp "$work/admin.crt" "$work/admin.key" "$R/tmp/"
inroot install -o root -g lotok -m 0640 /tmp/admin.key $tls_key
inroot install -o root -g root -m 0644 /tmp/admin.crt $tls_cert
rm -f "$R/tmp/admin.crt" "$R/tmp/admin.key"
reload_until "$admin_fp"
trust=$work/admin.crt
call GET /api/v1/account "" "$anna"
expect 200 "after SIGHUP: the account over the new certificate"
ok "after SIGHUP new connections get the replaced certificate ($admin_fp)"
"$root/scripts/tls-policy-check.sh" "127.0.0.1:$https_port" >"$work/sslscan-rsa.txt" 2>&1 \
  || { cat "$work/sslscan-rsa.txt"; fail "sslscan: with an RSA certificate the listener breaks the TLS policy"; }
ok "with the RSA certificate: $(tail -1 "$work/sslscan-rsa.txt")"
# A broken file: logged, the certificate in use kept, lotokd still serving.
cp -p "$R$tls_cert" "$work/admin.crt.installed"
echo "not a certificate" >"$R$tls_cert"
tls_log_lines() { cat "$work/lotokd.out" "$work/lotokd.err" | grep -ic 'certificate\|tls' || true; }
logged_before=$(tls_log_lines)
kill -HUP "$lotokd_pid"
sleep 2
kill -0 "$lotokd_pid" 2>/dev/null || { cat "$work/lotokd.err"; fail "lotokd exited on SIGHUP with a broken certificate"; }
[ "$(served_fp)" = "$admin_fp" ] || fail "with a broken file the listener serves $(served_fp), not the old $admin_fp"
[ "$(tls_log_lines)" -gt "$logged_before" ] || fail "lotokd did not log the broken certificate"
ok "a broken certificate on SIGHUP is logged ($(cat "$work/lotokd.out" "$work/lotokd.err" | grep -i 'certificate\|tls' | tail -1 | cut -c1-100)), the old one kept"
cp -p "$work/admin.crt.installed" "$R$tls_cert"
# The postinst of an upgrade leaves the admin's certificate alone.
reinstall_server
[ "$(fingerprint <"$R$tls_cert")" = "$admin_fp" ] || fail "a reinstall replaced the admin's certificate"
[ "$(inroot stat -c %U:%G:%a $tls_key)" = "root:lotok:640" ] || fail "a reinstall changed the key's mode"
ok "reinstalling lotok-server keeps the admin's certificate and key"
# The generated pair back (the purge below removes it only when unchanged), and served.
cp -p "$work/generated-tls/lotokd.crt" "$work/generated-tls/lotokd.key" "$R/etc/lotok/tls/"
reload_until "$generated_fp"
trust=$R$tls_cert
ok "the generated certificate back after another SIGHUP"

# --- 5. the installed desktop app under Xvfb ----------------------------------------------
step "lotok under Xvfb"
display=
for n in $(seq 90 140); do
  [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || port_busy $((6000 + n)) || { display=$n; break; }
done
[ -n "$display" ] || fail "no free X display number"
# The app in a root reaches the display over TCP on loopback (no socket to bind-mount in);
# the display is the test's own and goes away with it.
xvfb_args=(":$display" -screen 0 1280x800x24)
[ -n "$R" ] && xvfb_args+=(-listen tcp -ac)
Xvfb "${xvfb_args[@]}" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do xdpyinfo -display ":$display" >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=:$display
# A fresh home: the app's settings and cache start empty.
mkdir -p "$R$app_home"
if [ -n "$R" ]; then
  # No session bus in the root (gnome-keyring is only recommended): the app goes without.
  (exec chroot "$R" /usr/bin/env -i PATH=/usr/bin:/bin HOME="$app_home" \
     XDG_RUNTIME_DIR="$app_home" DISPLAY="127.0.0.1:$display" LOTOK_SERVER_URL="$base" \
     lotok --language en) >"$work/lotok.out" 2>&1 &
else
  # A private session bus for the keychain, which dbus-run-session ends with the app.
  HOME=$app_home XDG_RUNTIME_DIR=$app_home LOTOK_SERVER_URL=$base \
    dbus-run-session -- lotok --language en >"$work/lotok.out" 2>&1 &
fi
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
app_pid=$(xdotool getwindowpid "$window")
case "$(readlink "/proc/$app_pid/exe")" in
  /usr/bin/lotok | "$R/usr/bin/lotok") ;;
  *) fail "the window is not the installed lotok's but $(readlink "/proc/$app_pid/exe")'s" ;;
esac
echo "$title" | grep -q Lotok || fail "window title '$title' does not name Lotok"
ok "/usr/bin/lotok window $window '$title' $geometry"
kill "$app_pid"
wait "$session_pid" 2>/dev/null || true
session_pid=
kill "$xvfb_pid"; wait "$xvfb_pid" 2>/dev/null || true
xvfb_pid=
unset DISPLAY
rm -rf "$R$app_home"

# --- 6. uninstall -----------------------------------------------------------------------------
step "stop lotokd, purge the packages"
kill -TERM "$lotokd_pid"
wait "$lotokd_pid" || fail "lotokd exited with $? on SIGTERM"
lotokd_pid=
ok "lotokd stopped on SIGTERM"
DEBIAN_FRONTEND=noninteractive inroot apt-get purge -y -q lotok-server lotok-desktop >"$work/purge.log" 2>&1 \
  || { cat "$work/purge.log"; fail "apt-get purge failed"; }
for p in lotok-server lotok-desktop; do
  if inroot dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed\|config-files"; then
    fail "$p still known to dpkg: $(inroot dpkg-query -W -f='${Status}' "$p")"
  fi
done
left=()
while read -r path; do
  [ -e "$R$path" ] || continue
  [ -d "$R$path" ] && [ ! -L "$R$path" ] && continue # shared directories (/usr/bin, /etc, ...)
  left+=("$path")
done <"$work/files.txt"
[ ${#left[@]} -eq 0 ] || fail "left behind: ${left[*]}"
for path in /etc/lotok /usr/share/lotok /usr/share/doc/lotok-server /usr/share/doc/lotok-desktop \
            /etc/systemd/system/multi-user.target.wants/lotokd.service \
            /var/lib/systemd/deb-systemd-helper-enabled/lotokd.service.dsh-also; do
  [ ! -e "$R$path" ] || fail "left behind: $path"
done
[ -z "$(pids_in_root "$lotok_uid")" ] || fail "processes of lotok still run: $(pids_in_root "$lotok_uid")"
ok "no file of either package is left, no process of lotok runs"
[ -f "$R/var/lib/lotok/postgresql/PG_VERSION" ] || fail "the data in /var/lib/lotok went with the package"
ok "the data stays: /var/lib/lotok ($(du -sh "$R/var/lib/lotok" | cut -f1)), owned by $(inroot stat -c %U /var/lib/lotok)"

step "package test passed${R:+ (in a debootstrap root)}"
