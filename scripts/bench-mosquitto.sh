#!/usr/bin/env bash
# Side-by-side: the same MQTT workloads against Homeward (journal fsync on, authenticated devices) and
# Mosquitto 2 (/usr/sbin/mosquitto, in memory, anonymous), each pinned to core 1 with the load client on
# core 0, then the ratios Homeward/Mosquitto. Expects the jars built (see bench.sh).
#
#   scripts/bench-mosquitto.sh [--out DIR] [SCENARIO...]     (default: throughput latency connections)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench-results/$(date +%Y%m%d-%H%M%S)-side-by-side
if [[ ${1:-} == --out ]]; then OUT=$2; shift 2; fi
SCENARIOS=("$@")
[[ ${#SCENARIOS[@]} -gt 0 ]] || SCENARIOS=(throughput latency connections)
[[ -x /usr/sbin/mosquitto ]] || { echo "mosquitto is not installed (apt-get install mosquitto)" >&2; exit 2; }
scripts/bench.sh --broker homeward --out "$OUT" "${SCENARIOS[@]}"
scripts/bench.sh --broker mosquitto --out "$OUT" "${SCENARIOS[@]}"
python3 - "$OUT" "${SCENARIOS[@]}" <<'PY'
import json, sys, os
out, scenarios = sys.argv[1], sys.argv[2:]
def load(b, s):
    p = os.path.join(out, f"{b}-{s}.json")
    return json.load(open(p)) if os.path.exists(p) else None
def phase(r, name):
    return next((p for p in r["phases"] if p["phase"] == name), {}) if r else {}
rows = []
def ratio(a, b):
    return f"{a / b:.2f}" if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else "n/a"
for s in scenarios:
    h, m = load("homeward", s), load("mosquitto", s)
    if s in ("throughput", "qos0"):
        hp, mp = phase(h, "max"), phase(m, "max")
        key = "acked_per_s" if s == "throughput" else "sent_per_s"
        rows.append((s, key, hp.get(key), mp.get(key)))
        rows.append((s, "p99 publish->PUBACK ms", hp.get("publish_to_puback", {}).get("p99_ms"), mp.get("publish_to_puback", {}).get("p99_ms")))
    elif s == "latency":
        hp, mp = phase(h, "rate"), phase(m, "rate")
        for k in ("p50_ms", "p99_ms"):
            rows.append((s, k + " publish->PUBACK", hp.get("publish_to_puback", {}).get(k), mp.get("publish_to_puback", {}).get(k)))
    elif s == "connections":
        for ph, k in (("ramp", "connects_per_s"), ("idle", "broker_bytes_per_connection"), ("storm", "seconds_to_all")):
            rows.append((s, f"{ph} {k}", phase(h, ph).get(k), phase(m, ph).get(k)))
print("| workload | figure | Homeward (fsync on, auth) | Mosquitto (in memory, anonymous) | Homeward/Mosquitto |")
print("|---|---|---|---|---|")
for s, k, a, b in rows:
    fmt = lambda v: f"{v:,.3f}" if isinstance(v, float) else str(v)
    print(f"| {s} | {k} | {fmt(a)} | {fmt(b)} | {ratio(a, b)} |")
PY
