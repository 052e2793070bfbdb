#!/usr/bin/env bash
# Puts simulated devices in their own network namespaces, one per device group, each joined to the
# root namespace by a veth pair with private test addresses (10.201.<net>.0/30: .1 root side, .2
# device side; no default route, so traffic can only reach this machine's root namespace). In the
# root namespace an impairment proxy per group listens on the .1 address and forwards to the MQTT
# target on this machine's loopback. Where the kernel has the netem qdisc, netem shapes both veth
# ends with the profile and the proxy only forwards (profile none); where it has not (tc reports
# "Specified qdisc kind is unknown"), the proxy applies the profile. Everything is removed on exit.
#
# Needs root. Exit codes: 0 = every group's devices ran and got acknowledgements, 1 = a group
# failed, 2 = bad usage, 77 = skipped (not root, or the kernel refuses network namespaces).
#
#   scripts/netns-demo.sh --target 127.0.0.1:1883 --groups 2 --patients 1 --profile 4g --duration 20s
#
# Options: --target HOST:PORT (loopback only; default 127.0.0.1:1883), --groups N (2), --patients N
# per group (1; 3 devices each), --profile none|5g-a|5g|4g|cell-edge (4g), --duration D (20s),
# --net-base B (first group uses 10.201.B+1.0/30; default 0), --prefix NAME (hw<pid>), --seed S (1).
# SIM_CMD overrides how the simulator is started (default: java -jar device-sim/target/homeward-device-sim.jar).
set -uo pipefail
cd "$(dirname "$0")/.."

target=127.0.0.1:1883; groups=2; patients=1; profile=4g; duration=20s; net_base=0; prefix="hw$$"; seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target=$2; shift 2 ;;
    --groups) groups=$2; shift 2 ;;
    --patients) patients=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --net-base) net_base=$2; shift 2 ;;
    --prefix) prefix=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SIM_CMD=${SIM_CMD:-java -jar device-sim/target/homeward-device-sim.jar}
target_host=${target%:*}; target_port=${target##*:}
case "$target_host" in
  127.*|localhost|::1|\[::1\]) ;;
  *) echo "refusing target $target: only this machine's loopback is allowed" >&2; exit 2 ;;
esac
[[ "$groups" =~ ^[0-9]+$ && "$groups" -ge 1 && "$groups" -le 16 ]] || { echo "--groups must be 1..16" >&2; exit 2; }
[[ "$net_base" =~ ^[0-9]+$ && $((net_base + groups)) -le 254 ]] || { echo "--net-base + groups must be <= 254" >&2; exit 2; }
[[ ${#prefix} -le 8 && "$prefix" =~ ^[a-z0-9]+$ ]] || { echo "--prefix: up to 8 lower-case letters/digits" >&2; exit 2; }

if [ "$(id -u)" -ne 0 ]; then echo "SKIP: needs root to create network namespaces" >&2; exit 77; fi
if ! ip netns add "${prefix}probe" 2>/dev/null; then
  echo "SKIP: the kernel or the container refuses 'ip netns add'" >&2; exit 77
fi
ip netns del "${prefix}probe"

work=$(mktemp -d); pids=(); namespaces=(); links=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  for l in "${links[@]}"; do ip link del "$l" 2>/dev/null; done
  for n in "${namespaces[@]}"; do ip netns del "$n" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ms() { # "40 ms" from the profile table below
  case "$profile" in
    none) echo "0 0 0" ;; 5g-a) echo "7 1 0.01" ;; 5g) echo "15 3 0.1" ;; 4g) echo "40 10 0.5" ;; cell-edge) echo "200 50 3" ;;
    *) echo "unknown profile $profile" >&2; exit 2 ;;
  esac
}
read -r delay jitter loss < <(ms) || exit 2

