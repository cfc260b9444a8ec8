#!/usr/bin/env bash
# Fuzzes the document parser and the preview renderer with cargo-fuzz (libFuzzer, nightly
# toolchain, address sanitizer), SECONDS per target, one job at a time and at low priority.
# The corpus starts from the project's own markdown fixtures and grows in fuzz/corpus/ (kept
# between runs, never committed); a crash is written to fuzz/artifacts/TARGET/ and fails the
# run. Not part of `make test`.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (defaults: 300 seconds; targets parse, render)
set -euo pipefail
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse render)
cd "$(dirname "$0")/.."
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  mkdir -p "$corpus"
  # Seeds: every markdown file the project ships as a fixture or sample (named by content,
  # so reseeding adds nothing twice).
  find crates/pir-core/tests/fixtures crates/pir-core/sample-site -name '*.md' -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "$corpus/seed-$(sha1sum "$f" | cut -c1-16)"
    done
  (cd fuzz && nice -n 10 cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
    -dict=markdown.dict -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -print_final_stats=1)
done
