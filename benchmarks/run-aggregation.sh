#!/usr/bin/env bash
# Runs the aggregation benchmarks as recorded in docs/benchmarks.md and keeps the JMH JSON in
# benchmarks/results/. Build first: mvn -B -Pbenchmarks -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
out=benchmarks/results
mkdir -p "$out"
jar=benchmarks/target/benchmarks.jar
uptime | tee "$out/load.txt"
java -jar "$jar" FedAvgBenchmark -f 1 -wi 2 -i 3 -rf json -rff "$out/fedavg.json" | tee "$out/fedavg.txt"
uptime | tee -a "$out/load.txt"
java -jar "$jar" PairedBandwidthBenchmark -f 1 -wi 2 -i 5 -rf json -rff "$out/paired.json" | tee "$out/paired.txt"
uptime | tee -a "$out/load.txt"
java -jar "$jar" RoundIngestBenchmark -f 1 -wi 2 -i 3 -rf json -rff "$out/ingest.json" | tee "$out/ingest.txt"
uptime | tee -a "$out/load.txt"
java -jar "$jar" RobustStrategyBenchmark -f 1 -wi 2 -i 3 -rf json -rff "$out/robust.json" | tee "$out/robust.txt"
uptime | tee -a "$out/load.txt"
