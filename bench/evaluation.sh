#!/usr/bin/env bash
# JMH benchmark of rule evaluation alone (no I/O): evaluations per second and latency percentiles for
# 10, 100 and 1,000 active campaigns, one thread. Extra arguments go to JMH (e.g. -p campaigns=100).
#   bench/evaluation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
"${JAVA:-java}" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main EvaluationBenchmark "$@"
