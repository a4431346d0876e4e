# The project's front door. `make run` and `make test` work on a fresh Debian 12 machine.
PRESET ?= default
BUILD_DIR ?= build
LOTOK_DATA_DIR ?=
RUN_ARGS ?=

.PHONY: all deps build test run bench package package-test screenshots format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)

test: build
	ctest --preset $(PRESET)

run: build
	scripts/run.sh $(RUN_ARGS)

bench:
	@scripts/install-deps.sh --bench
	@test -f $(BUILD_DIR)/build.ninja || cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)
	scripts/bench.sh

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
	rm -rf $(BUILD_DIR)
