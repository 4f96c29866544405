#!/usr/bin/env bash
# Cross-compiles fiberlog's libraries (libfiberlog, libfiberlog_spdlog) and the core's test
# suite for aarch64 with Debian's cross compiler against Debian's arm64 Boost, spdlog and
# GoogleTest, then runs the core suite under qemu-user (cmake/toolchain-aarch64-linux-gnu.cmake).
# Emulation is some 20 times slower: the volume tests run a tenth of their size
# (tests/support/volume.hpp).
#
#   scripts/test-aarch64.sh [-j N]      build and ctest parallelism, default 2
#
# Builds into <repo>/build-aarch64 (or $FIBERLOG_AARCH64_BUILD_DIR). The whole run is bounded
# by $FIBERLOG_AARCH64_TIMEOUT seconds (default 1500), so an emulator hang cannot eat CI's time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/.." && pwd)"
build="${FIBERLOG_AARCH64_BUILD_DIR:-${repo}/build-aarch64}"
jobs=2
[[ "${1:-}" == "-j" ]] && jobs="$2"

log() { echo "test-aarch64: $*" >&2; }

"${here}/install-deps.sh" --aarch64

run() {
    cmake -S "${repo}" -B "${build}" -G Ninja \
        --toolchain "${repo}/cmake/toolchain-aarch64-linux-gnu.cmake" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS="-DFIBERLOG_TEST_VOLUME_DIVISOR=10" \
        -DFIBERLOG_BUILD_SPDLOG=ON -DFIBERLOG_BUILD_TAIL=OFF \
        -DFIBERLOG_BUILD_TESTS=ON -DFIBERLOG_BUILD_BENCH=OFF -DFIBERLOG_BUILD_EXAMPLES=OFF \
        -DFIBERLOG_INSTALL=OFF -DFIBERLOG_WERROR=ON >&2
    log "build: the libraries and the core's tests"
    cmake --build "${build}" -j "${jobs}" --target fiberlog fiberlog_spdlog fiberlog_core_tests >&2
    readelf -h "${build}/tests/test_context" | grep -q "Machine:.*AArch64" \
        || { log "the tests are not an aarch64 build"; exit 1; }
    log "ctest under qemu-aarch64: the core suite (label core)"
    ctest --test-dir "${build}" -L core -j "${jobs}" --output-on-failure
}
export -f run log
export repo build jobs
timeout "${FIBERLOG_AARCH64_TIMEOUT:-1500}" bash -c run
