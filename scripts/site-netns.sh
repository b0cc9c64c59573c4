#!/usr/bin/env bash
# One network namespace per site, joined by a bridge in a namespace of its own: the sites of a federation
# cross real network stacks on one machine, and nothing changes in the host's namespace. Needs root and
# iproute2. Used by federation-demo.sh --netns and by the dockerized-image test (DockerizedFederationIT).
#
#   scripts/site-netns.sh up PREFIX SITE=ADDRESS...   namespaces PREFIX-switch (bridge br0) and PREFIX-SITE,
#                                                     whose veth link fl4j-vN (N = 1, 2 ... in the order given)
#                                                     holds ADDRESS/24; anything left by an earlier run is
#                                                     removed first
#   scripts/site-netns.sh down PREFIX SITE...         removes the namespaces (and so their links); idempotent
#   scripts/site-netns.sh shape PREFIX RATE[,DELAY] SITE...
#                                                     limits each SITE's link to RATE (tc tbf, e.g. 50mbit) in
#                                                     both directions: on its veth fl4j-vN (what it sends) and on
#                                                     the bridge's port N (what it receives); DELAY (e.g. 20ms)
#                                                     adds that one-way delay each way with netem, which needs a
#                                                     kernel built with it (CONFIG_NET_SCH_NETEM). Removed with
#                                                     the namespaces
#   scripts/site-netns.sh check-link RATE[,DELAY]     exit 0 when the value is valid, 2 with a message if not
set -euo pipefail

down() {
  local prefix=$1 n; shift
  for n in "$@" switch; do ip netns del "$prefix-$n" 2>/dev/null || true; done
}

up() {
  local prefix=$1 i=1 pair site address; shift
  local sites=()
  for pair in "$@"; do sites+=("${pair%%=*}"); done
  down "$prefix" "${sites[@]}"
  ip netns add "$prefix-switch"
  ip -n "$prefix-switch" link add br0 type bridge
  ip -n "$prefix-switch" link set br0 up
  for pair in "$@"; do
    site=${pair%%=*} address=${pair#*=}
    [[ $pair == *=* && -n $site && -n $address ]] || { echo "site-netns: expected SITE=ADDRESS, found '$pair'" >&2; exit 2; }
    ip netns add "$prefix-$site"
    ip link add "fl4j-v$i" netns "$prefix-$site" type veth peer name "port$i" netns "$prefix-switch"
    ip -n "$prefix-switch" link set "port$i" master br0 up
    ip -n "$prefix-$site" addr add "$address/24" dev "fl4j-v$i"
    ip -n "$prefix-$site" link set "fl4j-v$i" up
    ip -n "$prefix-$site" link set lo up
    i=$((i + 1))
  done
}

# check_link SPEC: RATE (tc units: kbit, mbit, gbit) and an optional DELAY (us, ms, s); exit 2 naming it if not
check_link() {
  [[ $1 =~ ^[0-9]+(\.[0-9]+)?(kbit|mbit|gbit)(,[0-9]+(\.[0-9]+)?(us|ms|s))?$ ]] || {
    echo "site-netns: a link is RATE[,DELAY] such as 50mbit or 50mbit,20ms (rate in kbit, mbit or gbit, delay in" \
      "us, ms or s), found '$1'" >&2
    exit 2
  }
}

# shape PREFIX SPEC SITE...: tbf at RATE on both ends of each site's veth, netem DELAY beneath it when given.
# The bucket holds 64 KiB (a whole segmentation-offload packet) and up to 100 ms of queue at the rate.
shape() {
  local prefix=$1 spec=$2 site dev n rate delay; shift 2
  check_link "$spec"
  rate=${spec%%,*}
  delay=; [[ $spec == *,* ]] && delay=${spec#*,}
  for site in "$@"; do
    dev=$(ip -n "$prefix-$site" -o link show | sed -nE 's/^[0-9]+: (fl4j-v[0-9]+)@.*/\1/p' | head -1)
    [[ -n $dev ]] || { echo "site-netns: no fl4j-vN link in namespace $prefix-$site" >&2; exit 1; }
    n=${dev#fl4j-v}
    shape_dev "$prefix-$site" "$dev" "$rate" "$delay"
    shape_dev "$prefix-switch" "port$n" "$rate" "$delay"
  done
}

shape_dev() {
  local ns=$1 dev=$2 rate=$3 delay=$4
  tc -n "$ns" qdisc replace dev "$dev" root handle 1: tbf rate "$rate" burst 64kb latency 100ms
  if [[ -n $delay ]] && ! tc -n "$ns" qdisc add dev "$dev" parent 1:1 handle 10: netem delay "$delay" limit 100000; then
    echo "site-netns: could not add a delay of $delay on $dev in $ns: the kernel needs tc's netem qdisc" \
      "(CONFIG_NET_SCH_NETEM); give the rate alone" >&2
    exit 1
  fi
}

case ${1:-} in
  shape) shift; (($# >= 3)) || { echo "usage: site-netns.sh shape PREFIX RATE[,DELAY] SITE..." >&2; exit 2; }; shape "$@" ;;
  check-link) shift; (($# == 1)) || { echo "usage: site-netns.sh check-link RATE[,DELAY]" >&2; exit 2; }; check_link "$1" ;;
  up) shift; (($# >= 2)) || { echo "usage: site-netns.sh up PREFIX SITE=ADDRESS..." >&2; exit 2; }; up "$@" ;;
  down) shift; (($# >= 1)) || { echo "usage: site-netns.sh down PREFIX SITE..." >&2; exit 2; }; down "$@" ;;
  *) echo "usage: site-netns.sh up PREFIX SITE=ADDRESS... | down PREFIX SITE... | shape PREFIX RATE[,DELAY] SITE..." >&2
     exit 2 ;;
esac
