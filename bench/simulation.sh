#!/usr/bin/env bash
# What-if simulations against the worker, side by side, on the same transactions and the same live campaigns.
# For each count of live campaigns: a fresh gateway with the worker stopped gets the campaigns (the 3 demo ones and
# generated ones, most aimed at other categories, as a real catalogue), is filled with the POS mix (bench/mix.lua),
# then the worker is started and timed until the queue is empty (transactions processed live per second); then the
# same sales are simulated, with the live campaigns, by a draft of 10% per item, RUNS times (sales replayed per
# second, from the simulation's own start and end), at a cpu-share of 1 (a simulation alone on an idle gateway).
#   bench/simulation.sh [fill duration, default 20s] [campaign counts, default "10 100"]
# Environment: JAVA, GATEWAY_OPTS, GATEWAY_ARGS, KEEP_LOG as for bench/e2e.sh; RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
fill="${1:-20s}"
counts="${2:-10 100}"
runs="${RUNS:-3}"
management='Authorization: ManagementKey-v1 demo-management-key'

measure() { # $1: live campaigns in all
  local live="$1"
  source bench/gateway.sh --tillgate.worker.auto-startup=false --tillgate.simulations.cpu-share=1 \
    --tillgate.simulations.answer-within=600s
  for c in $(seq 101 $((100 + live - 3))); do
    if [ $((c % 10)) = 0 ]; then applies='"appliesTo": {"categories": ["shirts"]},'    # evaluated for the mix's carts
    elif [ $((c % 25)) = 1 ]; then applies=''                                         # evaluated for every cart
    elif [ $((c % 2)) = 0 ]; then applies="\"appliesTo\": {\"categories\": [\"category-$c\"]},"
    else applies="\"appliesTo\": {\"skus\": [\"SKU-$c\", \"SKU-$((c + 1000))\"]},"; fi
    curl -sf -X PUT -H "$management" -H 'Content-Type: application/json' localhost:$port/v1/applications/1/campaigns/$c -d "{
      \"name\": \"bench $c\", $applies \"rules\": [
        {\"title\": \"big carts\", \"condition\": \"session.total > 50.0 && session.itemCount >= 2\",
         \"effects\": [{\"type\": \"setDiscount\", \"name\": \"two percent\", \"value\": \"session.total * 0.02\"}]},
        {\"title\": \"shirts\", \"condition\": \"session.categories.exists(c, c == 'shirts')\",
         \"effects\": [{\"type\": \"setDiscountPerItem\", \"name\": \"one off\", \"items\": \"item.price > 5.0\", \"value\": \"1.0\"}]}]}" > /dev/null
  done
  wrk -t2 -c16 -d"$fill" -s bench/mix.lua "http://localhost:$port" > /dev/null
  queued=$(sum tillgate_queue_messages 'queue="tillgate.transactions"')
  start=$(date +%s.%N)
  curl -sf -u operator:demo-secret -H 'Content-Type: application/json' -X POST localhost:$port/actuator/jolokia -d \
    '{"type":"exec","mbean":"org.apache.camel:context=tillgate,type=routes,name=\"transaction-worker\"","operation":"start()"}' > /dev/null
  while [ "$(sum tillgate_queue_messages 'queue="tillgate.transactions"')" != "0" ]; do sleep 0.2; done
  end=$(date +%s.%N)
  jobs=$(sum tillgate_worker_jobs_total)
  awk -v n="$live" -v q="$queued" -v j="$jobs" -v s="$start" -v t="$end" 'BEGIN {
    printf "%d live campaigns: the worker processed %d queued transactions (%d jobs) in %.1f s: %.0f transactions/s\n", n, q, j, t - s, j / (t - s) }'
  for run in $(seq 1 "$runs"); do
    curl -sf -X POST -H "$management" -H 'Content-Type: application/json' localhost:$port/v1/applications/1/simulations -d '{
      "campaign": {"name": "10% per item", "rules": [{"title": "10%", "condition": "true",
        "effects": [{"type": "setDiscountPerItem", "name": "10%", "items": "true", "value": "item.price * 0.1"}]}]},
      "from": "2026-03-01", "to": "2026-03-01", "withLiveCampaigns": true}' > /tmp/simulation-$$.json
    python3 - "$live" "$run" /tmp/simulation-$$.json <<'PY'
import json, sys
from datetime import datetime
r = json.load(open(sys.argv[3]))
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
seconds = (t(r["ended"]) - t(r["created"])).total_seconds()
print(f"{sys.argv[1]} live campaigns, simulation {sys.argv[2]}: {r['transactions']} sales replayed "
      f"({r['progress']['sessionsScanned']} sessions read) in {seconds:.2f} s: {r['transactions'] / seconds:.0f} sales/s; "
      f"discount {r['discountTotal']}, triggered {r['sessionsTriggered']}")
PY
  done
  rm -f /tmp/simulation-$$.json
  stop; trap - EXIT
}

for n in $counts; do
  measure "$n"
done
