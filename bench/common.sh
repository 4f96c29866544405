# Sourced by bench's run.sh scripts (from the top of the tree): builds, runs a benchmark and
# describes the machine it ran on.
#   source bench/common.sh
#   build_release TARGET...        installs the bench packages, builds the targets in Release
#                                  (build-release/, JOBS build jobs, default 2)
#   run_measured PROGRAM ARGS...   runs it (its output to stderr); sets load_before, load_after
#                                  (/proc/loadavg's first three fields) and run_seconds
#   describe_machine               prints the date, the CPU with those load averages, the system

build_release() {
    scripts/install-deps.sh --bench
    cmake --preset release >/dev/null
    cmake --build --preset release -j "${JOBS:-2}" --target "$@"
}

run_measured() {
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    local run_start=$SECONDS
    "$@" >&2
    run_seconds=$((SECONDS - run_start))
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
}

describe_machine() {
    echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu:       $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores visible," \
         "shared with other jobs (load average $load_before before, $load_after after)"
    echo "system:    Debian $(cat /etc/debian_version), Linux $(uname -r), $(g++ --version | head -1)"
}
