#!/usr/bin/env bash
# Lock latency: the till waits with the customer while POST /api/2.0/lock evaluates its check. Starts a fresh
# gateway (bench/gateway.sh), saves a campaign of 10% off the check with 1,000 unlimited-use codes, and drives
# lock calls with wrk at 1 and 32 concurrent tills, each call for a transaction of its own: first every till
# with one code (the worst case: each call locks that coupon's row, so the calls queue on it), then each call
# with one of the 1,000 codes. Prints locks per second and latency p50 and p99.
#   bench/locks.sh [duration, default 30s]
# Environment: JAVA, GATEWAY_OPTS, GATEWAY_ARGS (as bench/e2e.sh), WARMUP (load before each measurement, default
# 20s), DELAY_MS (each till's pause between two calls; default 0, every till calls again as soon as it is answered).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30s}"
source bench/gateway.sh
codes=$(seq -f 'BENCH-LOCK-%.0f' 1 1000 | paste -sd, -)
curl -sf -X PUT -H 'Authorization: ManagementKey-v1 demo-management-key' -H 'Content-Type: application/json' \
  "localhost:$port/v1/applications/1/campaigns/900" -d "{\"name\":\"bench lock offer\",\"couponRequired\":true,
   \"couponSettings\":{\"usageLimit\":0},\"coupons\":[\"${codes//,/\",\"}\"],
   \"rules\":[{\"title\":\"10% off\",\"effects\":[{\"type\":\"setDiscount\",\"name\":\"10% off\",\"value\":\"session.total * 0.1\"}]}]}" >/dev/null
for scenario in "one shared code:1" "1,000 codes:1000"; do
  name="${scenario%%:*}"
  for tills in 1 32; do
    threads=$(( tills < 2 ? 1 : 2 ))
    CODES="${scenario##*:}" wrk -t$threads -c$tills -d"${WARMUP:-20s}" -s bench/lock.lua "http://localhost:$port" >/dev/null
    CODES="${scenario##*:}" wrk -t$threads -c$tills -d"$duration" -s bench/lock.lua "http://localhost:$port" > "$data/lock.out"
    awk -v n="$name" -v t="$tills" '/LOCKS_PER_SECOND/ {r=$2} /NON_2XX/ {e=$2} /P50_MS/ {p50=$2} /P99_MS/ {p99=$2}
      END {printf "%s, %d till(s): %s locks/s, p50 %s ms, p99 %s ms, non-2xx %s\n", n, t, r, p50, p99, e}' "$data/lock.out"
  done
done
