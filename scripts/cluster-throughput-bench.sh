#!/usr/bin/env bash
# Per-node throughput and CPU per acknowledged pack of cluster mode with 1, 2 and 3 gateway nodes on
# this machine (issue 13; figures in docs/benchmarks.md, "Cluster mode"). A benchmark, not a test.
#
# What it runs, all on loopback, every process stopped by pid at exit:
#   * a KRaft Kafka from Kafka's Maven artifacts: BROKERS (3) brokers, replication 3, min.insync 2 as in
#     production and scripts/cluster-demo.sh (BROKERS=1: replication 1, min.insync 1);
#   * 1,000 devices provisioned ONCE through the cluster registry topic (admin CLI `devices add-bulk`);
#   * for N = 1, 2, 3: N fresh gateway nodes (the real jar, cluster.enabled, fresh topics and group per
#     N so no node replays an earlier run's readings), then two workloads from the independent generator
#     (../shared/tools/mqtt-loadgen, `--mode pubsub --no-sub`, QoS 1, SenML, v1/devices/{dev}/senml),
#     one generator per node with its share of the devices:
#       sat   : SAT_DEVICES (100) devices, 8 in flight each, as fast as acknowledged
#       fixed : FIXED_DEVICES (1,000) devices x 1 pack/s
#   * the same two workloads against ONE gateway with cluster.enabled=false (local journal, fsync);
#   * the generator against its own null sink once (its ceiling for the sat load).
# Per run: acked packs/s total and per node, PUBACK p50/p99 per node (the generator's), CPU seconds of
# every gateway JVM and of the broker JVMs over the generator's measured window (/proc/<pid>/stat
# utime+stime), CPU us per acknowledged pack for gateways and Kafka, load average at start and end.
#
# Pinning (PIN=1, default): generators on core 0, brokers and gateways on core 1, as the shared tools
# pin. So the system under test has ONE core whatever N is: packs/s cannot grow with N here; the
# figure that carries over to bigger machines is CPU per pack. PIN=0 lets the kernel place everything.
#
#   scripts/cluster-throughput-bench.sh                 # ~13 min (3 brokers; BROKERS=1 LOCAL=0 SINK=0: ~10 min)
#   BROKERS=1 DURATION=20 scripts/cluster-throughput-bench.sh
# Each run's CPU is also given "incl. drain": until the processes are idle again after the load (what
# was acknowledged but not yet processed is worked off then). Fixed-rate runs go first for that reason.
#   env: BROKERS (3) NODES_LIST ("1 2 3") WARMUP (10) DURATION (30) SAT_DEVICES (100) FIXED_DEVICES (1000)
#        PARTITIONS (12) PIN (1) IDLE_CORES_PCT (30) LOCAL (1: run the local-journal baseline) SINK (1: the generator's ceiling) OUT (docs/bench-results/<date>-cluster-throughput)
# Needs: mvn -B -o -q -DskipTests package (gateway jar) and Java 17+, python3, taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/kraft.sh # kraft_properties, kraft_await
ROOT=$PWD
BROKERS=${BROKERS:-3}
NODES_LIST=${NODES_LIST:-"1 2 3"}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-30}
SAT_DEVICES=${SAT_DEVICES:-100}
FIXED_DEVICES=${FIXED_DEVICES:-1000}
PARTITIONS=${PARTITIONS:-12}
PIN=${PIN:-1}
IDLE_CORES_PCT=${IDLE_CORES_PCT:-30}
LOCAL=${LOCAL:-1}
SINK=${SINK:-1}
OUT=${OUT:-docs/bench-results/$(date -u +%F)-cluster-throughput}
GW_JAR=$ROOT/gateway/target/homeward-gateway.jar
[[ -f $GW_JAR ]] || { echo "build first: mvn -B -o -q -DskipTests package" >&2; exit 2; }
((BROKERS == 1 || BROKERS == 3)) || { echo "BROKERS must be 1 or 3" >&2; exit 2; }
if ((BROKERS == 3)); then RF=3; ISR=2; else RF=1; ISR=1; fi
CLK_TCK=$(getconf CLK_TCK)
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) <= 20000)) || ulimit -n 20000

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d /tmp/cluster-throughput.XXXXXX)
PIDS=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT INT TERM
# stop some of the processes this script started (by pid) and forget them
stop_pids() {
  local pid keep=()
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do [[ " $* " == *" $pid "* ]] || keep+=("$pid"); done
  PIDS=("${keep[@]}")
}
if ((PIN)); then GEN_CPU=(taskset -c 0); SUT_CPU=(taskset -c 1); else GEN_CPU=(); SUT_CPU=(); fi
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
ticks() { # utime+stime of a pid, in clock ticks (fields 14 and 15; the name in field 2 has no spaces here)
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
SUMMARY=$OUT/summary.txt
ROWS=$OUT/runs.tsv
log() { echo "$*" | tee -a "$SUMMARY"; }
: >"$SUMMARY"
printf 'label\tnodes\tbrokers\tworkload\tsecs\tacked_per_s\tper_node_per_s\tp50_ms\tp99_ms\tgw_cpu_s\tkafka_cpu_s\tgen_cpu_s\tgw_us_per_pack\tkafka_us_per_pack\tload_start\tload_end\tdrain_s\tgw_us_per_pack_incl_drain\tkafka_us_per_pack_incl_drain\n' >"$ROWS"
log "cluster-throughput-bench $(date -u '+%F %T') UTC  commit $(git rev-parse --short HEAD)  $(nproc) cores  $(java -version 2>&1 | head -1)"
log "BROKERS=$BROKERS (RF $RF, min.insync $ISR) NODES_LIST='$NODES_LIST' WARMUP=$WARMUP DURATION=$DURATION SAT_DEVICES=$SAT_DEVICES FIXED_DEVICES=$FIXED_DEVICES PARTITIONS=$PARTITIONS PIN=$PIN"
log "load average at start: $(loadavg)"

# ---- the independent load generator, built as ../shared/tools/side-by-side.sh builds it
LG_SRC=${LG_SRC:-$ROOT/../shared/tools/mqtt-loadgen}
[[ -d $LG_SRC ]] || LG_SRC=/work/shared/tools/mqtt-loadgen
LG_DIR=/tmp/side-by-side-loadgen; LG=$LG_DIR/target/mqtt-loadgen.jar
if [[ ! -f $LG || $LG_SRC/src/main/java/bench/MqttLoad.java -nt $LG ]]; then
  rm -rf "$LG_DIR"; mkdir -p "$LG_DIR"; cp -r "$LG_SRC/pom.xml" "$LG_SRC/src" "$LG_DIR/"
  (cd "$LG_DIR" && mvn -q -B package >/dev/null)
fi

# ---- generator helpers
SAT_LOAD=(--inflight 8 --warmup "$WARMUP" --duration "$DURATION")
FIXED_LOAD=(--rate-per-pub 1 --inflight 8 --conn-conc 500 --warmup "$WARMUP" --duration "$DURATION")
# split_creds FILE COUNT PARTS: the first COUNT lines of FILE dealt round-robin into FILE.COUNT.PARTS.k
split_creds() {
  local k
  for k in $(seq 0 $(($3 - 1))); do
    head -n "$2" "$1" | awk -v n="$3" -v k="$k" '(NR - 1) % n == k' >"$1.$2.$3.$k"
  done
}
# wait until FILE has a line matching the regex (generator progress), at most $3 s
wait_line() {
  local i
  for i in $(seq 1 $(($3 * 20))); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
  return 1
}
# wait_idle PID...: until their CPU together stays under IDLE_CORES for 3 s in a row (at most 90 s)
wait_idle() {
  local i calm=0 a b pid
  for i in $(seq 1 90); do
    a=0; for pid in "$@"; do a=$((a + $(ticks "$pid"))); done
    sleep 1
    b=0; for pid in "$@"; do b=$((b + $(ticks "$pid"))); done
    if (((b - a) * 100 < IDLE_CORES_PCT * CLK_TCK)); then calm=$((calm + 1)); else calm=0; fi
    ((calm < 3)) || return 0
  done
  log "   (not idle 90 s after the load: still $(((b - a) * 100 / CLK_TCK)) % of a core)"
}
# run_load LABEL WORKLOAD CREDS "PORT..." "GATEWAY_PID..." "BROKER_PID..."
# One generator per port (device share k to port k), CPU of every given pid over generator 1's
# measured window, one row in runs.tsv.
run_load() {
  local label=$1 workload=$2 creds=$3 ports=($4) gws=($5) kafkas=($6)
  local n=${#ports[@]} count load=() k pid gens=() la0 la1 t0 t1
  if [[ $workload == sat ]]; then count=$SAT_DEVICES; load=("${SAT_LOAD[@]}"); else count=$FIXED_DEVICES; load=("${FIXED_LOAD[@]}"); fi
  split_creds "$creds" "$count" "$n"
  la0=$(loadavg)
  for k in $(seq 0 $((n - 1))); do
    "${GEN_CPU[@]}" java -Xms512m -Xmx1g -jar "$LG" --mode pubsub --no-sub --port "${ports[$k]}" --qos 1 \
      --credentials "$creds.$count.$n.$k" --topic-template 'v1/devices/{dev}/senml' --payload senml \
      --pubs "$(wc -l <"$creds.$count.$n.$k")" "${load[@]}" --label "$label-$workload-node$((k + 1))" \
      >"$OUT/$label-$workload-node$((k + 1)).txt" 2>&1 &
    gens+=($!); PIDS+=($!)
  done
  local g1=$OUT/$label-$workload-node1.txt
  wait_line "$g1" "^warm t= *$WARMUP " $((WARMUP + 90)) || { echo "generator did not reach its measured window: $g1" >&2; tail -5 "$g1" >&2; exit 1; }
  declare -A c0=()
  t0=$(date +%s.%N)
  for pid in "${gws[@]}" "${kafkas[@]}"; do c0[$pid]=$(ticks "$pid"); done
  wait_line "$g1" "^meas t= *$((WARMUP + DURATION)) " $((DURATION + 30)) || true
  t1=$(date +%s.%N)
  declare -A c1=()
  for pid in "${gws[@]}" "${kafkas[@]}"; do c1[$pid]=$(ticks "$pid"); done
  for pid in "${gens[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_pids "${gens[@]}"
  la1=$(loadavg)
  # what was acknowledged but not yet processed (the owners' consumers, the clinical engine) is worked
  # off after the load stops: count it too, until the processes are back to idle
  wait_idle "${gws[@]}" "${kafkas[@]}"
  local t2; t2=$(date +%s.%N)
  declare -A c2=()
  for pid in "${gws[@]}" "${kafkas[@]}"; do c2[$pid]=$(ticks "$pid"); done
  local gw_ticks=() kafka_ticks=0 gw_drain=0 kafka_drain=0 results=()
  for pid in "${gws[@]}"; do gw_ticks+=($((c1[$pid] - c0[$pid]))); gw_drain=$((gw_drain + c2[$pid] - c1[$pid])); done
  for pid in "${kafkas[@]}"; do kafka_ticks=$((kafka_ticks + c1[$pid] - c0[$pid])); kafka_drain=$((kafka_drain + c2[$pid] - c1[$pid])); done
  for k in $(seq 1 "$n"); do results+=("$(grep '^RESULT' "$OUT/$label-$workload-node$k.txt" || echo RESULT missing)"); done
  python3 - "$label" "$n" "${#kafkas[@]}" "$workload" "$t0" "$t1" "$CLK_TCK" "${gw_ticks[*]}" "$kafka_ticks" \
    "$la0" "$la1" "$t2" "$gw_drain" "$kafka_drain" "${results[@]}" >>"$ROWS" 2>>"$SUMMARY" <<'PY'
import sys
label, n, brokers, workload, t0, t1, tck, gw, kafka, la0, la1, t2, gw_drain, kafka_drain = sys.argv[1:15]
res = [dict(kv.split("=", 1) for kv in r.split()[1:] if "=" in kv) for r in sys.argv[15:]]
tck = float(tck); secs = float(t1) - float(t0)
gw_s = [int(t) / tck for t in gw.split()]
kafka_s = int(kafka) / tck
drain_secs, gw_drain_s, kafka_drain_s = float(t2) - float(t1), int(gw_drain) / tck, int(kafka_drain) / tck
# the generators' own CPU over their own windows (a generator may have exited before the last /proc read)
gen_s = sum(float(r.get("tool_cpu_cores", 0)) * float(r.get("secs", 0)) for r in res)
acked = [float(r.get("pubacks", 0)) for r in res]          # in each generator's measured window
rate = [float(r.get("puback_per_s", 0)) for r in res]
total_acked, total_rate = sum(acked), sum(rate)
p50 = [int(r.get("p50_us", -1)) / 1000 for r in res]; p99 = [int(r.get("p99_us", -1)) / 1000 for r in res]
us = lambda cpu: cpu / total_acked * 1e6 if total_acked else float("nan")
print("\t".join([label, n, brokers, workload, f"{secs:.1f}", f"{total_rate:.0f}", "/".join(f"{r:.0f}" for r in rate),
                 "/".join(f"{x:.1f}" for x in p50), "/".join(f"{x:.1f}" for x in p99),
                 "/".join(f"{x:.1f}" for x in gw_s), f"{kafka_s:.1f}", f"{gen_s:.1f}",
                 f"{us(sum(gw_s)):.0f}", f"{us(kafka_s):.0f}" if brokers != "0" else "-", la0, la1,
                 f"{drain_secs:.1f}", f"{us(sum(gw_s) + gw_drain_s):.0f}",
                 f"{us(kafka_s + kafka_drain_s):.0f}" if brokers != "0" else "-"]))
bad = [r for r in res if not r or int(r.get("refused", 0)) or int(r.get("closed", 0)) or int(r.get("conn_failed", 0))]
if bad: print(f"WARNING {label} {workload}: refused/closed/failed connections: {bad}", file=sys.stderr)
PY
  local row; row=$(tail -1 "$ROWS")
  log "$(awk -F'\t' '{printf "%-7s nodes=%s %-5s %6.1f s  acked/s=%s (per node %s)  p50 ms %s  p99 ms %s  gateway cpu s %s  kafka cpu s %s  generator cpu s %s  gateway us/pack %s  kafka us/pack %s  load %s -> %s  idle again after %s s; us/pack incl. that: gateway %s kafka %s", $1,$2,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19}' <<<"$row")"
}

# ---- gateway nodes
# start_node NAME DATA_DIR [--set ...]: sets NODE_PID NODE_HTTP NODE_MQTT once /health answers
start_node() {
  local name=$1 dir=$2; shift 2
  local http mqtt pid i
  http=$(port); mqtt=$(port)
  "${SUT_CPU[@]}" java -Xms256m -Xmx1g -jar "$GW_JAR" --config config/gateway.yaml --set "data.dir=$dir" \
    --set "http.port=$http" --set "mqtt.port=$mqtt" --set coaps.port=0 --set mqtt.tls.port=0 --set ingest.device-rate=0 \
    "$@" >"$WORK/$name.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  for i in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { tail -30 "$WORK/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$http/health" >/dev/null 2>&1 || { echo "$name did not start" >&2; tail -30 "$WORK/$name.log" >&2; exit 1; }
  NODE_PID=$pid; NODE_HTTP=$http; NODE_MQTT=$mqtt
}
# wait until the N nodes see each other and own every partition between them, none replaying
wait_assigned() {
  local want=$1; shift
  local i
  for i in $(seq 1 180); do
    python3 - "$want" "$PARTITIONS" "$@" <<'PY' && return 0
import json, sys, urllib.request
want, parts, ports = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
owned, ok = 0, True
for p in ports:
    try:
        c = json.load(urllib.request.urlopen(f"http://127.0.0.1:{p}/health", timeout=2))["details"]["cluster"]
    except Exception:
        sys.exit(1)
    owned += len(c["partitionsOwned"]); ok &= not c["partitionsReplaying"] and len(c["members"]) == want
sys.exit(0 if ok and owned == parts else 1)
PY
    sleep 1
  done
  echo "the $want nodes did not settle on $PARTITIONS partitions in 180 s" >&2
  exit 1
}

# ---- 1. the generator's own ceiling: its null sink on the gateways' core, the sat load
head -c 32 /dev/urandom >"$WORK/master.key"; chmod 600 "$WORK/master.key"
put_key() { mkdir -p "$1/registry"; chmod 700 "$1" "$1/registry"; cp -p "$WORK/master.key" "$1/registry/master.key"; }
if ((SINK)); then
SINK_PORT=$(port)
"${SUT_CPU[@]}" java -Xmx512m -jar "$LG" --mode sink --sink null --port "$SINK_PORT" --life $((WARMUP + DURATION + 60)) \
  >"$OUT/sink-server.txt" 2>&1 &
SINK_PID=$!; PIDS+=("$SINK_PID")
sleep 2
for i in $(seq 1 "$SAT_DEVICES"); do printf 'sink-d%d s%d\n' "$i" "$i"; done >"$WORK/sink.creds"
log "== generator ceiling against its null sink (sink pinned like the gateways)"
run_load sink sat "$WORK/sink.creds" "$SINK_PORT" "$SINK_PID" ""
stop_pids "$SINK_PID"
fi

# ---- 2. single node on its local journal (cluster.enabled=false), same workloads
if ((LOCAL)); then
  log "== one gateway, local journal (cluster.enabled=false, journal fsync as shipped)"
  LD=$WORK/local; mkdir -p "$LD"; chmod 700 "$LD"
  java -jar "$GW_JAR" --config config/gateway.yaml --set "data.dir=$LD" \
    devices add-bulk --count "$FIXED_DEVICES" --prefix cb- --kind oximeter 2>"$WORK/local-provision.err" \
    | python3 -c 'import sys,json; [print(d["deviceId"], d["secret"]) for d in map(json.loads, sys.stdin)]' >"$WORK/local.creds" || true
  [[ $(wc -l <"$WORK/local.creds") == "$FIXED_DEVICES" ]] || { echo "local provisioning failed" >&2; cat "$WORK/local-provision.err" >&2; exit 1; }
  start_node local "$LD"
  run_load local fixed "$WORK/local.creds" "$NODE_MQTT" "$NODE_PID" ""
  run_load local sat "$WORK/local.creds" "$NODE_MQTT" "$NODE_PID" ""
  stop_pids "$NODE_PID"
fi

# ---- 3. Kafka: BROKERS KRaft brokers (broker + controller each), as scripts/cluster-demo.sh starts them
log "== starting $BROKERS Kafka broker(s), replication $RF, min.insync $ISR"
mvn -B -q -o -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/kafka.classpath" >/dev/null
KJAVA=(java -Xms512m -Xmx512m -cp "$(cat "$WORK/kafka.classpath")")
declare -a KPORT CPORT KPID
VOTERS=""; BOOTSTRAP=""
for i in $(seq 1 "$BROKERS"); do
  KPORT[$i]=$(port); CPORT[$i]=$(port)
  VOTERS="${VOTERS:+$VOTERS,}$i@127.0.0.1:${CPORT[$i]}"; BOOTSTRAP="${BOOTSTRAP:+$BOOTSTRAP,}127.0.0.1:${KPORT[$i]}"
done
CLUSTER_ID=$("${KJAVA[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
for i in $(seq 1 "$BROKERS"); do
  d=$WORK/kafka-$i; mkdir -p "$d"
  kraft_properties "$i" "$VOTERS" "${KPORT[$i]}" "${CPORT[$i]}" "$d/logs" "$RF" "$ISR" >"$d/server.properties"
  "${KJAVA[@]}" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$d/server.properties" >"$d/format.log" 2>&1
done
KAFKA_PIDS=()
for i in $(seq 1 "$BROKERS"); do
  "${SUT_CPU[@]}" "${KJAVA[@]}" kafka.Kafka "$WORK/kafka-$i/server.properties" >"$WORK/kafka-$i/server.log" 2>&1 &
  KPID[$i]=$!; PIDS+=("${KPID[$i]}"); KAFKA_PIDS+=("${KPID[$i]}")
done
for i in $(seq 1 "$BROKERS"); do
  kraft_await "$WORK/kafka-$i/server.log" "${KPID[$i]}" || exit 1
done
CLUSTER_SETS=(--set cluster.enabled=true --set "cluster.kafka.bootstrap-servers=$BOOTSTRAP"
  --set "cluster.replication-factor=$RF" --set "cluster.min-insync-replicas=$ISR" --set "cluster.partitions=$PARTITIONS")
ADMIN=$WORK/admin; put_key "$ADMIN"
java -jar "$GW_JAR" --config config/gateway.yaml --set "data.dir=$ADMIN" --set cluster.node-id=admin "${CLUSTER_SETS[@]}" \
  devices add-bulk --count "$FIXED_DEVICES" --prefix cb- --kind oximeter 2>"$WORK/cluster-provision.err" \
  | python3 -c 'import sys,json; [print(d["deviceId"], d["secret"]) for d in map(json.loads, sys.stdin)]' >"$WORK/cluster.creds" || true
[[ $(wc -l <"$WORK/cluster.creds") == "$FIXED_DEVICES" ]] || { echo "cluster provisioning failed" >&2; cat "$WORK/cluster-provision.err" >&2; exit 1; }
log "   $BROKERS broker(s) up ($BOOTSTRAP), $FIXED_DEVICES devices in the registry topic; load average $(loadavg)"

# ---- 4. N = 1, 2, 3 nodes, fresh topics and group per N (nothing to replay from an earlier N)
for N in $NODES_LIST; do
  log "== $N node(s) on $BROKERS broker(s)"
  SETS=("${CLUSTER_SETS[@]}" --set "cluster.group-id=cb-n$N" --set "cluster.topics.readings=cb-n$N.readings"
    --set "cluster.topics.patients=cb-n$N.patients" --set "cluster.topics.alarms=cb-n$N.alarms"
    --set "cluster.topics.commands=cb-n$N.commands")
  NPIDS=(); NHTTP=(); NMQTT=()
  for k in $(seq 1 "$N"); do
    d=$WORK/n$N-node-$k; put_key "$d"
    start_node "n$N-node-$k" "$d" --set "cluster.node-id=node-$k" "${SETS[@]}"
    NPIDS+=("$NODE_PID"); NHTTP+=("$NODE_HTTP"); NMQTT+=("$NODE_MQTT")
  done
  wait_assigned "$N" "${NHTTP[@]}"
  run_load "n$N" fixed "$WORK/cluster.creds" "${NMQTT[*]}" "${NPIDS[*]}" "${KAFKA_PIDS[*]}"
  run_load "n$N" sat "$WORK/cluster.creds" "${NMQTT[*]}" "${NPIDS[*]}" "${KAFKA_PIDS[*]}"
  for k in $(seq 1 "$N"); do
    log "   node-$k log: $(grep -cE '(ERROR|WARN)' "$WORK/n$N-node-$k.log" || true) WARN/ERROR lines"
    grep -E '(ERROR|WARN)' "$WORK/n$N-node-$k.log" >"$OUT/n$N-node-$k-warnings.txt" || true
  done
  stop_pids "${NPIDS[@]}"
done

log "load average at end: $(loadavg)"
echo
column -t -s $'\t' "$ROWS" | tee -a "$SUMMARY"
echo "raw output: $OUT"
