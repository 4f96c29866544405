#!/usr/bin/env bash
# Builds Boost.Context and Boost.Fiber (and Boost.Filesystem and Boost.Atomic, which it links) of a
# newer Boost than the default one, from Debian's own source package of it (bookworm carries
# boost1.81), without sanitizers, and installs them with all of that Boost's headers and its
# CMake package config into a prefix. Prints the prefix on stdout (the rest goes to stderr).
#
#   scripts/build-boost.sh VERSION [CACHE_DIR]   VERSION e.g. 1.81;
#                                                CACHE_DIR default <repo>/.deps/boost-VERSION
#
# What CI's "suite against Boost 1.81" step (scripts/test-boost.sh) builds fiberlog against.
# Idempotent: cached in CACHE_DIR/prefix, keyed like build-tsan-boost.sh's (whose fetching and
# building steps it shares, scripts/boost-source.sh). FIBERLOG_JOBS (default 2) sets b2's -j.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/.." && pwd)"
version="${1:?usage: build-boost.sh VERSION [CACHE_DIR]}"
cache="${2:-${repo}/.deps/boost-${version}}"
mkdir -p "${cache}"
cache="$(cd "${cache}" && pwd)"
prefix="${cache}/prefix"
srcpkg="boost${version}"

boost_log_name=build-boost
# shellcheck source=boost-source.sh
source "${here}/boost-source.sh"

key="$(boost_source_key "${srcpkg}" "" "${BASH_SOURCE[0]}")"
config="${prefix}/lib/cmake/Boost-${version}.0/BoostConfig.cmake"
if [[ -f "${cache}/stamp" && "$(cat "${cache}/stamp")" == "${key}" && -f "${config}" ]]; then
    boost_log "cached: ${prefix}"
    echo "${prefix}"
    exit 0
fi

boost_source_prepare
work="$(mktemp -d "${TMPDIR:-/tmp}/fiberlog-boost-${version}.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
boost_source_fetch "${work}" "${srcpkg}"
rm -f "${cache}/stamp"
# Named, so that their CMake packages are installed too: 1.81's Boost::fiber package asks
# for those of the libraries it links (1.74's does not).
boost_source_build "${work}" "${prefix}" --with-atomic --with-filesystem

[[ -f "${config}" ]] || { boost_log "no ${config} after the build"; exit 1; }
ldd "${prefix}/lib/libboost_fiber.so" | grep -q "${prefix}/lib/libboost_context.so" \
    || { boost_log "libboost_fiber does not load this Boost's libboost_context"; exit 1; }
echo "${key}" > "${cache}/stamp"
boost_log "installed into ${prefix}"
echo "${prefix}"
