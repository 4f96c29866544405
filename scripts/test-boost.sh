#!/usr/bin/env bash
# Builds fiberlog against a newer Boost's Fiber and Context, built from Debian's own source
# package of that Boost (scripts/build-boost.sh; bookworm carries boost1.81), and runs the
# suite of everything that uses Boost: the core, the spdlog integration and their tests
# (fiberlog-tail does not use Boost).
#
#   scripts/test-boost.sh [VERSION] [-j N] [--cache DIR]
#       VERSION default 1.81; N (build and ctest parallelism) default 2;
#       DIR where that Boost is cached, default <repo>/.deps/boost-VERSION
#
# Builds into <repo>/build-boost-VERSION.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/.." && pwd)"
version=1.81
jobs=2
cache=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        -j) jobs="$2"; shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        *) version="$1"; shift ;;
    esac
done
build="${repo}/build-boost-${version}"
log() { echo "test-boost: $*" >&2; }

"${here}/install-deps.sh"
export FIBERLOG_JOBS="${jobs}"
prefix="$("${here}/build-boost.sh" "${version}" ${cache:+"${cache}"})"

log "configure ${build} against ${prefix}"
cmake -S "${repo}" -B "${build}" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBoost_DIR="${prefix}/lib/cmake/Boost-${version}.0" \
    -DFIBERLOG_BUILD_SPDLOG=ON -DFIBERLOG_BUILD_TAIL=OFF \
    -DFIBERLOG_BUILD_TESTS=ON -DFIBERLOG_BUILD_BENCH=OFF -DFIBERLOG_BUILD_EXAMPLES=OFF \
    -DFIBERLOG_INSTALL=OFF -DFIBERLOG_WERROR=ON >&2
# The build must really use that Boost: its CMake packages, its headers, its libraries.
for v in boost_fiber_DIR boost_context_DIR boost_headers_DIR; do
    grep -q "^${v}:PATH=${prefix}/" "${build}/CMakeCache.txt" \
        || { log "${v} is not under ${prefix}: $(grep "^${v}:" "${build}/CMakeCache.txt")"; exit 1; }
done
log "build"
cmake --build "${build}" -j "${jobs}" >&2
ldd "${build}/tests/test_context" | grep -q "${prefix}/lib/libboost_fiber.so.${version}.0" \
    || { log "the tests do not load Boost ${version}'s libboost_fiber"; exit 1; }
log "ctest"
ctest --test-dir "${build}" -j "${jobs}" --output-on-failure
