#!/usr/bin/env bash
# Runs the end-to-end specs (or, with `screenshots`, saves every README screenshot to docs/screenshots)
# against the real app binary: a private D-Bus session with a freshly unlocked gnome-keyring,
# Xvfb, and two tauri-drivers — one whose apps see the keyring, one whose apps see no D-Bus.
#   bash tests/e2e/run.sh                          every spec
#   bash tests/e2e/run.sh test specs/x.test.mjs    some specs
#   bash tests/e2e/run.sh bench bulk-retry-bench.mjs   a measurement through the real app
#   E2E_PORT_BASE=5444 bash tests/e2e/run.sh ...   other driver ports (runs side by side)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODE="${1:-test}"
PORT_BASE="${E2E_PORT_BASE:-4444}"

if [[ -z "${APIDEST_E2E_SESSION:-}" ]]; then
  export APIDEST_E2E_SESSION=1
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

shift || true
SPECS=("$@")
WORK="$(mktemp -d)"
export XDG_DATA_HOME="$WORK/xdg-data" XDG_CONFIG_HOME="$WORK/xdg-config" XDG_CACHE_HOME="$WORK/xdg-cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
eval "$(printf 'e2e-keyring-password' | sh "$HERE/../start-keyring.sh")"
export GNOME_KEYRING_CONTROL

TAURI_DRIVER="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
export TAURI_DRIVER_PORT="$PORT_BASE" TAURI_DRIVER_NO_KEYRING_PORT="$((PORT_BASE + 1))"
export APIDEST_EXPORT_DIR="$WORK/exports"
"$TAURI_DRIVER" --port "$TAURI_DRIVER_PORT" --native-port "$((PORT_BASE + 10))" >"$WORK/driver.log" 2>&1 &
DRIVERS=($!)
DBUS_SESSION_BUS_ADDRESS="unix:path=$WORK/no-such-bus" \
  "$TAURI_DRIVER" --port "$TAURI_DRIVER_NO_KEYRING_PORT" --native-port "$((PORT_BASE + 11))" >"$WORK/driver-no-keyring.log" 2>&1 &
DRIVERS+=($!)
cleanup() {
  kill "${DRIVERS[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

for port in "$TAURI_DRIVER_PORT" "$TAURI_DRIVER_NO_KEYRING_PORT"; do
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/status" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$port/status" >/dev/null || { echo "tauri-driver on $port did not start"; cat "$WORK"/driver*.log; exit 1; }
done

cd "$HERE"
if [[ "$MODE" == "screenshots" ]]; then
  # Every picture in the README, all at 1280×800: the main screens, then those that need
  # traffic of their own (deliveries, pause, sandbox), then the offline banner (root: it runs
  # the app in a network namespace of its own).
  node screenshots.mjs
  APIDEST_SANDBOX_SCREENSHOT=1 node --test --test-concurrency=1 specs/deliveries.test.mjs specs/pause.test.mjs specs/sandbox.test.mjs
  node offline-screenshot.mjs
elif [[ "$MODE" == "bench" ]]; then
  node "${SPECS[0]}"
else
  node --test --test-concurrency=1 "${SPECS[@]:-specs/}"
fi
