#!/usr/bin/env bash
# The worker alone: how fast a backlog drains (after an outage, or a burst the worker could not follow).
# Starts a fresh gateway with the worker stopped, queues the POS mix (bench/mix.lua) for a while, then
# starts the worker route (through Jolokia, as an operator would in Hawtio) and times it until the queue is
# empty and every session event is published.
#   bench/drain.sh [fill duration, default 20s] [connections, default 16]
# Environment: JAVA, GATEWAY_OPTS, GATEWAY_ARGS, KEEP_LOG as for bench/e2e.sh; TRACE=1 prints the progress.
set -euo pipefail
cd "$(dirname "$0")/.."
fill="${1:-20s}"
connections="${2:-16}"
source bench/gateway.sh --tillgate.worker.auto-startup=false

door0=$(cpu_ticks); door_jit0=$(jit_ticks)
wrk -t2 -c"$connections" -d"$fill" -s bench/mix.lua "http://localhost:$port" > /dev/null
queued=$(sum tillgate_queue_messages 'queue="tillgate.transactions"')
answered=$(sum tillgate_pos_requests_total)
awk -v q="$queued" -v f="$fill" -v r="$answered" -v c="$(( $(cpu_ticks) - door0 ))" -v j="$(( $(jit_ticks) - door_jit0 ))" -v hz="$(getconf CLK_TCK)" 'BEGIN {
  printf "queued: %d requests (worker stopped, %s of bench/mix.lua); the door: CPU %.2f ms per request, %.2f without the JIT compiler threads\n",
    q, f, 1000 * c / hz / r, 1000 * (c - j) / hz / r }' >&2
start=$(date +%s.%N); cpu0=$(cpu_ticks); jit0=$(jit_ticks)
curl -sf -u operator:demo-secret -H 'Content-Type: application/json' -X POST localhost:$port/actuator/jolokia -d \
  '{"type":"exec","mbean":"org.apache.camel:context=tillgate,type=routes,name=\"transaction-worker\"","operation":"start()"}' > /dev/null
while [ "$(sum tillgate_queue_messages 'queue="tillgate.transactions"')" != "0" ]; do
  sleep 0.5; [ -n "${TRACE:-}" ] && echo "$(date +%s) queue $(sum tillgate_queue_messages queue=\"tillgate.transactions\") jobs $(sum tillgate_worker_jobs_total)" >&2
done
end=$(date +%s.%N); cpu=$(( $(cpu_ticks) - cpu0 )); jit=$(( $(jit_ticks) - jit0 ))
jobs=$(sum tillgate_worker_jobs_total); events=$(sum tillgate_effects_published_total)
awk -v j="$jobs" -v e="$events" -v s="$start" -v t="$end" -v c="$cpu" -v jit="$jit" -v hz="$(getconf CLK_TCK)" 'BEGIN {
  printf "drained %d jobs in %.1f s: %.0f jobs/s, %.0f session events published/s; CPU %.2f ms per job, %.2f without the JIT compiler threads\n",
    j, t - s, j / (t - s), e / (t - s), 1000 * c / hz / j, 1000 * (c - jit) / hz / j }'
