#!/usr/bin/env bash
# The demo on the embedded defaults: builds both jars, starts the gateway with config/gateway.yaml
# (its own journal is the store; no other service), registers a nurse and 12 simulated patients
# with their device kits, and plays a mix of normal, CRS and neurotoxicity courses at 20x speed over MQTT and
# CoAP/DTLS (scenarios demo-normal, demo-crs and demo-neurotox in device-sim; faster scales would make the
# temperature rise faster than the patch's off-body step rule allows). The neurotoxicity patient's ICE
# neuro-checks are posted to the gateway's entry API as the demo nurse. Prints the nurse view URL and
# the demo sign-in. Ctrl-C stops everything.
#
#   scripts/demo.sh                 # ports 8080 (HTTP), 1883 (MQTT), 5684 (CoAP/DTLS)
#   HTTP_PORT=18080 scripts/demo.sh # other ports: HTTP_PORT, MQTT_PORT, COAPS_PORT
set -euo pipefail
cd "$(dirname "$0")/.."
HTTP_PORT=${HTTP_PORT:-8080}
MQTT_PORT=${MQTT_PORT:-1883}
COAPS_PORT=${COAPS_PORT:-5684}
PATIENTS=${PATIENTS:-12}
DATA=${DEMO_DATA:-demo-data}
NURSE=nurse
PASSWORD=${DEMO_PASSWORD:-homeward-demo}

if [ ! -f gateway/target/homeward-gateway.jar ] || [ ! -f device-sim/target/homeward-device-sim.jar ] \
   || [ -n "$(find gateway/src device-sim/src pom.xml -newer gateway/target/homeward-gateway.jar -print -quit 2>/dev/null)" ]; then
  echo "== building (mvn -DskipTests package)"
  mvn -B -q -ntp -DskipTests package
fi

rm -rf "$DATA"
mkdir -p "$DATA"
SETS=(--set "data.dir=$DATA" --set "http.port=$HTTP_PORT" --set "mqtt.port=$MQTT_PORT" --set "coaps.port=$COAPS_PORT")
GW=(java -jar gateway/target/homeward-gateway.jar --config config/gateway.yaml "${SETS[@]}")

echo "== registering the demo nurse and $PATIENTS patients"
echo "$PASSWORD" | "${GW[@]}" users add --user "$NURSE" --role nurse >/dev/null
SIM=(java -jar device-sim/target/homeward-device-sim.jar)
PROV_SETS=()
for s in "${SETS[@]}"; do PROV_SETS+=("$s"); done
"${SIM[@]}" provision --gateway-jar gateway/target/homeward-gateway.jar --gateway-config config/gateway.yaml \
  "${PROV_SETS[@]}" --patients "$PATIENTS" --out "$DATA/creds.json" >/dev/null

echo "== starting the gateway (log: $DATA/gateway.log)"
"${GW[@]}" >"$DATA/gateway.log" 2>&1 &
GW_PID=$!
SIM_PID=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
  kill "$GW_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  exit "$rc"
}
trap cleanup EXIT INT TERM
for _ in $(seq 1 120); do
  [ -f "$DATA/ports.json" ] && break
  kill -0 "$GW_PID" 2>/dev/null || { cat "$DATA/gateway.log"; exit 1; }
  sleep 0.5
done

echo "== starting $PATIENTS simulated patients (log: $DATA/sim.log)"
# the password reaches the simulator through the environment, never its command line
HOMEWARD_API_PASSWORD="$PASSWORD" "${SIM[@]}" run --creds "$DATA/creds.json" --patients "$PATIENTS" \
  --mqtt "localhost:$MQTT_PORT" --coap "localhost:$COAPS_PORT" \
  --api-url "http://localhost:$HTTP_PORT" --api-user "$NURSE" \
  --scenario demo-normal:7,demo-crs:4,demo-neurotox:1 \
  --time-scale 20 --patch-interval 30s --oximeter-interval 5s --status-interval 30s \
  >"$DATA/sim.log" 2>&1 &
SIM_PID=$!

cat <<MSG

  Homeward is running.
    Nurse view:  http://localhost:$HTTP_PORT/      sign in as  $NURSE / $PASSWORD
    Metrics:     http://localhost:$HTTP_PORT/metrics   Health: http://localhost:$HTTP_PORT/health
    Devices:     MQTT localhost:$MQTT_PORT, CoAP/DTLS localhost:$COAPS_PORT (credentials in $DATA/creds.json)
  Simulated time runs 20x: four patients develop CRS (fever alarm after about 5 minutes, then
  tachycardia, falling blood pressure and oxygen over the next 10-15 minutes); one patient's ICE
  neuro-checks (entered as $NURSE) fall to 8 and then 5: ICANS-SUSPECT after about 3 minutes,
  high after about 6; seven stay well.
  Ctrl-C stops the demo.

MSG
wait "$SIM_PID" || true
echo "== the simulated courses are over; the gateway keeps running until Ctrl-C"
wait "$GW_PID"
