#!/usr/bin/env bash
# Cluster-mode figures (docs/cluster.md, docs/benchmarks.md): PUBACK p50/p99 of BENCH_DEVICES MQTT devices
# at 1 pack/s on one gateway (local journal, fsync) and on a 2-node cluster on one KRaft broker (acks=all),
# then SIGKILL of the node the devices use: reconnect time, take-over time, time until a dead node's patient
# is evaluated again. Everything runs on loopback in child JVMs and stops by itself.
#   BENCH_DEVICES (200)  BENCH_SECONDS (20)  BENCH_PARTITIONS (12)
# Needs a build first: mvn -B -o -q -pl gateway -am -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/../gateway"
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dhomeward.repo.root=.. -Dbench.devices="${BENCH_DEVICES:-200}" -Dbench.seconds="${BENCH_SECONDS:-20}" \
    -Dbench.partitions="${BENCH_PARTITIONS:-12}" \
    -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.homeward.gateway.e2e.ClusterFailoverBench
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
