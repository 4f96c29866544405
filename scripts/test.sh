#!/usr/bin/env bash
# Sets up a fresh Debian bookworm machine and runs every test: the suite, the suite again
# with a CPU hog on every core, the core suite built with clang, the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer, a short fuzz of the escapers and of
# fiberlog-tail's parser, the suite under ThreadSanitizer against an instrumented
# Boost.Context/Boost.Fiber built from Debian's source (scripts/test-tsan.sh), the suite
# against Boost 1.81's Fiber and Context (scripts/test-boost.sh), and the core suite
# cross-compiled for aarch64 under qemu-user (scripts/test-aarch64.sh).
#   scripts/test.sh            all of it
#   scripts/test.sh --quick    the plain suite only
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc)

echo "== fiberlog: the suite (RelWithDebInfo)"
cmake --preset default
cmake --build --preset default -j "$jobs"
ctest --preset default -j "$jobs"
[[ "${1:-}" == "--quick" ]] && exit 0

echo "== fiberlog: the suite again, every core busy with a CPU hog (no test may need an idle machine)"
stress-ng --cpu "$jobs" --timeout 20m --quiet &  # bounded, should the kill below not happen
hog=$!
rc=0
ctest --preset default -j "$jobs" || rc=$?
kill "$hog" 2>/dev/null || true  # it may have timed out already
wait "$hog" || true
[[ $rc -eq 0 ]]

# CI's budget: the libraries, fiberlog-tail and the core's tests with clang, not every test
# program (those build with g++ above, warnings as errors as here); README, "CI's time".
echo "== fiberlog: the libraries, fiberlog-tail and the core suite built with Debian's clang 14"
cmake --preset clang
cmake --build --preset clang -j "$jobs" --target fiberlog fiberlog_spdlog fiberlog_asio fiberlog-tail \
    stress fiberlog_core_tests
ctest --preset clang -j "$jobs" -L core

echo "== fiberlog: the suite under ASan + UBSan"
cmake --preset asan
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

echo "== fiberlog: fuzz smoke (30 s per harness, clang libFuzzer + ASan + UBSan)"
scripts/install-deps.sh --fuzz
fuzz/run.sh 30

echo "== fiberlog: the suite under TSan"
scripts/test-tsan.sh

echo "== fiberlog: the suite against Boost 1.81's Fiber and Context (from Debian's source)"
scripts/test-boost.sh 1.81 -j "$jobs"

echo "== fiberlog: the core suite for aarch64, cross-compiled, under qemu-user"
scripts/test-aarch64.sh -j "$jobs"
