#!/usr/bin/env python3
"""Turns Google Benchmark JSON output into the README's table of ratios.

usage: report.py RESULT.json [RESULT.json ...] > table.md

Each row compares two benchmarks of the same run (medians of the repetitions, CPU time of
the measuring thread: on a shared machine it is far steadier than wall-clock time)
and states the goal the ratio is held to, from ../shared/MISSION.md and the issues.
"""
import json
import os
import sys

# (program, what, fiberlog's benchmark, the baseline, goal as (operator, ratio) or None).
# Both benchmarks of a row come from the same program, so they ran side by side.
ROWS = [
    ("bench_core", "launch+join, 3-key inherited context vs Boost", "launch_join/fiberlog_3keys", "launch_join/boost_round_robin", ("<=", 1.05)),
    ("bench_core", "launch+join, empty context vs Boost", "launch_join/fiberlog_empty", "launch_join/boost_round_robin", ("<=", 1.05)),
    ("bench_core", "launch+join in a trace (a span per fiber) vs Boost", "launch_join/fiberlog_3keys_traced", "launch_join/boost_round_robin", None),
    ("bench_core", "yield ping-pong vs Boost's round_robin", "yield/fiberlog_round_robin", "yield/boost_round_robin", ("<=", 1.03)),
    ("bench_core", "get(key), a string value, vs fiber_specific_ptr::get", "read/fiberlog_get", "read/boost_fiber_specific_ptr_get", ("<=", 0.6)),
    ("bench_core", "get(key), an integer value, vs fiber_specific_ptr::get", "read/fiberlog_get_number", "read/boost_fiber_specific_ptr_get", ("<=", 0.6)),
    ("bench_core", "find(key) (no copy) vs fiber_specific_ptr::get", "read/fiberlog_find", "read/boost_fiber_specific_ptr_get", ("<=", 0.6)),
    ("bench_core", "get(key) vs this_fiber::get_id", "read/fiberlog_get", "read/boost_this_fiber_get_id", None),
    ("bench_core", "fiber_id() vs this_fiber::get_id", "read/fiberlog_fiber_id", "read/boost_this_fiber_get_id", None),
    ("bench_core", "put(key) vs get(key)", "write/fiberlog_put", "read/fiberlog_get", None),
    ("bench_core", "id allocation, 2 threads: per-thread blocks vs one atomic", "ids/thread_blocks/threads:2", "ids/shared_atomic/threads:2", None),
    ("bench_spdlog", "annotated line ([%G/%J] %K, 3 keys) vs plain", "line/fiberlog_pattern", "line/plain_spdlog", ("<=", 1.10)),
    ("bench_spdlog", "annotated line vs the same bytes as arguments", "line/fiberlog_pattern", "line/plain_spdlog_same_bytes_as_arguments", ("<=", 1.05)),
    ("bench_spdlog", "JSON line vs plain text line", "line/fiberlog_json", "line/plain_spdlog", None),
    ("bench_spdlog", "annotated line in a trace ([%G/%J] [%U/%V] %K) vs plain", "line/fiberlog_pattern_traced", "line/plain_spdlog", ("<=", 1.10)),
    ("bench_spdlog", "JSON line in a trace vs plain text line", "line/fiberlog_json_traced", "line/plain_spdlog", None),
    ("bench_spdlog", "disabled level vs plain", "disabled/fiberlog_pattern", "disabled/plain_spdlog", ("<=", 1.0)),
    ("bench_spdlog", "async call site vs spdlog's async_logger", "async_call_site/fiberlog_async_sink", "async_call_site/spdlog_async_logger", None),
    ("bench_done", "cancelled() vs get(key)", "check/fiberlog_cancelled", "check/fiberlog_get", ("<=", 1.0)),
    ("bench_done", "launch+join under deadline+cancel scopes vs without", "launch_join/fiberlog_3keys_deadline_cancel", "launch_join/fiberlog_3keys", ("<=", 1.05)),
]

# Two medians within this fraction of the goal are reported as "~" rather than pass/fail:
# the machines are shared and noisy.
TOLERANCE = 0.02


def medians(paths):
    times = {}  # (program, benchmark) -> median CPU time in ns
    for path in paths:
        program = os.path.basename(path).removesuffix(".json")
        with open(path) as f:
            data = json.load(f)
        for b in data["benchmarks"]:
            if b.get("aggregate_name") != "median":
                continue
            # "read/fiberlog_get/real_time/threads:1" -> "read/fiberlog_get"
            name = b["run_name"].replace("/real_time", "").replace("/threads:1", "")
            times[(program, name)] = b["cpu_time"] * {"ns": 1, "us": 1e3, "ms": 1e6}[b["time_unit"]]
    return times


def verdict(ratio, goal):
    if goal is None:
        return ""
    op, bound = goal
    if ratio <= bound:
        return "met"
    if ratio <= bound * (1 + TOLERANCE):
        return "~ (within noise)"
    return "**not met**"


def main(paths):
    times = medians(paths)
    print("| comparison | fiberlog | baseline | ratio | goal | |")
    print("|---|---:|---:|---:|---:|---|")
    for program, what, ours, base, goal in ROWS:
        ours, base = (program, ours), (program, base)
        if ours not in times or base not in times:
            continue
        ratio = times[ours] / times[base]
        goal_text = f"{goal[0]} {goal[1]:.2f}×" if goal else ""
        print(f"| {what} | {times[ours]:.1f} ns | {times[base]:.1f} ns | {ratio:.2f}× | {goal_text} | {verdict(ratio, goal)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
