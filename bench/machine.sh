#!/usr/bin/env bash
# Prints the lines that describe the machine a benchmark ran on, for the run.sh scripts'
# reports: the date, the CPU with the load average before and after the run, the system.
#   bench/machine.sh LOAD_BEFORE LOAD_AFTER     (each as /proc/loadavg's first three fields)
set -euo pipefail
echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:       $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores visible," \
     "shared with other jobs (load average $1 before, $2 after)"
echo "system:    Debian $(cat /etc/debian_version), Linux $(uname -r), $(g++ --version | head -1)"
