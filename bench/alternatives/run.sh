#!/usr/bin/env bash
# Builds bench_alternatives in Release and runs every contender in one run on this machine
# (repetitions randomly interleaved, medians), then writes the table
# docs/bench-alternatives.md and the plot docs/bench-alternatives.png. About 4 minutes on
# 2 cores from a clean tree: the build about 1, the run under 3.
#   bench/alternatives/run.sh [results-dir]     default build-release/bench-alternatives
# Environment: REPETITIONS (default 7), MIN_TIME (seconds per repetition, default 0.2),
# JOBS (build jobs, default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common.sh
start=$SECONDS
build_release bench_alternatives

out=${1:-build-release/bench-alternatives}
mkdir -p "$out" docs
program=build-release/bench/alternatives/bench_alternatives

# The line each contender formats, to show they write the same bytes.
: >"$out/lines.txt"
for name in line/plain_spdlog line/by_hand/keys:3 line/mdc_thread_local/keys:3 line/fss/keys:3 \
            line/boost_log/keys:3 line/log4cxx/keys:3 line/fiberlog_pattern/keys:3 \
            line/fiberlog_json/keys:3; do
    line=$(FIBERLOG_BENCH_SHOW_LINES=1 "$program" --benchmark_filter="^$name/real_time\$" \
               --benchmark_min_time=0.000001 2>&1 >/dev/null | grep -m1 -E '^(\[|\{)' || true)
    [[ -n "$line" ]] && printf '%-30s %s\n' "${name#line/}" "$line" >>"$out/lines.txt"
done

run_measured "$program" --benchmark_repetitions="${REPETITIONS:-7}" \
    --benchmark_enable_random_interleaving=true \
    --benchmark_min_time="${MIN_TIME:-0.2}" --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/bench_alternatives.json" --benchmark_out_format=json

{
    describe_machine
    echo "libraries: spdlog $(dpkg-query -W -f='${Version}' libspdlog-dev)," \
         "fmt $(dpkg-query -W -f='${Version}' libfmt-dev)," \
         "Boost $(dpkg-query -W -f='${Version}' libboost-log-dev 2>/dev/null || echo '?')," \
         "log4cxx $(dpkg-query -W -f='${Version}' liblog4cxx-dev 2>/dev/null || echo '?')," \
         "Google Benchmark $(dpkg-query -W -f='${Version}' libbenchmark-dev)"
    echo "build:     Release (cmake --preset release), -O3 -DNDEBUG"
    echo "run:       ${REPETITIONS:-7} repetitions randomly interleaved," \
         "min_time ${MIN_TIME:-0.2} s each, ${run_seconds} s in all"
    echo "reproduce: bench/alternatives/run.sh"
} >"$out/machine.txt"

python3 bench/alternatives/report.py "$out/bench_alternatives.json" "$out/lines.txt" \
    "$out/machine.txt" docs/bench-alternatives.md "$out"
gnuplot -e "dir='$out'; out='docs/bench-alternatives.png'" bench/alternatives/plot.gp
echo "wrote docs/bench-alternatives.md and docs/bench-alternatives.png" \
     "in $((SECONDS - start)) s" >&2
