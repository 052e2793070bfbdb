#!/usr/bin/env bash
# Provision N benchmark patients with one device each into a gateway data directory and write the
# device credentials (JSON lines: deviceId, secret, patientId, kind) for the load client.
#
#   scripts/bench-provision.sh DATA_DIR N [CREDENTIALS_FILE] [PREFIX]
#
# Uses the gateway CLI's `devices add-bulk` (one JVM, one registry write): 10,000 devices take a few
# seconds. The per-device commands (`patients add` + `devices add`) start one JVM each (about 4-6 s
# each on this loaded 2-core machine) and rewrite the whole registry every time, so 1,000 devices that
# way take well over an hour; set BENCH_PROVISION_PER_DEVICE=1 to use them anyway (small N only).
# Also adds the live-view user `bench` with the password in $HOMEWARD_BENCH_PASSWORD (if set).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR=${1:?data dir}
N=${2:?number of devices}
CREDS=${3:-$DATA_DIR/bench-credentials.jsonl}
PREFIX=${4:-bench-}
GATEWAY_JAR=${GATEWAY_JAR:-gateway/target/homeward-gateway.jar}
CONFIG=${CONFIG:-config/gateway.yaml}
gw() { java -jar "$GATEWAY_JAR" --config "$CONFIG" --set data.dir="$DATA_DIR" "$@"; }

start=$(date +%s.%N)
if [[ "${BENCH_PROVISION_PER_DEVICE:-0}" == 1 ]]; then
  : > "$CREDS"
  width=${#N}
  for i in $(seq -f "%0${width}g" 1 "$N"); do
    gw patients add --patient "${PREFIX}p$i" --infusion-date 2026-11-20 > /dev/null
    gw devices add --device "${PREFIX}d$i" --patient "${PREFIX}p$i" --kind patch >> "$CREDS"
  done
else
  gw devices add-bulk --count "$N" --prefix "$PREFIX" > "$CREDS"
fi
if [[ -n "${HOMEWARD_BENCH_PASSWORD:-}" ]]; then
  printf '%s\n' "$HOMEWARD_BENCH_PASSWORD" | gw users add --user bench --role nurse > /dev/null
fi
end=$(date +%s.%N)
echo "provisioned $(wc -l < "$CREDS") devices in $(python3 -c "print(f'{$end-$start:.1f}')") s -> $CREDS" >&2
