#!/usr/bin/env bash
# Times `pir render` of the largest fixture PIR, as a whole process, against `mkdocs build` of
# the fixture site (what an author runs today to preview), in the same run, and prints both and
# their ratio. Needs ../shared/fixtures beside the repository. Not part of `make test`.
#
#   scripts/bench-render.sh [RUNS]     (default: 20)
set -euo pipefail
runs=${1:-20}
cd "$(dirname "$0")/.."
site=../shared/fixtures/seed-site
if [ ! -f "$site/mkdocs.yml" ]; then
  echo "skipped: ../shared/fixtures is absent"
  exit 0
fi
command -v hyperfine >/dev/null || scripts/ensure-apt.sh <(echo hyperfine)
cargo build --release -q -p pir-cli
pir=$PWD/target/release/pir

venv=$PWD/target/mkdocs-venv
if [ ! -x "$venv/bin/mkdocs" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet mkdocs-material
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$site" "$work/site"
chmod -R u+w "$work/site"
largest=$(ls -S "$work"/site/docs/incidents/*.md | head -n 1)
echo "page: $(basename "$largest") ($(wc -c < "$largest") bytes)"

# -N: no shell in between, so the figure is the program's own start-to-exit time. /bin/true
# is the floor: no program can start and exit faster on this machine.
hyperfine -N --warmup 3 --runs "$runs" --output=null --export-json "$work/times.json" \
  -n "true" /bin/true \
  -n "pir render" "$pir render $largest" \
  -n "mkdocs build" "$venv/bin/mkdocs build -q -f $work/site/mkdocs.yml -d $work/out"

python3 - "$work/times.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
pir, mk = r["pir render"]["mean"], r["mkdocs build"]["mean"]
print(f"pir render: {pir * 1000:.2f} ms, mkdocs build: {mk * 1000:.0f} ms, ratio: {mk / pir:.0f}x")
floor = r["true"]["mean"]
print(f"/bin/true: {floor * 1000:.2f} ms: no program can beat {mk / floor:.0f}x here")
PY
