#!/usr/bin/env bash
# Homeward as a cluster, on this machine: a 3-broker KRaft Kafka from Kafka's own Maven artifacts
# (the kafka_2.13 test dependency, class path built offline by Maven), 3 Homeward nodes with
# cluster.enabled, the demo roster imported ONCE through the cluster registry, and the simulated
# patients spread over the nodes (patient i on node i mod 3; each MQTT or CoAP/DTLS device tries the
# other nodes when its own is gone: per-node addresses, see docs/cluster.md). Prints the nurse URLs, every pid, and how to kill a node or a broker.
# Ctrl-C stops everything it started, by pid. See docs/cluster.md, "Running a cluster".
#
#   scripts/cluster-demo.sh                   # ports from 19000 up (BASE_PORT), data in cluster-demo-data/
#   PATIENTS=30 BASE_PORT=29000 scripts/cluster-demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/kraft.sh # kraft_properties, kraft_await
PATIENTS=${PATIENTS:-12}
DATA=${CLUSTER_DEMO_DATA:-cluster-demo-data}
BASE_PORT=${BASE_PORT:-19000}
NURSE=nurse
PASSWORD=${DEMO_PASSWORD:-homeward-demo}
NODES=3
BROKERS=3

if [ ! -f gateway/target/homeward-gateway.jar ] || [ ! -f device-sim/target/homeward-device-sim.jar ] \
   || [ -n "$(find gateway/src device-sim/src pom.xml -newer gateway/target/homeward-gateway.jar -print -quit 2>/dev/null)" ]; then
  echo "== building (mvn -DskipTests package)"
  mvn -B -q -ntp -DskipTests package
fi

rm -rf "$DATA"
mkdir -p "$DATA"
chmod 700 "$DATA"
DATA=$(cd "$DATA" && pwd) # absolute: Maven and the nodes run with other working directories
PIDS=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  exit "$rc"
}
trap cleanup EXIT INT TERM

# ports: PORT = the next free one from BASE_PORT up (nothing answers a TCP connect)
NEXT_PORT=$BASE_PORT
free_port() {
  while (exec 3<>"/dev/tcp/127.0.0.1/$NEXT_PORT") 2>/dev/null; do NEXT_PORT=$((NEXT_PORT + 1)); done
  PORT=$NEXT_PORT
  NEXT_PORT=$((NEXT_PORT + 1))
}

echo "== Kafka class path from the kafka_2.13 test dependency (mvn dependency:build-classpath, offline first)"
mvn -B -q -o -pl gateway dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$DATA/kafka.classpath" \
  >/dev/null 2>&1 || mvn -B -q -ntp -pl gateway dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$DATA/kafka.classpath" >/dev/null
