#!/usr/bin/env bash
# Before/after of issue #14 on one machine in one sitting: the load generator's own ceiling, then the
# shared side-by-side runs (Homeward vs Mosquitto, throughput and fleet), the nurse-WebSocket run, idle
# connection memory, and a JFR profile of the "after" gateway under the throughput load. A benchmark,
# not a test: run it on a quiet machine and write the figures down with the load averages it prints.
#
#   scripts/perf-compare.sh BEFORE_DIR AFTER_DIR [OUT_DIR]
#
# Each DIR is a checkout with gateway/target/homeward-gateway.jar and device-sim/target/homeward-device-sim.jar
# built (mvn -B -q -DskipTests package). Runs are interleaved (before, after, before, after...) so a drift
# of the machine shows up in both. Needs mosquitto, taskset, python3, the JDK's jfr tool.
set -euo pipefail
BEFORE=$(cd "$1" && pwd); AFTER=$(cd "$2" && pwd)
OUT=${3:-$AFTER/docs/bench-results/perf-compare-$(date +%Y%m%d-%H%M)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
SBS=${SIDE_BY_SIDE:-$(cd "$(dirname "$0")/../.." && pwd)/shared/tools/side-by-side.sh}
[[ -x $SBS || -f $SBS ]] || SBS=/work/shared/tools/side-by-side.sh
HERE=$(cd "$(dirname "$0")" && pwd)
log() { echo "[$(date +%H:%M:%S)] load $(cut -d' ' -f1-3 /proc/loadavg) :: $*" | tee -a "$OUT/summary.txt"; }
SINK_PID=""
trap '[[ -n $SINK_PID ]] && kill $SINK_PID 2>/dev/null || true' EXIT
ulimit -n 20000 2>/dev/null || true

# 1. the generator's ceiling: the same loads against its own null sink on the broker's core
LG=/tmp/side-by-side-loadgen/target/mqtt-loadgen.jar # where side-by-side.sh builds it
if [[ ! -f $LG ]]; then
  rm -rf /tmp/side-by-side-loadgen; mkdir -p /tmp/side-by-side-loadgen
  cp -r "$(dirname "$SBS")/mqtt-loadgen/pom.xml" "$(dirname "$SBS")/mqtt-loadgen/src" /tmp/side-by-side-loadgen/
  (cd /tmp/side-by-side-loadgen && mvn -q -B package >/dev/null)
fi
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
ceiling() { # label pubs load-args...
  local label=$1 n=$2; shift 2
  local p; p=$(port)
  python3 -c "import sys; [print(f'sbs-{i:06d} s{i}') for i in range(int(sys.argv[1]))]" "$n" >"$OUT/sink-creds"
  taskset -c 1 java -Xmx2g -jar "$LG" --mode sink --port "$p" --credentials "$OUT/sink-creds" --life 300 >"$OUT/sink-$label.log" 2>&1 &
  SINK_PID=$!
  sleep 2
  taskset -c 0 java -Xms1g -Xmx2g -jar "$LG" --mode pubsub --no-sub --port "$p" --qos 1 --credentials "$OUT/sink-creds" \
    --topic-template 'v1/devices/{dev}/senml' --payload senml "$@" --broker-pid "$SINK_PID" --label "null-sink-$label" 2>&1 \
    | grep '^RESULT' | tee -a "$OUT/summary.txt"
  kill $SINK_PID; wait $SINK_PID 2>/dev/null || true; SINK_PID=""
}
log "ceiling: throughput load against the generator's null sink"
ceiling throughput 100 --pubs 100 --inflight 8 --warmup 5 --duration 15
log "ceiling: fleet load against the generator's null sink"
ceiling fleet 10000 --pubs 10000 --rate-per-pub 1 --inflight 8 --conn-conc 500 --warmup 10 --duration 20

# 2. side-by-side, interleaved
for scenario in throughput fleet; do
  for side in BEFORE AFTER; do
    dir=${!side}
    log "side-by-side $scenario: $side ($dir)"
    (cd "$dir" && bash "$SBS" "$scenario") 2>&1 | tee -a "$OUT/summary.txt" | tail -3
  done
done

# 3. one nurse WebSocket on the board while 10,000 devices publish 1/s; 4. idle connections, twice each
# (RSS per connection moves by a few hundred bytes from run to run: how much of the young generation the
# ramp happens to touch), interleaved before/after/before/after
for scenario in websocket connections connections; do
  for side in BEFORE AFTER; do
    dir=${!side}
    log "bench.sh $scenario: $side"
    (cd "$dir" && BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-19000} scripts/bench.sh --out "$OUT/$side" "$scenario") \
      >"$OUT/$side-$scenario.log" 2>&1 || log "bench.sh $scenario $side failed (see $OUT/$side-$scenario.log)"
    cat "$OUT/$side"/homeward-"$scenario".md 2>/dev/null | tee -a "$OUT/summary.txt" | head -20 || true
  done
done

# 5. where the "after" CPU goes: JFR under the throughput load
log "JFR of AFTER under bench.sh throughput"
(cd "$AFTER" && GATEWAY_JAVA_OPTS="-Xmx2g -XX:StartFlightRecording=filename=$OUT/after.jfr,settings=profile,dumponexit=true" \
  scripts/bench.sh --out "$OUT/AFTER-jfr" throughput) >"$OUT/jfr-run.log" 2>&1 || true
[[ -f $OUT/after.jfr ]] && python3 "$HERE/jfr-summary.py" "$OUT/after.jfr" | tee "$OUT/jfr-summary.txt"
log "done: $OUT"
