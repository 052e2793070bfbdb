#!/usr/bin/env bash
# Installs the real third-party parts the tests use: Mosquitto (MQTT bridge peer and
# side-by-side benchmark), mosquitto_pub (interop), libcoap's coap-client-openssl (CoAP/DTLS
# interop), openssl (TLS interop and lab certificates), Debian's Chromium and chromedriver
# (nurse view browser tests), Debian's prometheus package for promtool (checks /metrics, the alert
# rules), systemd for systemd-analyze (checks the unit file). Idempotent: does nothing when all are present.
set -euo pipefail
need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v coap-client-openssl >/dev/null 2>&1 || need+=(libcoap3-bin)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
if ((${#need[@]} == 0)); then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing packages: ${need[*]} (run as root, or: sudo apt-get install -y ${need[*]})" >&2
  exit 1
fi
echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
# The Debian mosquitto and prometheus packages would start system services (1883, 9090); the tests
# start their own on free ports or need only the tools. Keep the package's service from starting (a policy-rc.d that refuses every start,
# only for this install, and only if none is there already), and disable it where systemd runs.
# Never stop processes by name: other work may run on the same machine.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
if ((made_policy)); then rm -f "$policy"; fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now mosquitto >/dev/null 2>&1 || true
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
