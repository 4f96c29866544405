#!/usr/bin/env bash
# Builds in Release and runs fiberlog's own benchmarks, each pair side by side in one run
# (5 repetitions, randomly interleaved, medians), then prints the table of ratios.
#   bench/run.sh [output-dir]       default build-release/bench-results
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
programs=(bench_core bench_spdlog bench_done)
cmake --build --preset release -j "$(nproc)" --target "${programs[@]}"

out=${1:-build-release/bench-results}
mkdir -p "$out"
for name in "${programs[@]}"; do
    program=build-release/bench/$name
    echo "== $name" >&2
    "$program" --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true \
        --benchmark_min_time=0.2 --benchmark_report_aggregates_only=true \
        --benchmark_out="$out/$name.json" --benchmark_out_format=json >&2
done
python3 bench/report.py "$out"/bench_*.json | tee "$out/ratios.md"
