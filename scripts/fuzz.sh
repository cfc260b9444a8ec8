#!/usr/bin/env bash
# Fuzzes the document parser and the preview renderer with cargo-fuzz (libFuzzer, nightly
# toolchain, address sanitizer), SECONDS per target, one job at a time and at low priority.
# The corpus starts from the project's own markdown fixtures and the inputs that once failed
# (fuzz/regressions/TARGET/, which `cargo test` also runs), and grows in fuzz/corpus/ (kept
# between runs, never committed); a crash is written to fuzz/artifacts/TARGET/ and fails the
# run.
#
# cargo-fuzz needs the compiler's nightly-only flags (-Zsanitizer). Without a nightly
# toolchain (or with FUZZ_TOOLCHAIN=stable), the default compiler is used with
# RUSTC_BOOTSTRAP=1, which unlocks the same flags.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (defaults: 300 seconds; targets parse, render)
set -euo pipefail
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse render)
cd "$(dirname "$0")/.."
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
if [ "${FUZZ_TOOLCHAIN:-}" != stable ] && cargo +nightly --version >/dev/null 2>&1; then
  cargo_fuzz=(cargo +nightly fuzz)
else
  echo "fuzz: no nightly toolchain, using $(rustc --version) with RUSTC_BOOTSTRAP=1" >&2
  export RUSTC_BOOTSTRAP=1
  cargo_fuzz=(cargo fuzz)
fi
for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  mkdir -p "$corpus"
  # Seeds: every markdown file the project ships as a fixture or sample (named by content,
  # so reseeding adds nothing twice), and every input that once failed.
  seeds=(crates/pir-core/tests/fixtures crates/pir-core/sample-site)
  [ -d "fuzz/regressions/$target" ] && seeds+=("fuzz/regressions/$target")
  find "${seeds[@]}" -type f \( -name '*.md' -o -path 'fuzz/regressions/*' \) -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "$corpus/seed-$(sha1sum "$f" | cut -c1-16)"
    done
  if ! (cd fuzz && nice -n 10 "${cargo_fuzz[@]}" run -O "$target" "corpus/$target" -- \
    -dict=markdown.dict -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -print_final_stats=1); then
    echo "fuzz: $target failed; the input is in fuzz/artifacts/$target/. Once fixed, keep it" \
      "in fuzz/regressions/$target/ so that cargo test checks it from then on." >&2
    exit 1
  fi
done
