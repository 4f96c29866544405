#!/usr/bin/env bash
# The HTTP service under load: examples/http_service on 127.0.0.1, driven by wrk, once logging
# through fiberlog's formatters and once through plain spdlog, the two alternated round after
# round (fiberlog first in odd rounds, plain first in even ones). After each run its JSON log
# is checked request by request: with fiberlog, http_service_check (every line of every
# request carries that request's id and no other, each request has all its lines, every id
# wrk sent is there but the last ones in flight, and no other id); with plain spdlog, whose
# lines carry no id, the count of each line. Then a table: throughput and p50/p99 latency,
# medians over the rounds with their range, and fiberlog's ratios to plain.
#
#   scripts/load.sh [--duration S] [--connections N] [--rounds N] [--threads N] [--wrk-threads N]
#
#   --duration S      seconds of load per run, 1 to 300 (default 10)
#   --connections N   wrk's open connections, 1 to 1024 (default 64)
#   --rounds N        rounds, each one run of each variant, 1 to 20 (default 4)
#   --threads N       the service's threads, 1 to 64 (default 1)
#   --wrk-threads N   wrk's threads, 1 to 64 and at most --connections (default 1)
#
# A benchmark, not a test: CI does not run it. Installs wrk (scripts/install-deps.sh --load)
# and builds the release preset's http_service and http_service_check. Loopback only; every
# run ends by itself (wrk after --duration, the service on SIGTERM; a service that does not
# start within 30 s or stop within 60 s fails the script). On a shared machine run it alone:
#   flock /work/.heavy.lock scripts/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10 connections=64 rounds=4 threads=1 wrk_threads=1
# bounded NAME VALUE MIN MAX: VALUE, or exit 2 when it is not a number in [MIN, MAX].
bounded() {
    if [[ ! "$2" =~ ^[0-9]{1,6}$ ]] || (( 10#$2 < $3 || 10#$2 > $4 )); then
        echo "load.sh: $1 wants a number from $3 to $4, not '$2'" >&2
        exit 2
    fi
    echo "$(( 10#$2 ))"
}
while [[ $# -gt 0 ]]; do
    [[ $# -ge 2 ]] || { echo "load.sh: $1 wants a value" >&2; exit 2; }
    case "$1" in
        --duration) duration="$(bounded "$1" "$2" 1 300)" ;;
        --connections) connections="$(bounded "$1" "$2" 1 1024)" ;;
        --rounds) rounds="$(bounded "$1" "$2" 1 20)" ;;
        --threads) threads="$(bounded "$1" "$2" 1 64)" ;;
        --wrk-threads) wrk_threads="$(bounded "$1" "$2" 1 64)" ;;
        *) echo "load.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
(( wrk_threads <= connections )) || { echo "load.sh: more wrk threads than connections" >&2; exit 2; }

log() { echo "load.sh: $*" >&2; }

scripts/install-deps.sh
scripts/install-deps.sh --load
cmake --preset release >/dev/null
cmake --build --preset release -j 2 --target http_service http_service_check >&2
service=build-release/examples/http_service/http_service
check=build-release/examples/http_service/http_service_check

work="$(mktemp -d "${TMPDIR:-/tmp}/fiberlog-load.XXXXXX")"
pid=""
cleanup() {
    if [[ -n "${pid}" ]]; then
        kill -TERM "${pid}" 2>/dev/null || true
        wait "${pid}" 2>/dev/null || true
    fi
    rm -rf "${work}"
}
trap cleanup EXIT

# Every request gets an id of its own, X-Request-Id: w<thread>-<n>, n = 1, 2, ... per wrk
# thread. At the end each thread's last n is printed, for the checker.
cat > "${work}/ids.lua" <<'LUA'
local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("prefix", "w" .. #threads .. "-")
    -- wrk 4.1 calls request() once in its first thread's state to check the script, before
    -- that thread sends anything: that request gets no number.
    thread:set("checking", #threads == 1)
end
n = 0
function request()
    if checking then
        checking = false
        return wrk.format("GET", "/orders")
    end
    n = n + 1
    return wrk.format("GET", "/orders", {["X-Request-Id"] = prefix .. n})
end
function done(summary, latency, requests)
    for _, thread in ipairs(threads) do
        io.write(string.format("numbered %s %d\n", thread:get("prefix"), thread:get("n")))
    end
end
LUA
# A wrk thread has connections/threads of them (one more for some), each with at most one
# request in flight when wrk stops.
in_flight=$(( (connections + wrk_threads - 1) / wrk_threads ))

# wrk's "1.23ms", "456.78us", "1.02s" in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
        else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 }
        else { print "nan" } }'
}

