#!/usr/bin/env bash
# Builds bench_tail in Release and runs every command on the same generated JSON-lines log in
# one run (repetitions randomly interleaved, medians): wc -l (the I/O floor), fiberlog-tail
# (--count, --output jsonl and text output; 1 thread and one per core), jq and lnav. Then
# writes the table docs/bench-tail.md and the plot docs/bench-tail.png. About 4 minutes on
# 2 cores: jq's grouping alone takes half of it.
#   bench/tail/run.sh [results-dir]     default build-release/bench-tail
# Environment: REPETITIONS (default 5; jq and lnav run 3 times), FIBERLOG_BENCH_TAIL_MB (log
# size, default 200), FIBERLOG_BENCH_BIG=1 (adds a 1 GiB log, for the peak RSS),
# FIBERLOG_BENCH_TAIL_DIR (keeps the logs there between runs), JOBS (build jobs, default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common.sh
start=$SECONDS
build_release bench_tail fiberlog-tail

out=${1:-build-release/bench-tail}
mkdir -p "$out" docs

run_measured build-release/bench/tail/bench_tail --benchmark_repetitions="${REPETITIONS:-5}" \
    --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/bench_tail.json" --benchmark_out_format=json

{
    describe_machine
    echo "tools:     $(wc --version | head -1), jq $(dpkg-query -W -f='${Version}' jq)," \
         "lnav $(dpkg-query -W -f='${Version}' lnav), simdjson" \
         "$(dpkg-query -W -f='${Version}' libsimdjson-dev)"
    echo "build:     Release (cmake --preset release), -O3 -DNDEBUG; fiberlog $(git rev-parse --short HEAD)"
    echo "run:       ${REPETITIONS:-5} repetitions (jq, lnav: 3) randomly interleaved," \
         "${run_seconds} s in all"
    echo "reproduce: bench/tail/run.sh"
} >"$out/machine.txt"

python3 bench/tail/report.py "$out/bench_tail.json" "$out/machine.txt" docs/bench-tail.md "$out"
gnuplot -e "dir='$out'; out='docs/bench-tail.png'" bench/tail/plot.gp
echo "wrote docs/bench-tail.md and docs/bench-tail.png in $((SECONDS - start)) s" >&2
