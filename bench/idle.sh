#!/usr/bin/env bash
# What a gateway costs doing nothing: a fresh gateway, left a minute to settle, then its CPU over a minute
# (the process's user and system time from /proc) and the H2 file writes meanwhile.
#   bench/idle.sh
# Environment: JAVA, GATEWAY_OPTS, GATEWAY_ARGS, KEEP_LOG as for bench/e2e.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/gateway.sh
sleep 60
cpu0=$(cpu_ticks); writes0=$(sum tillgate_store_flushes_seconds_count)
sleep 60
awk -v c="$(( $(cpu_ticks) - cpu0 ))" -v hz="$(getconf CLK_TCK)" -v w="$(( $(sum tillgate_store_flushes_seconds_count) - writes0 ))" 'BEGIN {
  printf "idle: CPU %.2f s in 60 s (%.1f%% of one core); H2 file writes %d\n", c / hz, 100 * c / hz / 60, w }'
