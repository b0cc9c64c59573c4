#!/usr/bin/env bash
# Runs a main class of task-dl4j's test code (benchmarks, examples) with the module's class path:
#   task-dl4j/run.sh org.fl4j.dl4j.bench.LocalTrainingBenchmark [all|epochs [N]|round|federated]
#   task-dl4j/run.sh org.fl4j.dl4j.experiment.ExperimentExample
# Builds what it needs with the reactor (no install), then runs the class with one native thread per
# training process and a bounded heap (ND4J frees native memory when the GC runs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
main="$1"
shift
mvn -B -q -pl task-dl4j -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$root/task-dl4j/target/run-classpath.txt" >&2
exec java --add-modules=jdk.incubator.vector -Xmx3g -XX:+UseParallelGC \
  -cp "task-dl4j/target/test-classes:task-dl4j/target/classes:$(cat task-dl4j/target/run-classpath.txt)" \
  "$main" "$@"
