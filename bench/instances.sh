#!/usr/bin/env bash
# Several instances, measured: one and then two gateways (the built jar) on one standalone Artemis broker
# (the distribution from Maven Central with deploy/artemis/broker.xml, as the README sets it up) and one
# PostgreSQL (Debian's, with pg_stat_statements), driven by the realistic POS mix (bench/mix.lua), the
# connections split evenly between the instances. For each: accepted requests per second, the rate at which
# the work is done end to end (requests processed) while loaded and sustained until all is done, and per
# processed request: CPU of the gateways, the broker and PostgreSQL, SQL statements and WAL bytes, broker
# messages (sent to the transaction queue, and events published). Figures go to SCALING.md.
#   bench/instances.sh [duration, default 60s] [connections, default 32] [instance counts, default "1 2"]
# Needs wrk and a PostgreSQL server (apt-get install wrk postgresql); as root, PostgreSQL runs as postgres.
# Environment: WARMUP (load before each measurement, default 30s), KEEP_LOGS (a directory to keep the gateways' logs in).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-60s}"
connections="${2:-32}"
counts="${3:-1 2}"
seconds="${duration%s}"
case "$seconds" in ''|*[!0-9]*) echo "give the duration in seconds, as 60s" >&2; exit 1;; esac
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$pgbin/initdb" ] || { echo "no PostgreSQL server: apt-get install postgresql" >&2; exit 1; }

./mvnw -q -B -Dmaven.test.skip=true package
artemis_version="$(./mvnw -q -B help:evaluate -Dexpression=artemis.version -DforceStdout)"
./mvnw -q -B dependency:unpack -Dartifact="org.apache.activemq:apache-artemis:$artemis_version:tar.gz:bin" \
  -DoutputDirectory=target/artemis
artemis_home="target/artemis/apache-artemis-$artemis_version"

work="$(mktemp -d)"
chmod 755 "$work"
pg_port=55432 broker_port=61881 broker_password=bench-secret admin_password=bench-admin-secret
pids=()
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

mkdir "$work/pg" && { [ "$(id -u)" -ne 0 ] || chown postgres "$work/pg"; }
as_pg "$pgbin/initdb" -D "$work/pg" -U postgres -A trust >/dev/null
as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w start \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements -c max_connections=200" >/dev/null
sql() { psql -qAt -h 127.0.0.1 -p $pg_port -U postgres -d "${db:-postgres}" -c "$1"; }

bash "$artemis_home/bin/artemis" create "$work/broker" --user admin --password "$admin_password" --role amq \
  --require-login --silent --no-web --no-autotune >/dev/null
cp deploy/artemis/broker.xml "$work/broker/etc/broker.xml"
JAVA_ARGS_APPEND="-Dtillgate.broker.port=$broker_port" bash "$work/broker/bin/artemis" run > "$work/broker.log" 2>&1 &
broker_pid=$!
pids+=("$broker_pid")
for _ in $(seq 1 60); do
  grep -q AMQ221007 "$work/broker.log" && break # "Server is now active"
  kill -0 "$broker_pid" 2>/dev/null || { echo "the broker did not start (port $broker_port taken?):" >&2; tail -5 "$work/broker.log" >&2; exit 1; }
  sleep 1
done
bash "$work/broker/bin/artemis" user add --user-command-user tillgate --user-command-password "$broker_password" --role gateway \
  --user admin --password "$admin_password" --url "tcp://127.0.0.1:$broker_port" | grep -q "added successfully" \
  || { echo "could not add the broker user tillgate" >&2; exit 1; }
broker_java() { pgrep -P "$broker_pid" java || echo "$broker_pid"; } # the script execs java: the same pid

