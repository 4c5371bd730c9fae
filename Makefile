# The two set-up commands of the README are `make run` and `make test`; both install what they
# need first (scripts/install-deps.sh is idempotent).
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build web run run-cloud-local test bench format clean fuzz-parquet

all: build

deps:
	./scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j$(JOBS)

# The web app in frontend/dist (skipped while frontend/package.json does not exist yet).
web: deps
	./scripts/build-frontend.sh

run: build web
	$(BUILD)/bi serve --demo

# The production topology locally: dynalite, s3rver, `bi executor` and `bi api` as processes.
run-cloud-local: build web
	./scripts/run-cloud-local.sh $(BUILD)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

bench: deps
	cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DBI_BUILD_TESTS=OFF
	cmake --build build-release -j$(JOBS)
	./bench/run.sh build-release

# libFuzzer run of the Parquet reader (clang-14, own build dir; FUZZ_RUNS / FUZZ_SECONDS bound it).
fuzz-parquet: deps
	./tests/parquet/fuzz/run.sh

format:
	find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-release
