#!/usr/bin/env bash
# Load benchmark of the POS ingress: accepted requests per second and accept latency (p50/p90/p99).
# Needs a running gateway (./mvnw spring-boot:run) and wrk (apt-get install wrk).
#   bench/ingress.sh [url] [duration] [connections]
set -euo pipefail
url="${1:-http://localhost:8080}"
duration="${2:-30s}"
connections="${3:-32}"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
cd "$(dirname "$0")"
echo "warm-up (10s, not counted)"
wrk -t2 -c"$connections" -d10s -s ingress.lua "$url" >/dev/null
echo "measuring: $duration, $connections connections, 2 threads"
wrk -t2 -c"$connections" -d"$duration" --latency -s ingress.lua "$url"
