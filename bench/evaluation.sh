#!/usr/bin/env bash
# JMH benchmark of rule evaluation alone (no I/O): evaluations per second, then latency percentiles in µs,
# for 10, 100 and 1,000 active campaigns, one thread. With arguments, they go to JMH instead
# (e.g. -p campaigns=100 -bm thrpt). JAVA picks the JDK that runs it (default java).
#   bench/evaluation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
jmh() { "${JAVA:-java}" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main EvaluationBenchmark "$@"; }
if [ $# -gt 0 ]; then
  jmh "$@"
else
  jmh -bm thrpt -tu s
  jmh -bm sample -tu us
fi