KAFKA_CP=$(cat "$DATA/kafka.classpath")
KJAVA=(java -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$KAFKA_CP")

echo "== starting $BROKERS Kafka brokers (KRaft, each broker + controller; logs: $DATA/kafka-N/server.log)"
VOTERS=""
declare -a KPORT CPORT KPID
for i in $(seq 1 $BROKERS); do
  free_port; KPORT[$i]=$PORT; free_port; CPORT[$i]=$PORT
  VOTERS="${VOTERS:+$VOTERS,}$i@127.0.0.1:${CPORT[$i]}"
done
BOOTSTRAP=""
for i in $(seq 1 $BROKERS); do BOOTSTRAP="${BOOTSTRAP:+$BOOTSTRAP,}127.0.0.1:${KPORT[$i]}"; done
CLUSTER_ID=$("${KJAVA[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
for i in $(seq 1 $BROKERS); do
  d="$DATA/kafka-$i"; mkdir -p "$d"
  kraft_properties "$i" "$VOTERS" "${KPORT[$i]}" "${CPORT[$i]}" "$d/logs" 3 2 >"$d/server.properties"
  "${KJAVA[@]}" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$d/server.properties" >"$d/format.log" 2>&1
done
for i in $(seq 1 $BROKERS); do
  "${KJAVA[@]}" kafka.Kafka "$DATA/kafka-$i/server.properties" >"$DATA/kafka-$i/server.log" 2>&1 &
  KPID[$i]=$!; PIDS+=("${KPID[$i]}")
done
for i in $(seq 1 "$BROKERS"); do
  kraft_await "$DATA/kafka-$i/server.log" "${KPID[$i]}" || exit 1
done

# the cluster's ONE master key: operations copy this file to every node and admin host; it never goes to Kafka
head -c 32 /dev/urandom >"$DATA/master.key"
chmod 600 "$DATA/master.key"
put_key() { mkdir -p "$1/registry"; chmod 700 "$1" "$1/registry"; cp -p "$DATA/master.key" "$1/registry/master.key"; }
CLUSTER_SETS=(--set cluster.enabled=true --set "cluster.kafka.bootstrap-servers=$BOOTSTRAP"
  --set cluster.replication-factor=3 --set cluster.min-insync-replicas=2)
GWJAR=(java -jar gateway/target/homeward-gateway.jar --config config/gateway.yaml)
ADMIN_DIR="$DATA/admin"
put_key "$ADMIN_DIR"
ADMIN_SETS=(--set "data.dir=$ADMIN_DIR" --set cluster.node-id=admin "${CLUSTER_SETS[@]}")

echo "== registering the demo nurse and $PATIENTS patients once, through the cluster registry"
echo "$PASSWORD" | "${GWJAR[@]}" "${ADMIN_SETS[@]}" users add --user "$NURSE" --role nurse >/dev/null
SIM=(java -jar device-sim/target/homeward-device-sim.jar)
"${SIM[@]}" provision --gateway-jar gateway/target/homeward-gateway.jar --gateway-config config/gateway.yaml \
  "${ADMIN_SETS[@]}" --patients "$PATIENTS" --out "$DATA/creds.json" >/dev/null

echo "== starting $NODES Homeward nodes (logs: $DATA/node-N/gateway.log)"
declare -a HTTP MQTT COAPS GPID
for n in $(seq 1 $NODES); do
  d="$DATA/node-$n"; put_key "$d"
  free_port; HTTP[$n]=$PORT; free_port; MQTT[$n]=$PORT; free_port; COAPS[$n]=$PORT
  java -Xmx256m -jar gateway/target/homeward-gateway.jar --config config/gateway.yaml --set "data.dir=$d" \
    --set "cluster.node-id=node-$n" "${CLUSTER_SETS[@]}" --set "http.port=${HTTP[$n]}" --set "mqtt.port=${MQTT[$n]}" \
    --set "coaps.port=${COAPS[$n]}" >"$d/gateway.log" 2>&1 &
  GPID[$n]=$!; PIDS+=("${GPID[$n]}")
done
for n in $(seq 1 $NODES); do
  for _ in $(seq 1 240); do
    [ -f "$DATA/node-$n/ports.json" ] && break
    kill -0 "${GPID[$n]}" 2>/dev/null || { tail -30 "$DATA/node-$n/gateway.log"; exit 1; }
    sleep 0.5
  done
  [ -f "$DATA/node-$n/ports.json" ] || { echo "node $n did not start"; exit 1; }
done

MQTT_LIST=""; for n in $(seq 1 $NODES); do MQTT_LIST="${MQTT_LIST:+$MQTT_LIST,}localhost:${MQTT[$n]}"; done
COAP_LIST=""; for n in $(seq 1 $NODES); do COAP_LIST="${COAP_LIST:+$COAP_LIST,}127.0.0.1:${COAPS[$n]}"; done
echo "== starting $PATIENTS simulated patients over the nodes (log: $DATA/sim.log)"
HOMEWARD_API_PASSWORD="$PASSWORD" "${SIM[@]}" run --creds "$DATA/creds.json" --patients "$PATIENTS" \
  --mqtt "$MQTT_LIST" --coap "$COAP_LIST" --coap-ratio 0.3 --api-url "http://localhost:${HTTP[1]}" --api-user "$NURSE" \
  --scenario demo-normal:7,demo-crs:4,demo-neurotox:1 \
  --time-scale 20 --patch-interval 30s --oximeter-interval 5s --status-interval 30s >"$DATA/sim.log" 2>&1 &
SIM_PID=$!; PIDS+=("$SIM_PID")

echo
echo "  Homeward cluster is running: $NODES nodes on $BROKERS Kafka brokers ($BOOTSTRAP)."
for n in $(seq 1 $NODES); do
  echo "    node-$n  nurse view http://localhost:${HTTP[$n]}/   MQTT localhost:${MQTT[$n]}   CoAPS 127.0.0.1:${COAPS[$n]}   pid ${GPID[$n]}"
done
for i in $(seq 1 $BROKERS); do echo "    kafka-$i  127.0.0.1:${KPORT[$i]}   pid ${KPID[$i]}"; done
cat <<MSG
  Sign in on any node as  $NURSE / $PASSWORD  (the session is valid on every node).
  Patient i's devices send to node (i mod $NODES) + 1; simulator pid $SIM_PID.
  Kill a node:    kill -9 ${GPID[2]}     (node-2) - its devices reconnect to the other nodes (see $DATA/sim.log),
                  and the other nodes take over its patients (docs/cluster.md).
  Kill a broker:  kill -9 ${KPID[3]}     (kafka-3) - with 2 of 3 brokers ingest and registry changes go on.
  Admin against the cluster:  java -jar gateway/target/homeward-gateway.jar --config config/gateway.yaml ${ADMIN_SETS[*]} patients list
  Ctrl-C stops everything this script started.

MSG
wait "$SIM_PID" || true
echo "== the simulated courses are over; the cluster keeps running until Ctrl-C"
sleep infinity &
PIDS+=("$!")
wait "$!"
