#!/usr/bin/env bash
# Runs fiberlog's test suite under ThreadSanitizer, against a Boost.Context and
# Boost.Fiber built with TSan (scripts/build-tsan-boost.sh): Debian's Boost is
# not instrumented, and TSan then reports races that are none.
#
#   scripts/test-tsan.sh [-r|--repeat N] [-j|--jobs N] [--cache DIR] [-- extra ctest args]
#
#   --repeat N   run every test up to N times, stopping a test at its first failure
#                (ctest --repeat until-fail:N); default 1, or $FIBERLOG_TSAN_REPEAT
#   --jobs N     build and ctest parallelism; default 2
#   --cache DIR  where the TSan Boost is cached; default <repo>/.deps/boost-tsan
#
# Builds into <repo>/build-tsan (or $FIBERLOG_TSAN_BUILD_DIR); the optional parts
# (spdlog sink, fiberlog-tail) are built when their directories exist, and
# $FIBERLOG_TSAN_CMAKE_ARGS (word-split) is passed last to cmake to override any
# of it, e.g. FIBERLOG_TSAN_CMAKE_ARGS="-DFIBERLOG_BUILD_TAIL=OFF". Exits non-zero when
# a test fails or TSan reported anything (every report is also kept under
# build-tsan/tsan-logs/ and printed at the end).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/.." && pwd)"
build="${FIBERLOG_TSAN_BUILD_DIR:-${repo}/build-tsan}"
repeat="${FIBERLOG_TSAN_REPEAT:-1}"
jobs=2
cache=""
extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -r|--repeat) repeat="$2"; shift 2 ;;
        -j|--jobs) jobs="$2"; shift 2 ;;
        --cache) cache="$2"; shift 2 ;;
        --) shift; extra=("$@"); break ;;
        *) echo "test-tsan: unknown argument $1" >&2; exit 2 ;;
    esac
done

log() { echo "test-tsan: $*" >&2; }

"${here}/install-deps.sh"
export FIBERLOG_JOBS="${jobs}"
prefix="$("${here}/build-tsan-boost.sh" ${cache:+"${cache}"})"
boost_dir="$(ls -d "${prefix}"/lib/cmake/Boost-1.74.0)"

# Boost and fiberlog must be compiled by the same compiler (one TSan runtime).
cxx="${CXX:-g++}"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [[ -f "${build}/CMakeCache.txt" ]] && ! grep -q "^CMAKE_GENERATOR:INTERNAL=${generator[1]:-Unix Makefiles}$" "${build}/CMakeCache.txt"; then
    rm -rf "${build}"
fi
# The optional parts are built when they are in the tree.
on_if() { [[ -f "${repo}/$1" ]] && echo ON || echo OFF; }

log "configure ${build} against ${prefix}"
cmake -S "${repo}" -B "${build}" "${generator[@]}" \
    -DCMAKE_CXX_COMPILER="${cxx}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DBoost_DIR="${boost_dir}" \
    -DFIBERLOG_SANITIZE_THREAD=ON \
    -DFIBERLOG_WERROR=ON \
    -DFIBERLOG_SANITIZE_ADDRESS=OFF \
    -DFIBERLOG_BUILD_TESTS=ON \
    -DFIBERLOG_BUILD_BENCH=OFF \
    -DFIBERLOG_BUILD_EXAMPLES=OFF \
    -DFIBERLOG_INSTALL=OFF \
    -DFIBERLOG_BUILD_SPDLOG="$(on_if sinks/CMakeLists.txt)" \
    -DFIBERLOG_BUILD_TAIL="$(on_if src/tail/CMakeLists.txt)" \
    ${FIBERLOG_TSAN_CMAKE_ARGS:-} >&2

# The build must really use the instrumented, annotated Boost.
for v in boost_fiber_DIR boost_context_DIR; do
    grep -q "^${v}:PATH=${prefix}/" "${build}/CMakeCache.txt" \
        || { log "${v} is not under ${prefix}: $(grep "^${v}:" "${build}/CMakeCache.txt")"; exit 1; }
done
grep -q -- "-DBOOST_USE_TSAN" "${build}/compile_commands.json" \
    || { log "BOOST_USE_TSAN does not reach fiberlog's compile lines"; exit 1; }

log "build"
cmake --build "${build}" -j "${jobs}" >&2

logs="${build}/tsan-logs"
rm -rf "${logs}"
mkdir -p "${logs}"
# halt_on_error=0: finish the test and report every race; exitcode=66 fails the
# test process (and so ctest) if there was any report. log_path keeps each
# report, per process, for the summary below.
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1 history_size=7 log_path=${logs}/tsan ${TSAN_OPTIONS:-}"
if [[ -f "${repo}/cmake/tsan.supp" ]]; then
    TSAN_OPTIONS="suppressions=${repo}/cmake/tsan.supp ${TSAN_OPTIONS}"
fi
# Tests to leave out, as a ctest -E regex (none by default). The volume tests run a
# smaller volume under TSan (tests/support/volume.hpp): every live fiber is a TSan
# thread state, and GCC 12's TSan dies past 8128 of them.
exclude="${FIBERLOG_TSAN_EXCLUDE-}"
exclude_args=()
if [[ -n "${exclude}" ]]; then
    exclude_args=(-E "${exclude}")
    log "leaving out tests matching: ${exclude}"
fi
log "ctest (repeat until-fail:${repeat}) with TSAN_OPTIONS=${TSAN_OPTIONS}"
rc=0
ctest --test-dir "${build}" --output-on-failure -j "${jobs}" \
    --repeat until-fail:"${repeat}" "${exclude_args[@]}" "${extra[@]}" || rc=$?

reports=$(find "${logs}" -type f | wc -l)
if [[ ${reports} -gt 0 ]]; then
    log "ThreadSanitizer wrote ${reports} report file(s):"
    for f in "${logs}"/*; do
        echo "==== ${f}"
        cat "${f}"
    done
    [[ ${rc} -eq 0 ]] && rc=1
fi
[[ ${rc} -eq 0 ]] && log "clean: no test failed and no ThreadSanitizer report"
exit "${rc}"
