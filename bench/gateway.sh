# Sourced by bench/e2e.sh and bench/drain.sh: builds the jar and starts a fresh gateway on port 18080 with
# a data directory of its own, and makes sure it is gone (and its directory removed) when the script
# exits. Arguments: extra application arguments. Environment: JAVA (the java binary, default java),
# GATEWAY_OPTS (extra JVM options), GATEWAY_ARGS (extra application arguments), KEEP_LOG (a file to keep
# the gateway's log in).
port=18080
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }
if curl -s -o /dev/null localhost:$port; then echo "port $port is taken: another gateway would distort the figures" >&2; exit 1; fi
./mvnw -q -B -Dmaven.test.skip=true package
data="$(mktemp -d)"
"${JAVA:-java}" ${GATEWAY_OPTS:-} -jar target/tillgate-*.jar --server.port=$port --tillgate.data-dir="$data" \
  --tillgate.broker.tcp.port=61626 --logging.level.root=WARN "$@" ${GATEWAY_ARGS:-} > "$data/gateway.log" 2>&1 &
gateway_pid=$!
stop() { # a gateway left running would skew the next measurement
  kill $gateway_pid 2>/dev/null || return 0
  for _ in $(seq 1 30); do kill -0 $gateway_pid 2>/dev/null || break; sleep 1; done
  kill -9 $gateway_pid 2>/dev/null || true; wait $gateway_pid 2>/dev/null || true
  [ -z "${KEEP_LOG:-}" ] || cp "$data/gateway.log" "$KEEP_LOG"
  rm -rf "$data"
}
trap stop EXIT
trap 'exit 1' INT TERM
for _ in $(seq 1 120); do curl -sf localhost:$port/actuator/health >/dev/null && break; sleep 1; done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$gateway_pid/stat"; } # the gateway's user and system CPU time so far, in clock ticks
jit_ticks() { # the part of it the JIT compiler's threads used: on a slow machine they still compile minutes into the load
  local t sum=0
  for t in /proc/$gateway_pid/task/*; do
    case "$(cat "$t/comm" 2>/dev/null)" in
      C1\ Compiler*|C2\ Compiler*) sum=$(( sum + $(sed 's/.*) //' "$t/stat" | awk '{ print $12 + $13 }') )) ;;
    esac
  done
  echo "$sum"
}

sum() { # the sum of the gateway's Prometheus samples named $1 (with the label text $2, if given, and times
  # $3, if given: 1000 turns seconds into milliseconds), a whole number
  curl -s -u viewer:demo-secret localhost:$port/actuator/prometheus | grep "^$1" | grep -F "${2:-}" | awk -v k="${3:-1}" '{s += $NF * k} END {printf "%.0f", s}'
}
