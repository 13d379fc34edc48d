#!/usr/bin/env bash
# Whether a running simulation slows the tills' path. A fresh gateway (default settings: one simulation thread at
# tillgate.simulations.cpu-share 0.5) is given a history (the POS mix, bench/mix.lua, at full speed for 20 s), then
# serves the mix at a steady pace (16 connections, DELAY_MS between requests, below what it sustains) in rounds of
# DURATION, alternately without and with simulations running one after another over that history. Per round: requests
# accepted per second, accept latency p50 and p99, session events published per second, the queue left behind, and
# the sales the simulations replayed.
#   bench/simulation-impact.sh [duration, default 30s] [rounds, default 3]
# Environment: JAVA, GATEWAY_OPTS, GATEWAY_ARGS, KEEP_LOG as for bench/e2e.sh; DELAY_MS (default 40).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30s}"
rounds="${2:-3}"
export DELAY_MS="${DELAY_MS:-40}"
management='Authorization: ManagementKey-v1 demo-management-key'
source bench/gateway.sh

queue() { sum tillgate_queue_messages 'queue="tillgate.transactions"'; }
DELAY_MS=0 wrk -t2 -c16 -d20s -s bench/mix.lua "http://localhost:$port" > /dev/null
while [ "$(queue)" != "0" ]; do sleep 1; done

simulate_forever() { # one simulation after another until killed (quietly); each line: the sales it replayed
  while true; do
    id=$(curl -sf -X POST -H "$management" -H 'Content-Type: application/json' localhost:$port/v1/applications/1/simulations -d '{
      "campaign": {"name": "10% per item", "rules": [{"title": "10%", "condition": "true",
        "effects": [{"type": "setDiscountPerItem", "name": "10%", "items": "true", "value": "item.price * 0.1"}]}]},
      "from": "2026-03-01", "to": "2026-03-01", "withLiveCampaigns": true}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    echo "$id" > "$data/running"
    until curl -sf -H "$management" localhost:$port/v1/applications/1/simulations/$id | grep -q '"state":"done"'; do sleep 0.2; done
    curl -sf -H "$management" localhost:$port/v1/applications/1/simulations/$id \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["transactions"])' >> "$data/replayed"
  done 2>/dev/null
}

for round in $(seq 1 "$rounds"); do
  for mode in without with; do
    : > "$data/replayed"
    if [ $mode = with ]; then simulate_forever & simulating=$!; sleep 2; fi
    events0=$(sum tillgate_effects_published_total)
    out=$(wrk -t2 -c16 -d"$duration" -s bench/mix.lua "http://localhost:$port")
    events=$(( $(sum tillgate_effects_published_total) - events0 ))
    left=$(queue)
    if [ $mode = with ]; then kill $simulating; wait $simulating 2>/dev/null || true; fi
    replayed=$(awk '{s += $1} END {print s + 0}' "$data/replayed")
    awk -v mode=$mode -v r=$round -v e=$events -v d="${duration%s}" -v left="$left" -v rep="$replayed" \
      -v acc="$(echo "$out" | awk '/^ACCEPTED_PER_SECOND/ {print $2}')" -v p50="$(echo "$out" | awk '/^P50_MS/ {print $2}')" \
      -v p99="$(echo "$out" | awk '/^P99_MS/ {print $2}')" 'BEGIN {
      printf "round %d %-7s simulations: accepted %4d/s, p50 %6.2f ms, p99 %7.2f ms, events %4.0f/s, queue left %d, sales replayed %d\n",
        r, mode, acc, p50, p99, e / d, left, rep }'
    if [ -s "$data/running" ]; then # the next round starts once the last simulation has ended
      until curl -sf -H "$management" localhost:$port/v1/applications/1/simulations/$(cat "$data/running") | grep -q '"state":"done"'; do
        sleep 0.2; done
      : > "$data/running"
    fi
    while [ "$(queue)" != "0" ]; do sleep 1; done
  done
done
