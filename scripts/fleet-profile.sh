#!/usr/bin/env bash
# Where the gateway's one core goes under the fleet load at steady state (issue 14): the gateway pinned to
# core 1 as side-by-side.sh runs it, the shared generator's fleet load (N devices x 1 pack/s, QoS 1) on
# core 0 for DUR seconds, and AT seconds in (after the JIT has settled, unlike side-by-side's 10-30 s
# window) 10 s of CPU per gateway thread from /proc (user + system), perf stat of core 1, and optionally a
# JFR recording and a class histogram. A benchmark, not a test.
#
#   scripts/fleet-profile.sh OUT_DIR            # N=10000 DUR=80 AT=60
#   JFR=1 HISTO=1 scripts/fleet-profile.sh OUT_DIR
#
# Needs the shared generator built by side-by-side.sh (/tmp/side-by-side-loadgen), taskset, perf (optional).
set -uo pipefail
OUT=${1:?out dir}; N=${N:-10000}; DUR=${DUR:-80}; AT=${AT:-60}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
ROOT=$(cd "$(dirname "$0")/.." && pwd); cd "$ROOT"
LG=/tmp/side-by-side-loadgen/target/mqtt-loadgen.jar
[[ -f $LG ]] || { echo "build the shared generator first (run ../shared/tools/side-by-side.sh once)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/fleet-profile.XXXXXX); GW=""; LP=""
trap '[[ -n $LP ]] && kill $LP 2>/dev/null; [[ -n $GW ]] && kill $GW 2>/dev/null; rm -rf "$WORK"' EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
ulimit -n 20000
MQTT=$(port); HTTP=$(port)
SETS=(--set data.dir="$WORK/data" --set mqtt.port="$MQTT" --set http.port="$HTTP" --set coaps.port=0 --set mqtt.tls.port=0 --set ingest.device-rate=0)
java -jar gateway/target/homeward-gateway.jar --config config/gateway.yaml "${SETS[@]}" devices add-bulk --count "$N" --prefix sbs- --kind oximeter 2>/dev/null \
  | python3 -c 'import sys,json; [print(d["deviceId"], d["secret"]) for d in map(json.loads, sys.stdin)]' >"$WORK/creds"
JOPTS=()
[[ -n ${JFR:-} ]] && JOPTS=("-XX:StartFlightRecording=delay=$((AT - 10))s,duration=20s,filename=$OUT/fleet.jfr,settings=profile")
taskset -c 1 java "${JOPTS[@]}" -jar gateway/target/homeward-gateway.jar --config config/gateway.yaml "${SETS[@]}" >"$OUT/gateway.log" 2>&1 & GW=$!
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$HTTP/health" >/dev/null 2>&1 && break; sleep 0.5; done
taskset -c 0 java -Xms1g -Xmx2g -jar "$LG" --mode pubsub --no-sub --port "$MQTT" --qos 1 --credentials "$WORK/creds" \
  --topic-template 'v1/devices/{dev}/senml' --payload senml --pubs "$N" --rate-per-pub 1 --inflight 8 --conn-conc 500 \
  --warmup 10 --duration "$DUR" --broker-pid "$GW" --label homeward >"$OUT/load.log" 2>&1 & LP=$!
sleep "$AT"
snap() { for t in /proc/$GW/task/*; do echo "$(tr ' ' _ <"$t/comm" 2>/dev/null) $(awk '{print $14+$15}' "$t/stat" 2>/dev/null)"; done; }
snap >"$WORK/t0"
[[ -n ${HISTO:-} ]] && jcmd "$GW" GC.class_histogram >"$OUT/histogram.txt" 2>&1
if command -v perf >/dev/null; then perf stat -C 1 -e task-clock,context-switches,page-faults -- sleep 10 2>"$OUT/perf-stat.txt"; else sleep 10; fi
snap >"$WORK/t1"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S) UTC" >"$OUT/threads.txt"
python3 - "$WORK/t0" "$WORK/t1" >>"$OUT/threads.txt" <<'PY'
import collections, re, sys
def read(p):
    d = collections.Counter()
    for line in open(p):
        parts = line.split()
        if len(parts) == 2:
            d[re.sub(r'[-#]?\d+$', '', parts[0])] += int(parts[1])
    return d
a, b = read(sys.argv[1]), read(sys.argv[2])
hz = 100  # clock ticks per second (USER_HZ)
for name, ticks in sorted(((k, b[k] - a[k]) for k in b), key=lambda x: -x[1])[:8]:
    print(f"{name:28s} {ticks / hz / 10:.3f} core")
PY
wait "$LP"; LP=""
grep '^RESULT' "$OUT/load.log" | tee -a "$OUT/threads.txt"
cat "$OUT/threads.txt"
