#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so the
# keychain test exercises the real Secret Service and never the user's own keyring.
set -eu
if [ "${1:-}" != "--inside" ]; then
    exec dbus-run-session -- "$0" --inside "$@"
fi
shift
export HOME="$(mktemp -d)"
export XDG_DATA_HOME="$HOME/.local/share"
mkdir -p "$XDG_DATA_HOME/keyrings"
# --unlock reads the new login keyring's password from stdin and creates it unlocked.
eval "$(printf 'lotok-test\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
# The daemon prints its environment before it owns org.freedesktop.secrets on the bus. A
# test that asks at once on a busy machine would have D-Bus activate a second, locked
# daemon instead (seen as a rare failure under `ctest -j2`): wait for the name first.
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
        grep -q 'boolean true'; do
    tries=$((tries + 1))
    [ "$tries" -ge 200 ] && break
    sleep 0.05
done
status=0
"$@" || status=$?
rm -rf "$HOME"
exit $status
