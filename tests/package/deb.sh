#!/usr/bin/env bash
# Installs the built .deb, starts the installed program under a virtual display, waits for
# its window, and removes the package again. Run as root (or with sudo available) on a
# Debian-based system; `make package-test` builds the package first.
#
# Usage: tests/package/deb.sh [path/to/pir-editor_X_amd64.deb]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEB=${1:-$(ls -t "$ROOT"/target/release/bundle/deb/*.deb 2>/dev/null | head -n1 || true)}
[ -n "$DEB" ] && [ -f "$DEB" ] || { echo "no .deb found: run make bundle first" >&2; exit 1; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
PKG=$(dpkg-deb -f "$DEB" Package)
TITLE="PIR Editor"
MAX_BYTES=$((10 * 1024 * 1024))

fail() { echo "FAIL: $*" >&2; exit 1; }

size=$(stat -c %s "$DEB")
echo "package $PKG: $DEB ($size bytes)"
[ "$size" -le "$MAX_BYTES" ] || fail "package is $size bytes, over the 10 MB budget"
deps=$(dpkg-deb -f "$DEB" Depends)
for dep in libwebkit2gtk-4.1-0 libgtk-3-0; do
  [[ "$deps" == *"$dep"* ]] || fail "Depends lacks $dep: $deps"
done
# Listed into a variable first: `grep -q` stops reading at the first match, and with pipefail
# the listing's broken pipe would fail the check that just passed.
contents=$(dpkg-deb -c "$DEB")
grep -q "usr/share/applications/.*\.desktop" <<<"$contents" || fail "no desktop entry"

export DEBIAN_FRONTEND=noninteractive
WORK=$(mktemp -d)
XVFB_PID=""
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  $SUDO dpkg -r "$PKG" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# dpkg -i fails on missing dependencies and leaves the package half-configured;
# apt-get -f installs them and finishes the configuration.
$SUDO dpkg -i "$DEB" || $SUDO apt-get -f install -y -q
grep -q "Status: install ok installed" <<<"$(dpkg -s "$PKG")" || fail "$PKG is not installed"
BIN=$(dpkg -L "$PKG" | grep -E '^/usr/bin/' | head -n1)
[ -x "$BIN" ] || fail "no program in /usr/bin"
DESKTOP=$(dpkg -L "$PKG" | grep -E '\.desktop$' | head -n1)
grep -q "^Exec=" "$DESKTOP" || fail "desktop entry has no Exec line"
echo "installed $BIN"

DISPLAY_NUM=99
while [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] || [ -e "/tmp/.X$DISPLAY_NUM-lock" ]; do
  DISPLAY_NUM=$((DISPLAY_NUM + 1))
done
Xvfb ":$DISPLAY_NUM" -screen 0 1280x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY=":$DISPLAY_NUM"
for _ in $(seq 50); do xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done

# A throw-away home so the run neither reads nor writes the user's own settings.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
mkdir -p "$HOME"
start=$(date +%s%N)
"$BIN" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 300); do
  if grep -q "\"$TITLE\"" <<<"$(xwininfo -root -tree 2>/dev/null)"; then
    ms=$((($(date +%s%N) - start) / 1000000))
    echo "PASS: window \"$TITLE\" appeared after ${ms} ms"
    kill -0 "$APP_PID" || fail "the program exited"
    exit 0
  fi
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log" >&2; fail "the program exited before showing a window"; }
  sleep 0.1
done
cat "$WORK/app.log" >&2
fail "no window titled \"$TITLE\" within 30 s"
