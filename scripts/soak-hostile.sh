#!/usr/bin/env bash
# Soak under attack (issue 15; not run in CI). From loopback only, every loop bounded in count and time:
# 1,000 devices publish one pack a second over MQTT (QoS 1, the load client) while slow HTTP
# (up to 2,000 sockets from 127.0.0.2), a DTLS ClientHello flood (500/s, half with a 255-byte
# session id), ClientHellos that complete the cookie exchange and never go on (100/s, each from a
# fresh port of 127.0.0.1: half-open handshakes), MQTT connections that never send CONNECT (up to
# 1,000 at once from 127.0.0.1) and mutated MQTT CONNECT+PUBLISH sequences (20/s) run against the
# same gateway. The devices and the attackers share 127.0.0.1, as a carrier-grade-NAT cell would;
# 20 of the devices also post over CoAP/DTLS (coap-client-openssl) every 5 s from that address.
# Then the gateway is SIGKILLed and restarted on its data directory, and the report says:
# acknowledged packs lost (acked packs minus journal entries after the restart, floored at 0;
# must be 0), devices refused, file descriptors, RSS and log bytes (sampled every 10 s).
#
#   scripts/soak-hostile.sh [SECONDS=600] [DEVICES=1000] [OUT=soak-results/<time>]
#
# Needs the built jars (mvn -B -o -q -pl gateway,device-sim -am -DskipTests package) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-600}
DEVICES=${2:-1000}
OUT=${3:-soak-results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
source scripts/bench-lib.sh
for jar in "$GATEWAY_JAR" "$SIM_JAR"; do [[ -f $jar ]] || { echo "missing $jar: build first" >&2; exit 2; }; done
WORK=$(mktemp -d /tmp/homeward-soak.XXXXXX)
ATTACK_PIDS=()
SAMPLER_PID=""
cleanup() {
  for p in "${ATTACK_PIDS[@]}" $SAMPLER_PID; do kill "$p" 2>/dev/null || true; done
  stop_broker
  rm -rf "$WORK"
}
trap cleanup EXIT

scripts/bench-provision.sh "$WORK" "$DEVICES" "$WORK/creds.jsonl"
start_homeward "$WORK"
COAPS_PORT=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['coaps'])" "$WORK/ports.json")
echo "gateway pid $BROKER_PID: mqtt $MQTT_PORT, http $HTTP_PORT, coaps $COAPS_PORT" >&2

# sampler: fds, RSS, log bytes every 10 s, bounded by the run time + 2 min
( end=$((SECONDS + SECONDS_RUN + 120)); echo "t,fds,rss_kib,log_bytes" > "$OUT/samples.csv"
  while (( SECONDS < end )) && kill -0 "$BROKER_PID" 2>/dev/null; do
    fds=$(ls /proc/"$BROKER_PID"/fd 2>/dev/null | wc -l)
    rss=$(awk '/VmRSS/ {print $2}' /proc/"$BROKER_PID"/status 2>/dev/null || echo 0)
    echo "$(date +%s),$fds,$rss,$(stat -c %s "$WORK/gateway.log")" >> "$OUT/samples.csv"
    sleep 10
  done ) &
SAMPLER_PID=$!

ATTACK_SECONDS=$((SECONDS_RUN + 30))   # the load client ramps up first; the attacks cover the whole run
python3 scripts/soak-attacks.py slowhttp "$HTTP_PORT" "$ATTACK_SECONDS" 2000 > "$OUT/attack-slowhttp.json" &
ATTACK_PIDS+=($!)
python3 scripts/soak-attacks.py dtls "$COAPS_PORT" "$ATTACK_SECONDS" 500 > "$OUT/attack-dtls.json" &
ATTACK_PIDS+=($!)
python3 scripts/soak-attacks.py mutate "$MQTT_PORT" "$ATTACK_SECONDS" 20 > "$OUT/attack-mutate.json" &
ATTACK_PIDS+=($!)
python3 scripts/soak-attacks.py dtlscookie "$COAPS_PORT" "$ATTACK_SECONDS" 100 > "$OUT/attack-dtlscookie.json" &
ATTACK_PIDS+=($!)
python3 scripts/soak-attacks.py mqttsilent "$MQTT_PORT" "$ATTACK_SECONDS" 1000 > "$OUT/attack-mqttsilent.json" &
ATTACK_PIDS+=($!)
python3 scripts/soak-attacks.py coapprobe "$COAPS_PORT" "$SECONDS_RUN" "$WORK/creds.jsonl" 20 > "$OUT/attack-coapprobe.json" &
ATTACK_PIDS+=($!)

