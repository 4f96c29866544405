#!/usr/bin/env bash
# Two services, one story: runs examples/services' backend and frontend on loopback (ephemeral
# ports), sends three requests -- one with a caller's traceparent, tracestate and baggage, one
# with none, one with a malformed traceparent -- stops both, then shows one request's story
# across both logs with fiberlog-tail, and checks it: both services' lines in the caller's
# trace, the backend's handler a child span of the frontend fiber that called it, the
# allow-listed baggage adopted and the rest not. Exits non-zero when a check fails.
#   scripts/demo-services.sh                     builds in Release first (build-release/)
#   scripts/demo-services.sh --build-dir DIR     uses the programs already built in DIR
set -euo pipefail

build=""
case "${1:-}" in
    "") ;;
    --build-dir) build=$(realpath "${2:?--build-dir needs a directory}") ;;
    *) echo "usage: scripts/demo-services.sh [--build-dir DIR]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
if [[ -z "$build" ]]; then
    scripts/install-deps.sh
    cmake --preset release >/dev/null
    cmake --build --preset release -j "$(nproc)" --target frontend backend fiberlog-tail
    build=build-release
fi
frontend=$build/examples/services/frontend
backend=$build/examples/services/backend
tail=$build/src/tail/fiberlog-tail
for exe in "$frontend" "$backend" "$tail"; do
    [[ -x "$exe" ]] || { echo "demo-services: $exe is not built" >&2; exit 1; }
done

dir=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT

# Starts a service in the background; sets `port` from its "listening on 127.0.0.1:PORT" line.
start() {
    local name=$1
    shift
    "$@" >"$dir/$name.out" 2>"$dir/$name.err" &
    pids+=($!)
    for _ in $(seq 1 500); do  # a safety net of 10 s; it is normally there at once
        if port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/$name.out"); [[ -n "$port" ]]; then
            return
        fi
        kill -0 "${pids[-1]}" 2>/dev/null || { cat "$dir/$name.err" >&2; exit 1; }
        sleep 0.02
    done
    echo "demo-services: $name did not start" >&2
    exit 1
}

# GET `path` from the frontend with the extra header lines given; prints the response body.
get() {
    local path=$1
    shift
    exec 3<>"/dev/tcp/127.0.0.1/$frontend_port"
    {
        printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' "$path"
        for header in "$@"; do printf '%s\r\n' "$header"; done
        printf '\r\n'
    } >&3
    local reply
    reply=$(cat <&3)
    exec 3<&-
    printf '%s\n' "${reply##*$'\r\n\r\n'}"
}

start backend "$backend" --port 0 --log "$dir/backend.jsonl" --console off
backend_port=$port
start frontend "$frontend" --backend "$backend_port" --port 0 --log "$dir/frontend.jsonl" --console off
frontend_port=$port

caller_trace=4bf92f3577b34da6a3ce929d0e0e4736
echo "== three requests to the frontend (127.0.0.1:$frontend_port), which calls the backend (:$backend_port)"
get /orders/1 "X-Request-Id: demo-1" "traceparent: 00-$caller_trace-00f067aa0ba902b7-01" \
    "tracestate: congo=t61rcWkgMzE" "baggage: tenant=acme, user=alice, secret=hunter2"
get /orders/2 "X-Request-Id: demo-2"
get /orders/3 "X-Request-Id: demo-3" "traceparent: 00-$caller_trace-0000000000000000-01"

kill -TERM "${pids[1]}"  # the frontend first: it calls the backend
wait "${pids[1]}"
kill -TERM "${pids[0]}"
wait "${pids[0]}"
pids=()

echo
echo "== one request's story across both logs: fiberlog-tail --by request_id --where request_id=demo-1"
"$tail" --by request_id --where request_id=demo-1 --color never "$dir/frontend.jsonl" "$dir/backend.jsonl"
echo
echo "== the caller's trace as one span tree across both processes: fiberlog-tail --trace $caller_trace"
tree=$("$tail" --trace "$caller_trace" --color never "$dir/frontend.jsonl" "$dir/backend.jsonl")
echo "$tree"
echo
echo "== the same lines as JSON: service, trace_id, span_id, parent_span_id"
grep -h '"request_id":"demo-1"' "$dir/frontend.jsonl" "$dir/backend.jsonl" |
    sed -E 's/.*"service":"([^"]*)".*"trace_id":"([^"]*)","span_id":"([^"]*)"(,"parent_span_id":"([^"]*)")?,"msg":"([^"]*)".*/\1\t\2 \3 <- \5\t\6/'

# The checks: the story is one trace, across both processes, with the spans linked.
fail() { echo "demo-services: $*" >&2; exit 1; }
demo1() { grep -h '"request_id":"demo-1"' "$dir/$1.jsonl"; }
[[ $(demo1 frontend | grep -c "\"trace_id\":\"$caller_trace\"") -ge 4 ]] || fail "the frontend did not adopt the caller's trace"
[[ $(demo1 backend | grep -c "\"trace_id\":\"$caller_trace\"") -ge 4 ]] || fail "the backend is not in the caller's trace"
calling_span=$(demo1 frontend | grep '"msg":"calling backend"' | sed -E 's/.*"span_id":"([0-9a-f]{16})".*/\1/')
demo1 backend | grep '"msg":"request received"' | grep -q "\"parent_span_id\":\"$calling_span\"" ||
    fail "the backend's handler is not a child of the frontend's calling fiber ($calling_span)"
demo1 frontend | grep '"msg":"request received"' | grep -q '"parent_span_id":"00f067aa0ba902b7"' ||
    fail "the frontend's handler is not a child of the caller's span"
grep -q '== span .* @ frontend@' <<<"$tree" && grep -q '== span .* @ backend@' <<<"$tree" ||
    fail "fiberlog-tail --trace did not show the trace's spans in both processes"
demo1 backend | grep -q '"tenant":"acme","user":"alice"' || fail "the allow-listed baggage did not reach the backend"
! grep -q hunter2 "$dir/frontend.jsonl" "$dir/backend.jsonl" || fail "a baggage member outside the allow-list was adopted"
for id in demo-2 demo-3; do
    trace=$(grep -h "\"request_id\":\"$id\"" "$dir/frontend.jsonl" | head -1 | sed -E 's/.*"trace_id":"([0-9a-f]{32})".*/\1/')
    [[ ${#trace} -eq 32 && $trace != "$caller_trace" ]] || fail "$id did not start a trace of its own"
    grep -h "\"request_id\":\"$id\"" "$dir/backend.jsonl" | grep -q "\"trace_id\":\"$trace\"" ||
        fail "$id's trace did not reach the backend"
done
echo
echo "demo-services: one trace across both services, spans linked, baggage allow-listed: ok"
