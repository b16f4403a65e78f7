#!/usr/bin/env bash
# Checks an installed tilskudd package as an administrator meets it: the account and
# group, the files, a server started by hand (no systemd in CI) that the system
# configuration points every command at, and an upgrade (the package installed again)
# that keeps the data. Run as root after `dpkg -i`; exits non-zero on the first fault.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$1

fail() { echo "check-package: $*" >&2; exit 1; }

getent passwd tilskudd >/dev/null || fail "no account tilskudd"
getent group tilskudd-users >/dev/null || fail "no group tilskudd-users"
for file in /usr/bin/tilskudd /lib/systemd/system/tilskudd.service /etc/tilskudd/config.toml \
    /usr/share/man/man1/tilskudd.1.gz /usr/share/bash-completion/completions/tilskudd; do
    [ -e "$file" ] || fail "missing $file"
done
dpkg-query -W -f='${Conffiles}\n' tilskudd | grep -q /etc/tilskudd/config.toml \
    || fail "the configuration is not a conffile"
[ "$(stat -c '%a %U' /var/lib/tilskudd)" = "700 tilskudd" ] || fail "/var/lib/tilskudd is not 0700 tilskudd"
install -d -o tilskudd -g tilskudd-users -m 0750 /run/tilskudd

as_service() { runuser -u tilskudd -g tilskudd-users -- "$@"; }
start_server() {
    # setpriv becomes the server (runuser would stay as its parent), so $! is the server.
    setpriv --reuid=tilskudd --regid=tilskudd-users --init-groups \
        /usr/bin/tilskudd serve --socket /run/tilskudd/tilskudd.sock \
        --db /var/lib/tilskudd/tilskudd.redb 2>"$log" &
    server=$!
    for _ in $(seq 100); do
        [ -S /run/tilskudd/tilskudd.sock ] && return 0
        sleep 0.1
    done
    cat "$log" >&2
    fail "the server never listened"
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; }

# The files to import, where the service account can read them, and the server's log:
# a folder of our own, never a fixed name in /tmp that someone could have planted.
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
log="$data/server.log"
cp fixtures/kommuner-2020.csv fixtures/registry.toml fixtures/rounds/innlandet-2022.toml "$data"
chmod 755 "$data" && chmod 644 "$data"/*

start_server
# No --server, no TILSKUDD_SERVER: the system configuration names the server.
as_service env -u TILSKUDD_SERVER -u TILSKUDD_DB /usr/bin/tilskudd import registry \
    "$data/kommuner-2020.csv" "$data/registry.toml" >/dev/null
as_service env -u TILSKUDD_SERVER -u TILSKUDD_DB /usr/bin/tilskudd import round \
    "$data/innlandet-2022.toml" >/dev/null
as_service /usr/bin/tilskudd status --json | grep -q innlandet-2022 || fail "status through the configured server"
[ "$(stat -c '%a' /var/lib/tilskudd/tilskudd.redb)" = "600" ] || fail "the database is not 0600"
stop_server

# An upgrade (the same package again) keeps the data.
dpkg -i "$deb" >/dev/null
start_server
as_service /usr/bin/tilskudd status --json | grep -q innlandet-2022 || fail "the data did not survive an upgrade"
stop_server
echo "check-package: the package installs, serves through the system configuration, and upgrades keeping the data"