run_load "$OUT/load" --credentials "$WORK/creds.jsonl" --qos 1 --phases ramp,rate --rate 1 \
  --warmup 5 --duration "$SECONDS_RUN" --connect-rate 200 > "$OUT/load.log" 2>&1 || echo "load client exit $?" >&2
for p in "${ATTACK_PIDS[@]}"; do wait "$p" || true; done
ATTACK_PIDS=()
curl -s "http://127.0.0.1:$HTTP_PORT/metrics" > "$OUT/metrics-before-kill.txt" || true
curl -s "http://127.0.0.1:$HTTP_PORT/health" > "$OUT/health-before-kill.json" || true
cp "$WORK/gateway.log" "$OUT/gateway.log"

# crash and restart on the same data: every acknowledged pack must be in the journal
kill -9 "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null || true; BROKER_PID=""
start_homeward "$WORK"
curl -s "http://127.0.0.1:$HTTP_PORT/health" > "$OUT/health-after-restart.json"
stop_broker
kill "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""

python3 - "$OUT" <<'PY'
import csv, json, re, sys
out = sys.argv[1]
load = json.load(open(f"{out}/load.json"))
phases = {p["phase"]: p for p in load["phases"]}
rate, ramp = phases["rate"], phases.get("ramp", {})
journal = json.load(open(f"{out}/health-after-restart.json"))["details"]["journal"]["lastSequence"]
metrics = open(f"{out}/metrics-before-kill.txt").read()
def metric(name, *frags):
    total = 0.0
    for line in metrics.splitlines():
        if line.startswith(name + "{") and all(f in line for f in frags):
            total += float(line.rsplit(" ", 1)[1])
    return total
rows = list(csv.DictReader(open(f"{out}/samples.csv")))
attacks = {a: json.load(open(f"{out}/attack-{a}.json"))
           for a in ("slowhttp", "dtls", "mutate", "dtlscookie", "mqttsilent", "coapprobe")}
coap_acked = attacks["coapprobe"]["acknowledged_2_04"]
report = {
    "acknowledged_packs": rate["acked_total"] + coap_acked,
    "acknowledged_packs_mqtt": rate["acked_total"], "acknowledged_packs_coap_dtls": coap_acked,
    "coap_dtls_posts_failed": attacks["coapprobe"]["failed"],
    "journal_entries_after_sigkill_restart": journal,
    "acknowledged_lost": max(0, rate["acked_total"] + coap_acked - journal),
    "puback_refused": rate.get("puback_refused_total"),
    "devices": ramp.get("devices"), "devices_connected": ramp.get("connected"),
    "devices_refused_or_failed": (ramp.get("failed") or 0) + (ramp.get("refused") or 0),
    "publish_to_puback": rate.get("publish_to_puback"),
    "fds_max": max(int(r["fds"]) for r in rows), "rss_max_kib": max(int(r["rss_kib"]) for r in rows),
    "log_bytes_end": int(rows[-1]["log_bytes"]),
    "http_refused": {r: metric("homeward_http_connections_refused_total", f'reason="{r}"')
                     for r in ("max_connections", "max_per_address", "request_timeout")},
    "dtls_malformed_dropped": metric("homeward_protocol_errors_total", "coap", "malformed_client_hello"),
    "dtls_refused": {r: metric("homeward_connections_refused_total", "coap", f'reason="{r}"')
                     for r in ("address_share", "store_full")},
    "dtls_handshakes": {o: metric("homeward_dtls_handshakes_total", f'outcome="{o}"') for o in ("ok", "failed")},
    "mqtt_unauthenticated_closed": metric("homeward_connections_refused_total", "mqtt",
                                          'reason="max_unauthenticated_per_address"'),
    "mqtt_max_connections_refused": metric("homeward_connections_refused_total", "mqtt", 'reason="max_connections"'),
    "journal_failures": metric("homeward_journal_failures_total"),
    "attacks": attacks,
}
json.dump(report, open(f"{out}/soak.json", "w"), indent=2)
print(json.dumps(report, indent=2))
PY
