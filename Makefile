# The project's front door. `make run` and `make test` work on a fresh Debian 12 machine.
PRESET ?= default
BUILD_DIR ?= build
LOTOK_DATA_DIR ?=
RUN_ARGS ?=

FUZZ_SECONDS ?= 60

.PHONY: all deps build test test-asan fuzz run run-cluster bench package package-test screenshots format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)

test: build
	ctest --preset $(PRESET)

# lotokd and the end-to-end suites under AddressSanitizer + UBSan (preset `asan`, build-asan/):
# a report in any process, lotokd children included, fails the run (docs/testing.md).
test-asan: deps
	@test -f build-asan/build.ninja || cmake --preset asan
	cmake --build --preset asan
	ctest --preset asan

# Coverage-guided fuzzing with libFuzzer (clang, preset `fuzz`, build-fuzz/): every target
# for FUZZ_SECONDS seconds; a crash fails the run (docs/testing.md).
fuzz:
	@scripts/install-deps.sh --fuzz
	@test -f build-fuzz/build.ninja || cmake --preset fuzz
	cmake --build --preset fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

run: build
	scripts/run.sh $(RUN_ARGS)

# The split deployment on loopback (scripts/cluster.sh: nginx, JetStream x3, a PostgreSQL per
# service, every service its own lotokd) and the desktop app against its gateway.
run-cluster: build
	scripts/run-cluster.sh

# Builds only what the bench runs (lotokd, lotok-bench): the desktop app and the test
# suites would add half an hour on a busy 2-core machine and are not measured (a bench
# phase that runs another binary adds its target here).
bench:
	@scripts/install-deps.sh --bench
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET)
	cmake --build --preset $(PRESET) --target lotokd lotok-bench
	scripts/bench.sh
	scripts/bench-desktop.sh

package:
	@scripts/install-deps.sh --package
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)
	cd $(BUILD_DIR) && cpack -G DEB && cpack -G RPM

package-test: package
	BUILD_DIR=$(BUILD_DIR) scripts/package-test.sh

screenshots: build
	scripts/screenshots.sh

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) build-asan build-fuzz
