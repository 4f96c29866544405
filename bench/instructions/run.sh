#!/usr/bin/env bash
# Instructions per launch+join (outside and inside a trace) and per yield, fiberlog's
# round_robin (3-key context) against Boost's, per get(key) against
# fiber_specific_ptr::get, and per spdlog line, fiberlog's pattern (outside and inside a
# trace) against plain spdlog, counted by callgrind: exact and
# repeatable whatever else the machine is doing (instructions are not time: see README).
# Each loop runs at two counts; the difference divided by the extra count removes start-up.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 1; }
cmake --preset release >/dev/null
cmake --build --preset release --target instruction_loops >/dev/null
program=build-release/bench/instructions/instruction_loops

instructions() {  # loop scheduler count -> total instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$program" "$@" 2>&1 |
        sed -n 's/.*refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}

echo "| loop | Boost (line: plain spdlog) | fiberlog | ratio |"
echo "|---|---:|---:|---:|"
for loop in launch_join launch_join_traced yield get line line_traced; do
    declare -A per
    for sched in boost fiberlog; do
        small=$(instructions "$loop" "$sched" 10000)
        large=$(instructions "$loop" "$sched" 20000)
        per[$sched]=$(( (large - small) / 10000 ))
    done
    ratio=$(python3 -c "print(f'{${per[fiberlog]} / ${per[boost]}:.3f}')")
    echo "| $loop | ${per[boost]} | ${per[fiberlog]} | ${ratio}× |"
done
