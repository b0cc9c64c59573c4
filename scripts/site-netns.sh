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

case ${1:-} in
  up) shift; (($# >= 2)) || { echo "usage: site-netns.sh up PREFIX SITE=ADDRESS..." >&2; exit 2; }; up "$@" ;;
  down) shift; (($# >= 1)) || { echo "usage: site-netns.sh down PREFIX SITE..." >&2; exit 2; }; down "$@" ;;
  *) echo "usage: site-netns.sh up PREFIX SITE=ADDRESS... | down PREFIX SITE..." >&2; exit 2 ;;
esac
