# Shipboard's two commands, `make run` and `make test`, plus `setup`, `clean` and `fuzz`.
# Thin wrappers over scripts/setup, the CMake presets and CTest.
SHELL := /bin/bash
export NODE_PATH := /usr/share/nodejs
LISTEN ?= 127.0.0.1:8080
STAMP := build/.setup-done

.PHONY: all setup build native wasm run test clean fuzz

all: build

# scripts/setup is idempotent and quick when nothing is missing; the stamp skips it entirely
# until scripts/ change.
$(STAMP): scripts/setup scripts/deps.env tests/e2e/package.json tests/e2e/package-lock.json
	scripts/setup
	@mkdir -p build && touch $@

setup:
	scripts/setup
	@mkdir -p build && touch $(STAMP)

build/native/build.ninja: $(STAMP)
	cmake --preset native >/dev/null
build/wasm/build.ninja: $(STAMP)
	cmake --preset wasm >/dev/null
build/fuzz/build.ninja: $(STAMP)
	cmake --preset fuzz >/dev/null

native: build/native/build.ninja
	cmake --build --preset native
wasm: build/wasm/build.ninja
	cmake --build --preset wasm

build: native wasm

run: build
	build/native/server/shipboard-server --listen $(LISTEN) --db data/shipboard.db \
	  --web build/wasm/web --demo

test: build
	ctest --preset native -j2
	ctest --preset wasm

# libFuzzer (clang, ASan + UBSan) on every harness of tests/fuzz/ for FUZZ_SECONDS each, on a
# copy of its seed corpus; `make test` only replays the corpora.
FUZZ_SECONDS ?= 60
fuzz: build/fuzz/build.ninja
	cmake --build --preset fuzz --target fuzz_commands fuzz_http fuzz_search fuzz_config
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

clean:
	rm -rf build