ticks() { local s=0 pid; for pid in "$@"; do s=$(( s + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) )); done; echo $s; }
jit_ticks() { # the part of it the JIT compiler's threads used, which every instance spends for itself
  local pid t s=0
  for pid in "$@"; do
    for t in /proc/$pid/task/*; do
      case "$(cat "$t/comm" 2>/dev/null)" in
        C1\ Compiler*|C2\ Compiler*) s=$(( s + $(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0) )) ;;
      esac
    done
  done
  echo $s
}
pg_pids() { local pm; pm="$(head -1 "$work/pg/postmaster.pid")"; echo "$pm" $(pgrep -P "$pm"); }
queue_stat() { # $1: the column of the transaction queue's row (5: messages in it, 6: messages ever added)
  local value
  value=$(bash "$work/broker/bin/artemis" queue stat --url "tcp://127.0.0.1:$broker_port" --user admin --password "$admin_password" \
    --queueName tillgate.transactions 2>/dev/null | awk -F'|' -v c="$1" '$2 ~ /^tillgate.transactions *$/ { gsub(/ /, "", $c); print $c }')
  [ -n "$value" ] || { echo "artemis queue stat answered nothing" >&2; exit 1; }
  echo "$value"
}
queue_added() { queue_stat 6; }
metric() { # the sum over the running gateways of the Prometheus samples named $1
  local s=0 p
  for p in "${ports[@]}"; do
    s=$(( s + $(curl -s -u viewer:demo-secret "localhost:$p/actuator/prometheus" | grep "^$1" | awk '{ s += $NF } END { printf "%.0f", s }') ))
  done
  echo $s
}
processed() { sql "SELECT COUNT(*) FROM pos_outcome"; }
drain() { # until the queue is empty and the processed count stops moving; drained_at: when it reached its final value
  local last=-1 now still=0 deadline=$(( $(date +%s) + 600 ))
  while [ $still -lt 3 ]; do
    [ "$(date +%s)" -lt $deadline ] || { echo "the work was not done within 10 minutes" >&2; exit 1; }
    now=$(processed)
    if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; last=$now; drained_at=$(date +%s.%N); fi
    [ "$(queue_stat 5)" = "0" ] || still=0
    sleep 1
  done
}

echo "duration $duration, $connections connections split over the instances, wrk 2 threads each, on $(nproc) cores" >&2
for n in $counts; do
  db="tillgate_$n"
  db=postgres sql "CREATE DATABASE $db" >/dev/null
  db=$db sql "CREATE EXTENSION pg_stat_statements" >/dev/null
  ports=() gateways=()
  for i in $(seq 1 "$n"); do
    port=$((18080 + i))
    mkdir -p "$work/gw-$n-$i"
    SPRING_ARTEMIS_MODE=native SPRING_ARTEMIS_EMBEDDED_ENABLED=false SPRING_ARTEMIS_BROKER_URL="tcp://127.0.0.1:$broker_port" \
    SPRING_ARTEMIS_USER=tillgate SPRING_ARTEMIS_PASSWORD="$broker_password" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$pg_port/$db" SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
      java -jar target/tillgate-*.jar --server.port=$port --tillgate.data-dir="$work/gw-$n-$i" --logging.level.root=WARN \
      > "$work/gw-$n-$i.log" 2>&1 &
    gateways+=($!) ports+=($port)
    pids+=($!)
  done
  for p in "${ports[@]}"; do
    for _ in $(seq 1 120); do curl -sf "localhost:$p/actuator/health" >/dev/null && continue 2; sleep 1; done
    echo "the gateway on :$p did not start:" >&2; tail -20 "$work"/gw-$n-*.log >&2; exit 1
  done
  per=$(( connections / n ))
  load() { # $1 duration, $2 output prefix
    local p loaders=()
    for p in "${ports[@]}"; do
      LOADER=$p wrk -t2 -c"$per" -d"$1" --latency -s bench/mix.lua "http://localhost:$p" > "$work/$2-$n-$p.out" & loaders+=($!)
    done
    wait "${loaders[@]}"
  }
  load "${WARMUP:-30s}" warmup
  drain
  done0=$(processed) events0=$(metric tillgate_effects_published_total) added0=$(queue_added)
  gw0=$(ticks "${gateways[@]}") jit0=$(jit_ticks "${gateways[@]}") br0=$(ticks "$(broker_java)") pg0=$(ticks $(pg_pids))
  calls0=$(db=$db sql "SELECT SUM(calls) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$db')")
  wal0=$(db=postgres sql "SELECT pg_current_wal_lsn()")
  started=$(date +%s.%N)
  load "$duration" run
  loaded=$(( $(processed) - done0 ))
  drain
  done_total=$(( $(processed) - done0 ))
  events=$(( $(metric tillgate_effects_published_total) - events0 )) added=$(( $(queue_added) - added0 ))
  gw=$(( $(ticks "${gateways[@]}") - gw0 )) jit=$(( $(jit_ticks "${gateways[@]}") - jit0 )) br=$(( $(ticks "$(broker_java)") - br0 )) pg=$(( $(ticks $(pg_pids)) - pg0 ))
  calls=$(( $(db=$db sql "SELECT SUM(calls) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$db')") - calls0 ))
  wal=$(db=postgres sql "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal0')")
  accepted=$(cat "$work"/run-$n-*.out | awk '/ACCEPTED_PER_SECOND/ { s += $2 } END { print s }')
  p99=$(cat "$work"/run-$n-*.out | awk '/P99_MS/ { if ($2 > m) m = $2 } END { print m }')
  awk -v n="$n" -v acc="$accepted" -v p99="$p99" -v loaded="$loaded" -v s="$seconds" -v d="$done_total" -v t0="$started" -v t1="$drained_at" \
      -v gw="$gw" -v jit="$jit" -v br="$br" -v pg="$pg" -v hz="$(getconf CLK_TCK)" -v calls="$calls" -v wal="$wal" -v added="$added" -v ev="$events" 'BEGIN {
    printf "%d instance(s): accepted %d/s (p99 %.1f ms, worst instance), processed %.0f/s while loaded, %.0f/s sustained (%d in %.0f s)\n",
      n, acc, p99, loaded / s, d / (t1 - t0), d, t1 - t0
    printf "%d instance(s): per processed request: CPU %.2f ms gateways (%.2f without their JIT compiler threads), %.2f ms broker, %.2f ms PostgreSQL; %.1f SQL statements, %.0f WAL bytes; %.2f messages to the queue, %.2f events published\n",
      n, 1000 * gw / hz / d, 1000 * (gw - jit) / hz / d, 1000 * br / hz / d, 1000 * pg / hz / d, calls / d, wal / d, added / d, ev / d }'
  # what the instances logged: jobs retried (a lock wait or a deadlock between batches), batches that failed
  cat "$work"/gw-$n-*.log | awk -v n="$n" '/failed \(attempt/ { retried++ } /a batch of .* failed/ { failed++ }
    /deadlock/ { deadlocks++ } END { printf "%d instance(s): logged %d jobs retried, %d batches failed, %d deadlocks\n", n, retried, failed, deadlocks }' >&2
  [ -z "${KEEP_LOGS:-}" ] || cp "$work"/gw-$n-*.log "$KEEP_LOGS"/
  for pid in "${gateways[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
done
