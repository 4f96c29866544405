#!/usr/bin/env bash
# frontend, backend and trace_service refuse a bad command line with a clear message and
# exit 2, and a service that cannot start (its port taken, its log not writable) says why and
# exits 1 -- without leaving a process behind.
#   tests/services/command_lines.sh FRONTEND BACKEND TRACE_SERVICE
set -uo pipefail
frontend=$1 backend=$2 trace_service=$3
dir=$(mktemp -d)
pid=""
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
failures=0

# expect STATUS MESSAGE COMMAND...: the command exits with STATUS and MESSAGE on stderr.
expect() {
    local status=$1 message=$2
    shift 2
    local got=0
    # A safety net: a command that should refuse to start but serves would wait forever.
    timeout -k 5 30 "$@" >"$dir/out" 2>"$dir/err" </dev/null || got=$?
    if [[ $got -ne $status ]] || ! grep -qF -- "$message" "$dir/err"; then
        echo "FAILED: $* -> exit $got (want $status), stderr:" >&2
        sed 's/^/    /' "$dir/err" >&2
        echo "    (want it to contain: $message)" >&2
        failures=$((failures + 1))
    fi
}

expect 2 "--backend PORT is required" "$frontend"
expect 2 "frontend: --backend wants a number from 1 to 65535, not '0'" "$frontend" --backend 0
expect 2 "unknown option --bogus" "$frontend" --backend 8081 --bogus 1
expect 2 "backend: --port wants a number from 0 to 65535, not '70000'" "$backend" --port 70000
expect 2 "--port wants a number from 0 to 65535, not '80x'" "$backend" --port 80x
expect 2 "unknown option or missing value: --port" "$backend" --port
expect 2 "backend: --console wants trace, debug, info, warn, error, critical or off, not 'loud'" \
    "$backend" --console loud
expect 2 "--db-ms wants a number from 0 to 60000" "$backend" --db-ms -1
expect 2 "usage: backend [--port N]" "$backend" --frontend 1
expect 2 "PORT is required" "$trace_service"
expect 2 "PORT wants a number from 0 to 65535, not 'http'" "$trace_service" http
expect 2 "unknown option --port" "$trace_service" 0 --port 1
touch "$dir/file"  # not a directory: the log cannot be made below it
expect 1 "backend: Failed opening file $dir/file/b.jsonl" \
    "$backend" --port 0 --log "$dir/file/b.jsonl" --console off

# A port already taken: a first backend holds it, a second one cannot listen there.
"$backend" --port 0 --log "$dir/first.jsonl" --console off >"$dir/first.out" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 500); do  # a safety net of 10 s; the line is normally there at once
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$dir/first.out")
    [[ -n $port ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
done
if [[ -z $port ]]; then
    echo "FAILED: the first backend did not start:" >&2
    cat "$dir/first.out" >&2
    failures=$((failures + 1))
else
    expect 1 "backend: bind: Address already in use" \
        "$backend" --port "$port" --log "$dir/second.jsonl" --console off
    expect 1 "frontend: bind: Address already in use" \
        "$frontend" --backend 1 --port "$port" --log "$dir/front.jsonl" --console off
    kill -TERM "$pid"
    wait "$pid" || { echo "FAILED: the first backend did not stop with 0" >&2; failures=$((failures + 1)); }
    pid=""
fi

[[ $failures -eq 0 ]] && echo "command lines: ok"
exit $((failures > 0))
