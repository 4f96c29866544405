#!/usr/bin/env bash
# Sets up a fresh Debian bookworm machine, builds fiberlog in Release and runs the demo:
# concurrent requests on fibers over 2 work-stealing threads, logged as text to the console
# and as JSON lines to demo.jsonl -- then reads one request back with fiberlog-tail.
#   scripts/demo.sh [requests]      default 6
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target demo fiberlog-tail

out=build-release/demo.jsonl
echo "== the demo's console (text, fiberlog::default_pattern)"
build-release/examples/demo "${1:-6}" "$out"
echo
echo "== fiberlog-tail --by request_id --count $out"
build-release/src/tail/fiberlog-tail --by request_id --count "$out"
echo
echo "== fiberlog-tail --by request_id --where request_id=req-1001 $out"
build-release/src/tail/fiberlog-tail --by request_id --where request_id=req-1001 --color never "$out"
