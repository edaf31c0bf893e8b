# Thin front for CMake and CTest. See README.md.
BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_CLANG ?= build-clang
JOBS       ?= $(shell nproc)

.PHONY: deps build run test test-asan build-clang format format-check bench clean

# `make test` (and what it builds first) installs what the tests need besides: DEPS_FOR=test
# (the PostgreSQL server of the API suite on PostgreSQL). `make run` installs no database server.
deps:
	@scripts/deps.sh $(DEPS_FOR)

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTSUNAGU_E2E=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	cd web && npm run build --silent

run: build
	@scripts/run-demo.sh $(BUILD)/tsunagu

test: DEPS_FOR = test
test: build format-check build-clang
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory test-asan
	scripts/valgrind-unit.sh $(BUILD)

# clang must build it too (warnings are errors there as well).
build-clang: deps
	CC=clang cmake -S . -B $(BUILD_CLANG) -DTSUNAGU_E2E=OFF >/dev/null
	cmake --build $(BUILD_CLANG) -j $(JOBS)

# The whole suite again under AddressSanitizer + UBSan (browser test included).
test-asan: deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DTSUNAGU_SANITIZE=ON -DTSUNAGU_E2E=ON >/dev/null
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(BUILD_ASAN) --output-on-failure -j $(JOBS)

# C by clang-format, the UI's TypeScript by prettier (web/.prettierrc.json).
format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'bench/*.c')
	cd web && npm run --silent format -- $$(git ls-files '*.ts')

format-check:
	clang-format --dry-run --Werror $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'bench/*.c')
	cd web && npm run --silent format:check -- $$(git ls-files '*.ts')

bench: build
	bench/run.sh

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_CLANG) web/dist
