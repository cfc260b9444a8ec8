#!/usr/bin/env bash
# The UI's set-up on a machine whose Node.js is missing: with the system's node, nodejs, npm,
# npx and corepack hidden from PATH, scripts/with-node.sh must bring a Node from PyPI, and
# `npm ci` + `npm run build` must produce the app's bundle from a copy of ui/.
#
# Every step runs in a temporary folder (Node venv, npm cache, the copy of ui/), removed at the
# end; the project's own ui/node_modules and target/node are not touched.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A PATH of every program in the system's bin folders except Node's.
mkdir "$work/bin"
for d in /usr/local/bin /usr/bin /bin; do
  for f in "$d"/*; do
    name=$(basename "$f")
    case "$name" in node | nodejs | npm | npx | corepack) continue ;; esac
    [ -e "$work/bin/$name" ] || ln -s "$f" "$work/bin/$name"
  done
done
export PATH="$work/bin"
if command -v node >/dev/null || command -v npm >/dev/null; then
  echo "FAIL: node or npm still on the test PATH" >&2
  exit 1
fi

tar -C "$root" --exclude=ui/node_modules --exclude=ui/dist -cf - ui | tar -C "$work" -xf -
export PIR_NODE_DIR="$work/node" npm_config_cache="$work/npm-cache"
(cd "$work/ui" && "$root/scripts/with-node.sh" npm ci --no-audit --no-fund --loglevel=error &&
  "$root/scripts/with-node.sh" npm run build >/dev/null)

[ -s "$work/ui/dist/index.html" ] || { echo "FAIL: no ui/dist/index.html was built" >&2; exit 1; }
version=$("$root/scripts/with-node.sh" node --version)
echo "ok: the UI built with Node $version from PyPI, the system's Node hidden"
