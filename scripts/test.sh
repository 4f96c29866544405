#!/usr/bin/env bash
# Sets up a fresh Debian bookworm machine and runs every test: the suite, the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer, and (if scripts/test-tsan.sh is
# present) under ThreadSanitizer with an instrumented Boost.Fiber.
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

echo "== fiberlog: the suite under ASan + UBSan"
cmake --preset asan
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

if [[ -x scripts/test-tsan.sh ]]; then
    echo "== fiberlog: the suite under TSan"
    scripts/test-tsan.sh
fi
