#!/bin/sh
# Starts gnome-keyring-daemon (secrets only) in the current D-Bus session, its login keyring
# unlocked with the password read from stdin, and prints its environment for `eval`:
#   eval "$(printf password | sh tests/start-keyring.sh)"
# It returns once the daemon owns org.freedesktop.secrets (at most 10 s): the daemon forks and
# takes the name a moment later, and a call in between has the bus start a second daemon, with
# another, empty keyring, from its service file.
set -eu
environment="$(gnome-keyring-daemon --unlock --components=secrets)"
for _ in $(seq 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q "boolean true"; then
    break
  fi
  sleep 0.1
done
printf '%s\n' "$environment"