# run VARIANT ROUND: one service run under wrk, its log checked; appends
# "variant round rps p50 p99" to ${work}/results.
run() {
    local variant="$1" round="$2" flags=()
    [[ "${variant}" == plain ]] && flags=(--plain)
    local jsonl="${work}/${variant}-${round}.jsonl" out="${work}/service.out"
    "${service}" --port 0 --threads "${threads}" --log "${jsonl}" --console off "${flags[@]}" \
        >"${out}" 2>&1 &
    pid=$!
    local port=""
    for _ in $(seq 300); do  # it prints its port once it listens
        port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "${out}")"
        [[ -n "${port}" ]] && break
        kill -0 "${pid}" 2>/dev/null || { cat "${out}" >&2; exit 1; }
        sleep 0.1
    done
    [[ -n "${port}" ]] || { log "the service did not start"; exit 1; }
    local load_before
    load_before="$(cut -d' ' -f1 /proc/loadavg)"
    wrk -t "${wrk_threads}" -c "${connections}" -d "${duration}s" --latency \
        -s "${work}/ids.lua" "http://127.0.0.1:${port}/orders" >"${work}/wrk.out"
    kill -TERM "${pid}"
    local rc=0
    timeout 60 tail --pid="${pid}" -f /dev/null || { log "${variant}: no exit within 60 s"; exit 1; }
    wait "${pid}" || rc=$?
    pid=""
    [[ ${rc} -eq 0 ]] || { log "${variant}: the service exited with ${rc}"; cat "${out}" >&2; exit 1; }

    local requests rps p50 p99 errors
    requests="$(awk '/requests in/ {print $1}' "${work}/wrk.out")"
    rps="$(awk '/^Requests\/sec:/ {print $2}' "${work}/wrk.out")"
    p50="$(to_ms "$(awk '$1 == "50%" {print $2}' "${work}/wrk.out")")"
    p99="$(to_ms "$(awk '$1 == "99%" {print $2}' "${work}/wrk.out")")"
    errors="$(awk '/Non-2xx|Socket errors/' "${work}/wrk.out")"
    [[ -z "${errors}" ]] || { log "${variant}: ${errors}"; exit 1; }

    if [[ "${variant}" == fiberlog ]]; then
        local numbered=()
        while read -r _ prefix made; do
            numbered+=(--numbered "${prefix}:${made}:${in_flight}")
        done < <(grep '^numbered ' "${work}/wrk.out")
        [[ ${#numbered[@]} -gt 0 ]] || { log "wrk did not say what it sent"; exit 1; }
        "${check}" "${jsonl}" --min-requests "${requests}" "${numbered[@]}" >&2 \
            || { log "fiberlog round ${round}: the log check failed"; exit 1; }
    else
        # No context in plain lines: each request's 8 lines counted by kind, the front's and
        # the second service's "request received" and "response 200" together.
        awk -F'"msg":"' '{ split($2, m, "\""); n[m[1]]++ }
            END {
                h = n["db query started"]
                ok = h >= r && n["db query done"] == h && n["calling backend"] == h &&
                     n["backend answered 200"] == h && n["request received"] == 2 * h &&
                     n["response 200"] == 2 * h
                printf "plain: %d requests in the log\n", h > "/dev/stderr"
                exit ok ? 0 : 1
            }' r="${requests}" "${jsonl}" || { log "plain round ${round}: lines missing"; exit 1; }
    fi
    rm -f "${jsonl}"
    local load_after
    load_after="$(cut -d' ' -f1 /proc/loadavg)"
    log "${variant} round ${round}: ${rps} req/s, p50 ${p50} ms, p99 ${p99} ms" \
        "(${requests} requests; load average ${load_before} -> ${load_after})"
    echo "${variant} ${round} ${rps} ${p50} ${p99}" >>"${work}/results"
}

started_load="$(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "${rounds}"); do
    if (( round % 2 )); then order=(fiberlog plain); else order=(plain fiberlog); fi
    for variant in "${order[@]}"; do run "${variant}" "${round}"; done
done

echo
echo "scripts/load.sh --duration ${duration} --connections ${connections} --rounds ${rounds}" \
     "--threads ${threads} --wrk-threads ${wrk_threads}"
echo "$(nproc) CPUs; load average at the start ${started_load}, at the end" \
     "$(cut -d' ' -f1-3 /proc/loadavg); medians over ${rounds} rounds (min-max)"
echo
python3 - "${work}/results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    variant, rnd, rps, p50, p99 = line.split()
    runs.setdefault(variant, {})[int(rnd)] = (float(rps), float(p50), float(p99))
def col(v, i): return [r[i] for r in runs[v].values()]
def cell(v, i, fmt):
    xs = col(v, i)
    return f"{fmt.format(statistics.median(xs))} ({fmt.format(min(xs))}-{fmt.format(max(xs))})"
def ratio(i):
    # The ratio of the medians, and the range of the ratios within each round.
    whole = statistics.median(col("fiberlog", i)) / statistics.median(col("plain", i))
    per = [runs["fiberlog"][r][i] / runs["plain"][r][i] for r in runs["plain"]]
    return f"{whole:.3f}x ({min(per):.2f}-{max(per):.2f})"
print("| logging | requests/s | p50 ms | p99 ms |")
print("|---|---:|---:|---:|")
for v, name in (("plain", "plain spdlog"), ("fiberlog", "fiberlog")):
    print(f"| {name} | {cell(v, 0, '{:.0f}')} | {cell(v, 1, '{:.2f}')} | {cell(v, 2, '{:.2f}')} |")
print(f"| fiberlog / plain | {ratio(0)} | {ratio(1)} | {ratio(2)} |")
tp = statistics.median(col("fiberlog", 0)) / statistics.median(col("plain", 0))
p99 = statistics.median(col("fiberlog", 2)) / statistics.median(col("plain", 2))
print()
print(f"goals: throughput >= 0.97x: {tp:.3f}x, {'met' if tp >= 0.97 else 'NOT met'}; "
      f"p99 <= 1.05x: {p99:.3f}x, {'met' if p99 <= 1.05 else 'NOT met'}")
PY
