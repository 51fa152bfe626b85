# sigv4: the two commands of the README.
#   make demo   build and run the main job
#   make test   install what the tests need, build (normal and ASan+UBSan), run every ctest test
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
SAN_BUILD ?= build-asan
CMAKE_FLAGS ?=

.PHONY: all deps test-deps build build-asan test test-asan demo clean fuzz bench

all: build

deps:
	@scripts/deps.sh build

test-deps:
	@scripts/deps.sh test

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

build-asan: test-deps
	cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSIGV4_SANITIZE=address,undefined -DSIGV4_BUILD_BENCH=OFF $(CMAKE_FLAGS) >/dev/null
	cmake --build $(SAN_BUILD) -j $(JOBS)

test: test-deps build build-asan
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 600
	$(MAKE) --no-print-directory test-asan

# The sanitizer build runs the unit and conformance tests; the peer-driven suites run in the normal build.
test-asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(SAN_BUILD) --output-on-failure -j $(JOBS) --timeout 900 -LE 'peer|bench'

demo: build
	@scripts/demo.sh $(BUILD)/bin/sigv4

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
