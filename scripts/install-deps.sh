#!/usr/bin/env bash
# Installs the Debian 12 packages the build, the tests and `make run` need, and only the
# missing ones, so a second run costs a few dpkg queries. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-svg-dev qt6-charts-dev libqt6opengl6-dev qtkeychain-qt6-dev libqt6sql6-sqlite libqt6sql6-psql libqt6svg6
  qt6-translations-l10n
  libpoco-dev catch2 postgresql libpq-dev libargon2-dev libsodium-dev
  nlohmann-json3-dev libfmt-dev libhttp-parser-dev libnats-dev nats-server
  libgd-dev
  libcli11-dev
  nginx iproute2
  prometheus
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools
  curl procps openssl
)
# The e-mail tests' MTA (tests/support/MailServer.h). Postfix replaces whatever MTA a machine
# has, so it is only added where there is none; installed with "No configuration" it runs no
# system mail service, the tests start private instances.
if [ ! -e /usr/sbin/sendmail ] || dpkg -S /usr/sbin/sendmail 2>/dev/null | grep -q '^postfix:'; then
  packages+=(postfix)
elif ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q "install ok installed"; then
  echo "install-deps: another MTA is installed; not adding postfix (the e2e_mail tests need it)" >&2
fi
case "${1:-}" in
  --bench) packages+=(wrk nginx postgresql-contrib linux-perf valgrind jq iproute2) ;;
  --package) packages+=(rpm lintian dpkg-dev file) ;;
  # libFuzzer and the sanitizer runtimes come with clang's compiler-rt (make fuzz).
  --fuzz) packages+=(clang libclang-rt-14-dev) ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
if [[ " ${missing[*]} " == *" postfix "* ]]; then
  echo "postfix postfix/main_mailer_type select No configuration" | "${sudo_cmd[@]}" debconf-set-selections
fi
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
