# PIR Editor: `make run` starts it, `make test` checks everything. Both install what they need.
SHELL := /bin/bash
CARGO ?= cargo
PIR := target/debug/pir
SAMPLE_SITE := crates/pir-core/sample-site

.PHONY: all setup build run test lint rust-test fidelity bench

all: build

setup:
	scripts/ensure-apt.sh scripts/apt-packages.txt
	@command -v cargo >/dev/null || { echo "cargo is missing: install Rust from your distribution or rustup"; exit 1; }

build: setup
	$(CARGO) build --workspace

run: build
	$(PIR) list $(SAMPLE_SITE)

lint: setup
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

rust-test: setup
	$(CARGO) test --workspace

test: lint rust-test fidelity

# Compares `pir render` with real mkdocs-material on the seed site and the fictional
# render-site (creates target/mkdocs-venv from PyPI on first run).
fidelity: build
	python3 scripts/fidelity.py $(PIR)

# Criterion benchmarks of pir-core, then whole-process comparisons with the tools an author
# would otherwise run (mkdocs build, the git CLI), each in one run. Figures: docs/benchmarks.md.
bench: build
	$(CARGO) bench -p pir-core
	scripts/bench-render.sh
	scripts/bench-git.sh
