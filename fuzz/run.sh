#!/usr/bin/env bash
# Fuzzes each harness for a fixed time, for CI: builds them with clang (libFuzzer + ASan +
# UBSan) in build-fuzz/ and runs each from its seed corpus (fuzz/corpus/<harness>/) and the
# saved regressions (fuzz/regressions/<harness>/).
#   fuzz/run.sh [seconds per harness, default 30]
# The W3C header harnesses (traceparent, tracestate, baggage) get a third of that each: their
# grammars are small, and their coverage stops growing within seconds.
# A failure leaves the input in build-fuzz/crashes/<harness>/ and exits non-zero; once
# fixed, copy the input to fuzz/regressions/<harness>/ so test_fuzz_regressions replays it.
# New inputs the fuzzer finds stay in build-fuzz/corpus/ (the seeds in git are not touched).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
cxx=${FIBERLOG_FUZZ_CXX:-clang++-14}
jobs=${FIBERLOG_FUZZ_JOBS:-2}
command -v "$cxx" >/dev/null || { echo "fuzz/run.sh: $cxx not found (scripts/install-deps.sh --fuzz)" >&2; exit 1; }

cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build build-fuzz -j "$jobs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for exe in build-fuzz/fuzz_*; do
    [[ -x "$exe" && -f "$exe" ]] || continue
    harness=${exe#build-fuzz/fuzz_}
    run_for=$seconds
    case $harness in traceparent | tracestate | baggage) run_for=$(( (seconds + 2) / 3 )) ;; esac
    work=build-fuzz/corpus/$harness
    crashes=build-fuzz/crashes/$harness
    mkdir -p "$work" "$crashes"
    log=build-fuzz/$harness.log
    if "$exe" -max_total_time="$run_for" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$crashes/" "$work" "fuzz/corpus/$harness" \
            "fuzz/regressions/$harness" >"$log" 2>&1; then
        result=ok
    else
        result="FAILED (input in $crashes/, log in $log)"
        status=1
        grep -E "property violated|ERROR:|SUMMARY:" "$log" | head -5 >&2 || true
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "fuzz_$harness: ${execs:-?} execs in ${run_for} s (${rate:-?}/s), corpus $(ls "$work" | wc -l): $result"
done
exit $status
