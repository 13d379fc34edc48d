#!/usr/bin/env bash
# End-to-end load benchmark: a realistic POS mix (bench/mix.lua) against a fresh gateway (embedded broker
# with journal sync on, H2), and a baseline on the same broker settings (HTTP → persistent enqueue →
# transacted consume, nothing else; bench/baseline.lua). Prints accepted requests per second, accept
# latency, the rate at which the work is done end to end while the load runs (baseline: messages
# consumed; gateway: session events published) and sustained (what the load brought in, over the time until
# it was all done), and the ratios gateway/baseline.
#   bench/e2e.sh [duration, default 60s] [connections, default 32]
# Environment: JAVA (the java binary that runs the gateway, default java), GATEWAY_OPTS (extra JVM options,
# e.g. -XX:StartFlightRecording=filename=/tmp/gw.jfr), GATEWAY_ARGS (extra application arguments, e.g.
# --tillgate.worker.consumers=2), KEEP_LOG (keep the gateway's log), RUNS (default "baseline gateway"), WARMUP (load before each
# measurement, default 30s).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-60s}"
connections="${2:-32}"
seconds="${duration%s}"
source bench/gateway.sh '--camel.main.routes-include-pattern=file:routes/*.camel.yaml,file:bench/routes/*.camel.yaml'

count() { sum $1; } # $1: a sample name and label text in one word list, as "name label=value"
drain() { # wait until a counter stops moving; drained_at: when it was first seen at its final value (to 1 s)
  local last=-1 now still=0
  while [ $still -lt 2 ]; do
    now=$(count "$1")
    if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; last=$now; drained_at=$(date +%s.%N); fi
    sleep 1
  done
}

run() { # name script path counter
  local name=$1 script=$2 counter=$4
  wrk -t2 -c"$connections" -d"${WARMUP:-30s}" -s "bench/$script" "http://localhost:$port" > /dev/null   # warm-up: the JIT needs it
  drain "$counter"
  local before; before=$(count "$counter")
  local cpu0 jit0 gc_count0 gc_ms0 allocated0
  cpu0=$(cpu_ticks); jit0=$(jit_ticks); gc_count0=$(sum jvm_gc_pause_seconds_count); gc_ms0=$(sum jvm_gc_pause_seconds_sum "" 1000)
  allocated0=$(sum jvm_gc_memory_allocated_bytes_total)
  local writes0 ms0 commits0
  writes0=$(sum tillgate_store_flushes_seconds_count); ms0=$(sum tillgate_store_flushes_seconds_sum "" 1000)
  commits0=$(sum tillgate_store_flushed_commits_total)
  local started; started=$(date +%s.%N)
  wrk -t2 -c"$connections" -d"$duration" --latency -s "bench/$script" "http://localhost:$port" > "$data/$name.out"
  local after; after=$(count "$counter")
  local writes=$(( $(sum tillgate_store_flushes_seconds_count) - writes0 ))
  local ms=$(( $(sum tillgate_store_flushes_seconds_sum "" 1000) - ms0 )) commits=$(( $(sum tillgate_store_flushed_commits_total) - commits0 ))
  local accepted p50 p99
  accepted=$(awk '/ACCEPTED_PER_SECOND/ {print $2}' "$data/$name.out")
  p50=$(awk '/P50_MS/ {print $2}' "$data/$name.out"); p99=$(awk '/P99_MS/ {print $2}' "$data/$name.out")
  local rate=$(( (after - before) / seconds ))
  echo "$name: accepted/s $accepted, accept p50 ${p50} ms, p99 ${p99} ms, done end to end while loaded: $rate/s" >&2
  if [ "$writes" -gt 0 ]; then # H2's group commit: how often the file was written, how long it took, how many commits shared a write
    awk -v n="$name" -v w="$writes" -v ms="$ms" -v c="$commits" -v s="$seconds" \
      'BEGIN { printf "%s: H2 file writes %.0f/s, %.1f ms on average, %.1f commits each\n", n, w / s, ms / w, c / w }' >&2
  fi
  drain "$counter"
  # what the work cost, load and drain together: steadier than the rates, which swing 10–50% between runs
  local done_total=$(( $(count "$counter") - before )) cpu=$(( $(cpu_ticks) - cpu0 )) jit=$(( $(jit_ticks) - jit0 ))
  local gc_count=$(( $(sum jvm_gc_pause_seconds_count) - gc_count0 )) gc_ms=$(( $(sum jvm_gc_pause_seconds_sum "" 1000) - gc_ms0 ))
  local allocated=$(( $(sum jvm_gc_memory_allocated_bytes_total) - allocated0 ))
  # sustained: what the load brought in, done, over the time until it was all done. A door faster than the
  # worker fills the queue while loaded; the rate while loaded then says how the two shared the CPU, this one
  # how fast the gateway gets through its work
  local sustained; sustained=$(awk -v d="$done_total" -v s="$started" -v e="$drained_at" 'BEGIN { printf "%.0f", d / (e - s) }')
  awk -v n="$name" -v r="$sustained" -v d="$done_total" -v s="$started" -v e="$drained_at" 'BEGIN {
    printf "%s: sustained end to end %d/s (%d done in the %.0f s from the start of the load until all was done)\n", n, r, d, e - s }' >&2
  awk -v n="$name" -v d="$done_total" -v t="$cpu" -v j="$jit" -v hz="$(getconf CLK_TCK)" -v gc="$gc_count" -v gms="$gc_ms" -v a="$allocated" 'BEGIN {
    if (d > 0) printf "%s: CPU %.2f ms (%.2f without the JIT compiler threads) and %.0f KB allocated per item done (%d done, load and drain); GC pauses %d, %.1f ms on average\n",
      n, 1000 * t / hz / d, 1000 * (t - j) / hz / d, a / 1024 / d, d, gc, (gc > 0 ? gms / gc : 0) }' >&2
  echo "$rate $sustained"
}

echo "duration $duration, $connections connections, wrk 2 threads, on $(nproc) cores" >&2
baseline="0 0" gateway="0 0"
case " ${RUNS:-baseline gateway} " in *" baseline "*)
  baseline=$(run baseline baseline.lua /bench/baseline 'camel_exchanges_total routeId="bench-baseline-consumer"' | tail -1);; esac
case " ${RUNS:-baseline gateway} " in *" gateway "*)
  gateway=$(run gateway mix.lua /api/2.0/send_transaction 'tillgate_effects_published_total' | tail -1);; esac
awk -v g="$gateway" -v b="$baseline" 'BEGIN { split(g, gs, " "); split(b, bs, " ")
  printf "ratio gateway/baseline (end to end): %.2f while loaded, %.2f sustained\n", (bs[1] > 0 ? gs[1] / bs[1] : 0), (bs[2] > 0 ? gs[2] / bs[2] : 0) }'
