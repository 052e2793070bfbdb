#!/usr/bin/env bash
# Homeward MQTT benchmarks (not tests). Builds nothing: expects gateway/target/homeward-gateway.jar and
# device-sim/target/homeward-device-sim.jar (mvn -B -o -q package -DskipTests).
#
#   scripts/bench.sh [--broker homeward|mosquitto|null] [--out DIR] SCENARIO...
#
# Scenarios (each on a fresh broker; the broker pinned to core 1, the load client to core 0):
#   throughput   100 connections, QoS 1, window 32, 200-byte packs, as fast as acknowledged (fsync on)
#   qos0         100 connections, QoS 0, as fast as the sockets take them
#   latency      1,000 devices x 1 pack/s, publish->PUBACK percentiles
#   connections  N devices (BENCH_CONNECTIONS, 10000): ramp with authentication, idle memory per
#                connection, reconnect storm
#   websocket    N devices (BENCH_WS_DEVICES, 10000) x 1 pack/s with a nurse WebSocket: device->/ws latency
# Durations: BENCH_DURATION (20 s measured) after BENCH_WARMUP (5 s).
# Results: DIR/<broker>-<scenario>.json and .md (default DIR: bench-results/<timestamp>).
set -euo pipefail
cd "$(dirname "$0")/.."
BROKER=homeward
OUT=""
SCENARIOS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --broker) BROKER=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) SCENARIOS+=("$1"); shift ;;
  esac
done
[[ ${#SCENARIOS[@]} -gt 0 ]] || SCENARIOS=(throughput latency connections)
OUT=${OUT:-bench-results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
source scripts/bench-lib.sh
for jar in "$GATEWAY_JAR" "$SIM_JAR"; do [[ -f $jar ]] || { echo "missing $jar: build first" >&2; exit 2; }; done
WARMUP=${BENCH_WARMUP:-5}
DURATION=${BENCH_DURATION:-20}
export HOMEWARD_BENCH_PASSWORD=${HOMEWARD_BENCH_PASSWORD:-bench-$RANDOM-$RANDOM-pw}
WORK=$(mktemp -d /tmp/homeward-bench.XXXXXX)
trap 'stop_broker; rm -rf "$WORK"' EXIT

# start BROKER with N provisioned devices -> CREDS_ARGS for the load client
start() {
  local n=$1 dir="$WORK/$BROKER-$2"
  mkdir -p "$dir"
  case $BROKER in
    homeward)
      scripts/bench-provision.sh "$dir" "$n" "$dir/creds.jsonl"
      start_homeward "$dir"
      CREDS_ARGS=(--credentials "$dir/creds.jsonl" --watch-jvm --label "homeward journal.fsync=${FSYNC_LABEL:-true}") ;;
    mosquitto)
      start_mosquitto "$dir"
      CREDS_ARGS=(--anonymous --devices "$n" --label "mosquitto 2 in memory (persistence false), anonymous") ;;
    null)
      start_null "$dir"
      CREDS_ARGS=(--anonymous --devices "$n" --watch-jvm --label "null sink (acknowledges only)") ;;
    *) echo "unknown broker $BROKER" >&2; exit 2 ;;
  esac
}

for s in "${SCENARIOS[@]}"; do
  echo "== $BROKER $s" >&2
  case $s in
    throughput)
      start 100 "$s"
      run_load "$OUT/$BROKER-$s" "${CREDS_ARGS[@]}" --qos 1 --window 32 --threads 1 --phases max \
        --warmup "$WARMUP" --duration "$DURATION" ;;
    qos0)
      start 100 "$s"
      run_load "$OUT/$BROKER-$s" "${CREDS_ARGS[@]}" --qos 0 --threads 1 --phases max \
        --warmup "$WARMUP" --duration "$DURATION" ;;
    latency)
      start 1000 "$s"
      run_load "$OUT/$BROKER-$s" "${CREDS_ARGS[@]}" --qos 1 --phases rate --rate 1 \
        --warmup "$WARMUP" --duration "$DURATION" ;;
    connections)
      n=${BENCH_CONNECTIONS:-10000}
      start "$n" "$s"
      run_load "$OUT/$BROKER-$s" "${CREDS_ARGS[@]}" --qos 1 --phases idle,storm --idle-seconds 10 ;;
    websocket)
      [[ $BROKER == homeward ]] || { echo "websocket: Homeward only" >&2; continue; }
      n=${BENCH_WS_DEVICES:-10000}
      start "$n" "$s"
      run_load "$OUT/$BROKER-$s" "${CREDS_ARGS[@]}" --qos 1 --phases rate --rate 1 \
        --warmup "$WARMUP" --duration "$DURATION" --ws-url "ws://127.0.0.1:$HTTP_PORT/ws" --ws-user bench ;;
    *) echo "unknown scenario $s" >&2; exit 2 ;;
  esac
  if [[ $BROKER == homeward ]]; then # journal batch sizes, append (fsync) latency, live push latency
    curl -s "http://127.0.0.1:$HTTP_PORT/metrics" | grep -E '^homeward_(journal|ingest_latency|live)' \
      > "$OUT/$BROKER-$s-metrics.txt" || true
  fi
  stop_broker
done
echo "results in $OUT" >&2