netem=no
for g in $(seq 1 "$groups"); do
  ns="${prefix}g${g}"; host="${prefix}g${g}h"; dev="${prefix}g${g}d"; net="10.201.$((net_base + g))"
  ip netns add "$ns" && namespaces+=("$ns") || exit 1
  ip link add "$host" type veth peer name "$dev" && links+=("$host") || exit 1
  ip link set "$dev" netns "$ns"
  ip addr add "$net.1/30" dev "$host"; ip link set "$host" up
  ip -n "$ns" addr add "$net.2/30" dev "$dev"; ip -n "$ns" link set "$dev" up; ip -n "$ns" link set lo up
  if [ "$g" -eq 1 ] && [ "$profile" != none ] \
     && tc qdisc add dev "$host" root netem delay "${delay}ms" "${jitter}ms" distribution normal loss "${loss}%" 2>"$work/tc.err"; then
    netem=yes
  fi
  if [ "$netem" = yes ]; then
    [ "$g" -eq 1 ] || tc qdisc add dev "$host" root netem delay "${delay}ms" "${jitter}ms" distribution normal loss "${loss}%"
    ip netns exec "$ns" tc qdisc add dev "$dev" root netem delay "${delay}ms" "${jitter}ms" distribution normal loss "${loss}%"
  fi
done
if [ "$netem" = yes ]; then
  proxy_profile=none; echo "netem available: shaping the veth pairs with $profile (${delay} ms ± ${jitter} ms, ${loss} % loss)"
else
  proxy_profile=$profile
  echo "netem not available ($(cat "$work/tc.err" 2>/dev/null | head -1)); the impairment proxy applies $profile"
fi

# One proxy per group in the root namespace, listening on the group's root-side address.
for g in $(seq 1 "$groups"); do
  net="10.201.$((net_base + g))"
  $SIM_CMD proxy --listen-tcp "$net.1:1883" --upstream-tcp "$target" --profile "$proxy_profile" --seed "$((seed + g))" \
      --stats-interval 5s >"$work/proxy$g.log" 2>&1 &
  pids+=($!)
done
for g in $(seq 1 "$groups"); do
  for _ in $(seq 1 240); do grep -q '^tcp ' "$work/proxy$g.log" && break; sleep 0.25; done
  grep -q '^tcp ' "$work/proxy$g.log" || { echo "proxy $g did not start:"; cat "$work/proxy$g.log"; exit 1; }
done

# Devices: per group a credentials file with its own device ids (so groups never share a client id).
device_pids=()
for g in $(seq 1 "$groups"); do
  ns="${prefix}g${g}"; net="10.201.$((net_base + g))"; creds="$work/creds$g.json"; sep=""
  { echo "["; for p in $(seq 1 "$patients"); do for k in patch oximeter bp-cuff; do
      printf '%s{"deviceId":"d-%s-g%d-%s-%d","secret":"netns","patientId":"p-%s-g%d-%d","kind":"%s"}\n' \
        "$sep" "$prefix" "$g" "$k" "$p" "$prefix" "$g" "$p" "$k"; sep=","; done; done; echo "]"; } >"$creds"
  ip netns exec "$ns" $SIM_CMD run --creds "$creds" --patients "$patients" --mqtt "$net.1:1883" --coap-ratio 0 \
      --oximeter-interval 1s --patch-interval 2s --status-interval 5s --progress 5s --duration "$duration" \
      >"$work/devices$g.log" 2>&1 &
  device_pids+=($!)
done
rc=0
for g in $(seq 1 "$groups"); do
  if wait "${device_pids[$((g - 1))]}"; then status=ok; else status="FAILED"; rc=1; fi
  echo "group $g (namespace ${prefix}g${g}, 10.201.$((net_base + g)).2 -> proxy 10.201.$((net_base + g)).1:1883 -> $target): $status"
  tail -n 2 "$work/devices$g.log" | sed 's/^/  devices: /'
  tail -n 1 "$work/proxy$g.log" | sed 's/^/  proxy:   /'
done
exit $rc
