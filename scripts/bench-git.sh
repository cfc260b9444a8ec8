#!/usr/bin/env bash
# Times `pir commit` + `pir push` of one changed page to a local bare repository against
# `git add` + `git commit` + `git push` doing the same, in the same run, and prints both and
# their ratio. Uses hyperfine when installed, else a plain timing loop. Not part of `make test`.
#
#   scripts/bench-git.sh [RUNS] [PAGES]     (defaults: 20 runs, a site of 200 pages)
set -euo pipefail
runs=${1:-20}
pages=${2:-200}
cd "$(dirname "$0")/.."
cargo build --release -q -p pir-cli
pir=$PWD/target/release/pir

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A throw-away git configuration: never the developer's.
export HOME=$work/home XDG_CONFIG_HOME=$work/xdg GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Bench Author"
git config --global user.email bench@example.test
git config --global init.defaultBranch main

# Two identical sites, each with its own bare origin, so neither tool pushes into the other's.
make_site() {
  local site=$work/$1 bare=$work/$1-origin.git
  git init -q --bare "$bare"
  git init -q "$site"
  mkdir -p "$site/docs/incidents"
  echo "site_name: Bench" > "$site/mkdocs.yml"
  for i in $(seq 1 "$pages"); do
    printf '# Review %s\n\nA fictional incident.\n' "$i" > "$site/docs/incidents/review-$i.md"
  done
  git -C "$site" add -A
  git -C "$site" commit -q -m start
  git -C "$site" remote add origin "file://$bare"
  git -C "$site" push -q -u origin main
}
make_site pir-site
make_site git-site
page=docs/incidents/review-1.md
pir_cmd="$pir commit -C $work/pir-site -m bench $page >/dev/null && $pir push -C $work/pir-site >/dev/null 2>&1"
git_cmd="git -C $work/git-site add $page && git -C $work/git-site commit -q -m bench && git -C $work/git-site push -q 2>/dev/null"
pir_prep="date +%s%N >> $work/pir-site/$page"
git_prep="date +%s%N >> $work/git-site/$page"

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 2 --runs "$runs" --export-json "$work/bench.json" \
    --prepare "$pir_prep" -n "pir commit+push" "$pir_cmd" \
    --prepare "$git_prep" -n "git add+commit+push" "$git_cmd"
  python3 - "$work/bench.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] * 1000 for x in json.load(open(sys.argv[1]))["results"]}
p, g = r["pir commit+push"], r["git add+commit+push"]
print(f"pir commit+push: {p:.1f} ms   git add+commit+push: {g:.1f} ms   ratio pir/git: {p / g:.2f}")
PY
else
  mean_ms() { # prepare command, timed command
    local total=0 start end
    for _ in $(seq 1 "$runs"); do
      bash -c "$1"
      start=$(date +%s%N)
      bash -c "$2"
      end=$(date +%s%N)
      total=$((total + end - start))
    done
    echo $((total / runs / 1000))
  }
  p=$(mean_ms "$pir_prep" "$pir_cmd")
  g=$(mean_ms "$git_prep" "$git_cmd")
  awk -v p="$p" -v g="$g" 'BEGIN { printf "pir commit+push: %.1f ms   git add+commit+push: %.1f ms   ratio pir/git: %.2f\n", p/1000, g/1000, p/g }'
fi
