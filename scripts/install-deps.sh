#!/usr/bin/env bash
# Installs the Debian bookworm packages fiberlog builds, tests and benchmarks with.
# Idempotent: packages already present are skipped, so repeated runs are quick.
# Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    libboost-fiber-dev libboost-context-dev   # the core
    libboost-dev                              # Asio and Beast headers: fiberlog::asio, the HTTP example
    libspdlog-dev libfmt-dev                  # the spdlog integration
    libcli11-dev libsimdjson-dev              # fiberlog-tail
    libgtest-dev libgmock-dev nlohmann-json3-dev  # tests
    groff-base lnav                           # tests: fiberlog-tail's man page, lnav formats
    libbenchmark-dev                          # bench/
    clang-14 stress-ng                        # scripts/test.sh: a clang build, a busy machine
)
if [[ "${1:-}" == "--bench" ]]; then
    # The contenders of bench/alternatives and bench/tail, and the plots.
    packages+=(libboost-log-dev liblog4cxx-dev gnuplot-nox jq lnav python3)
fi
if [[ "${1:-}" == "--load" ]]; then
    # scripts/load.sh: the HTTP load generator, and python3 for its table.
    packages+=(wrk python3)
fi
if [[ "${1:-}" == "--fuzz" ]]; then
    # fuzz/run.sh: clang's libFuzzer and sanitizer runtimes.
    packages+=(libclang-rt-14-dev)
fi

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
if [[ "${1:-}" == "--aarch64" ]]; then
    # scripts/test-aarch64.sh: the cross compiler, qemu-user, and the arm64 libraries
    # installed alongside the native ones (Debian multiarch).
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        echo "fiberlog: adding the arm64 architecture to dpkg" >&2
        $sudo dpkg --add-architecture arm64
    fi
    packages+=(g++-aarch64-linux-gnu qemu-user
               libboost-fiber-dev:arm64 libboost-context-dev:arm64
               libspdlog-dev:arm64 libfmt-dev:arm64 libgtest-dev:arm64 libgmock-dev:arm64)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "fiberlog: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
