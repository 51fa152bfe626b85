# sigv4: the two commands of the README.
#   make demo   build and run the main job
#   make test   install what the tests need, build (normal and ASan+UBSan), run every ctest test
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
SAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
TSAN_BUILD ?= build-tsan
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=

.PHONY: all deps test-deps build build-asan build-tsan build-fuzz test test-asan test-tsan test-fuzz demo clean fuzz

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

test: test-deps build build-asan build-tsan build-fuzz
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 600
	$(MAKE) --no-print-directory test-asan
	$(MAKE) --no-print-directory test-tsan
	$(MAKE) --no-print-directory test-fuzz FUZZ_SECONDS=5

# The sanitizer build runs the unit and conformance tests; the peer-driven suites run in the normal build.
test-asan:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(SAN_BUILD) --output-on-failure -j $(JOBS) --timeout 900 -LE 'peer|bench'

# ThreadSanitizer build of the tests; only the concurrency tests (LABELS concurrency) run in it.
build-tsan: test-deps
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIGV4_SANITIZE=thread -DSIGV4_BUILD_BENCH=OFF $(CMAKE_FLAGS) >/dev/null
	cmake --build $(TSAN_BUILD) -j $(JOBS)

test-tsan:
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  ctest --test-dir $(TSAN_BUILD) --output-on-failure -j $(JOBS) --timeout 900 -L concurrency

# libFuzzer targets (clang, ASan+UBSan). `make fuzz` runs each for FUZZ_SECONDS; `make test` briefly.
build-fuzz: test-deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIGV4_BUILD_FUZZ=ON \
	  -DSIGV4_SANITIZE=address,undefined -DSIGV4_WERROR=OFF -DSIGV4_BUILD_TESTS=OFF -DSIGV4_BUILD_BENCH=OFF \
	  -DSIGV4_BUILD_TOOLS=OFF -DSIGV4_FUZZ_SECONDS=$(FUZZ_SECONDS) $(CMAKE_FLAGS) >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

test-fuzz:
	cmake -S . -B $(FUZZ_BUILD) -DSIGV4_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	ctest --test-dir $(FUZZ_BUILD) --output-on-failure -j $(JOBS) -L fuzz

fuzz: build-fuzz
	$(MAKE) --no-print-directory test-fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

demo: build
	@scripts/demo.sh $(BUILD)/bin/sigv4 $(DEMO_ARGS)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
