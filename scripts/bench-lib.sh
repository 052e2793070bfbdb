# Shared functions of bench.sh and bench-mosquitto.sh (sourced, not run). Brokers run pinned to core 1,
# the load client to core 0 (override with BROKER_CPU / LOAD_CPU).
BROKER_CPU=${BROKER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
GATEWAY_JAR=${GATEWAY_JAR:-gateway/target/homeward-gateway.jar}
SIM_JAR=${SIM_JAR:-device-sim/target/homeward-device-sim.jar}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx2g}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:--Xmx2g}
BROKER_PID=""

ulimit -n 20000 2>/dev/null || echo "warning: cannot raise the fd limit to 20000 (now $(ulimit -n))" >&2

wait_for_file() { # file seconds
  for _ in $(seq 1 $(( $2 * 5 ))); do [[ -s "$1" ]] && return 0; sleep 0.2; done
  echo "timed out waiting for $1" >&2; return 1
}

json_get() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

# start_homeward DATA_DIR -> sets BROKER_PID, MQTT_PORT, HTTP_PORT (journal fsync as configured: on by default).
# The per-device rate limit (ingest.device-rate, default 50/s) is switched off: a throughput run sends
# ~76 packs/s per device and would be refused with 0x97 once the burst allowance is spent (~30 s).
start_homeward() {
  local dir=$1
  rm -f "$dir/ports.json"
  # shellcheck disable=SC2086
  taskset -c "$BROKER_CPU" java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" --config "${CONFIG:-config/gateway.yaml}" \
    --set data.dir="$dir" --set mqtt.port=0 --set http.port=0 --set coaps.port=0 --set coap.port=0 \
    --set ingest.device-rate=0 \
    ${GATEWAY_SETS:-} > "$dir/gateway.log" 2>&1 &
  BROKER_PID=$!
  wait_for_file "$dir/ports.json" 90
  MQTT_PORT=$(python3 -c "import json,sys; p=json.load(open(sys.argv[1])); print(p.get('mqtt') or p.get('mqtt.port'))" "$dir/ports.json")
  HTTP_PORT=$(python3 -c "import json,sys; p=json.load(open(sys.argv[1])); print(p.get('http') or p.get('http.port'))" "$dir/ports.json")
}

# start_mosquitto DIR -> sets BROKER_PID, MQTT_PORT (in memory, no persistence, anonymous)
start_mosquitto() {
  local dir=$1
  MQTT_PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
  cat > "$dir/mosquitto.conf" <<CONF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
max_connections -1
max_inflight_messages 0
max_queued_messages 1000
log_dest file $dir/mosquitto.log
log_type error
log_type warning
CONF
  taskset -c "$BROKER_CPU" /usr/sbin/mosquitto -c "$dir/mosquitto.conf" > "$dir/mosquitto.out" 2>&1 &
  BROKER_PID=$!
  for _ in $(seq 1 50); do (echo > "/dev/tcp/127.0.0.1/$MQTT_PORT") 2>/dev/null && return 0; sleep 0.2; done
  echo "mosquitto did not start" >&2; return 1
}

# start_null DIR -> sets BROKER_PID, MQTT_PORT (the load client's own acknowledging null sink)
start_null() {
  local dir=$1
  rm -f "$dir/null.port"
  # shellcheck disable=SC2086
  taskset -c "$BROKER_CPU" java $GATEWAY_JAVA_OPTS -cp "$SIM_JAR" org.homeward.sim.load.LoadMain null-sink \
    --port-file "$dir/null.port" > "$dir/null.log" 2>&1 &
  BROKER_PID=$!
  wait_for_file "$dir/null.port" 60
  MQTT_PORT=$(cat "$dir/null.port")
}

stop_broker() {
  if [[ -n "$BROKER_PID" ]] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null || true
  fi
  BROKER_PID=""
}

# run_load OUT_PREFIX args... (pinned to LOAD_CPU; watches the broker's CPU and RSS)
run_load() {
  local out=$1; shift
  echo "load average before: $(cat /proc/loadavg)" >&2
  # shellcheck disable=SC2086
  taskset -c "$LOAD_CPU" java $LOAD_JAVA_OPTS -cp "$SIM_JAR" org.homeward.sim.load.LoadMain run \
    --port "$MQTT_PORT" --watch-pid "$BROKER_PID" --out "$out" "$@"
}
