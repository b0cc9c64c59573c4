#!/usr/bin/env bash
# fl4j multi-site federation demo: the whole flow of a real deployment, on one machine.
#
# Three separate workspace folders (the aggregator's site and two collaborator sites) that exchange only
# the exported workspace archive and the certificate packages, then separate processes talking mTLS gRPC
# on localhost: keras_cnn_mnist on the embedded MNIST sample.
#
#   scripts/federation-demo.sh [--rounds N] [--dir DIR] [--no-build] [--port PORT]
#
# --rounds N   rounds to train (default 5; the template's plan says 10)
# --dir DIR    work folder, emptied first (default target/federation-demo)
# --no-build   use the fx already built instead of running Maven first
#
# Exit code 0 when the federation finished and saved its best model; 1 (with the failing step's log)
# otherwise.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
fx="$root/fx"
rounds=5
dir="$root/target/federation-demo"
build=1
port=""
timeout_s=${FL4J_DEMO_TIMEOUT:-1200}
while (($#)); do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "federation-demo: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

bold=$'\e[1m'; dim=$'\e[2m'; green=$'\e[32m'; red=$'\e[31m'; off=$'\e[0m'
[[ -t 1 ]] || { bold=; dim=; green=; red=; off=; }
logs="$dir/logs"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
step_no=0
started=$SECONDS

fail() {
  echo "${red}FAILED${off}: $1" >&2
  [[ -n ${2:-} && -f $2 ]] && { echo "--- last lines of $2 ---" >&2; tail -n 30 "$2" >&2; }
  exit 1
}

# run SITE DESCRIPTION -- fx args...: one step of the flow, its output kept in a log of its own
run() {
  local site=$1 what=$2; shift 3
  step_no=$((step_no + 1))
  local log="$logs/$(printf '%02d' $step_no)-${site}.log" t0=$SECONDS
  printf '%s[%2d]%s %-15s %-44s %s$ fx %s%s\n' "$bold" $step_no "$off" "$site" "$what" "$dim" "$*" "$off"
  if ! (cd "${sitedir[$site]}" && "$fx" "$@") >"$log" 2>&1 </dev/null; then
    fail "step $step_no ($what) at $site" "$log"
  fi
  sed -n '/^Error/p' "$log" | head -3
}

echo "${bold}fl4j multi-site federation${off}: keras_cnn_mnist on the embedded MNIST sample, 2 collaborators,"
echo "mutual TLS on localhost. Work folder: $dir"
if ((build)); then
  echo "${dim}building fl4j (mvn -q -DskipTests package) ...${off}"
  (cd "$root" && mvn -B -q -DskipTests package) || fail "the build"
fi
rm -rf "$dir"
mkdir -p "$logs" "$dir/aggregator-site" "$dir/site-one" "$dir/site-two"
declare -A sitedir=([aggregator]="$dir/aggregator-site" [one]="$dir/site-one" [two]="$dir/site-two")
ws=mnist_fed

# 1-2: the aggregator's site creates the workspace and initialises the plan (round-0 model)
run aggregator "create the workspace" -- workspace create --prefix $ws --template keras_cnn_mnist
sitedir[aggregator]="$dir/aggregator-site/$ws"
run aggregator "initialize the plan and the model" -- plan initialize -a localhost
overrides=()
[[ -n $port ]] && overrides+=(--set "network.settings.agg_port=$port")
[[ -n $rounds ]] && overrides+=(--set "aggregator.settings.rounds_to_train=$rounds")
if ((${#overrides[@]})); then
  run aggregator "freeze the plan with the demo's settings" -- plan freeze "${overrides[@]}"
fi
# 3-4: the certificate authority, and the aggregator's own certificate
run aggregator "create the certificate authority" -- workspace certify
run aggregator "aggregator key and request" -- aggregator generate-cert-request --fqdn localhost
run aggregator "sign the aggregator's certificate" -- aggregator certify --fqdn localhost --silent
# 5: the workspace travels to the partner sites as one archive
run aggregator "export the workspace" -- workspace export
for col in one two; do
  cp "${sitedir[aggregator]}/$ws.tar.gz" "${sitedir[$col]}/"
  # 6: each site imports it, points it at its data and asks for a certificate
  run $col "import the workspace" -- workspace import --archive $ws.tar.gz
  sitedir[$col]="${sitedir[$col]}/$ws"
  shard=$([[ $col == one ]] && echo 1 || echo 2)
  run $col "register local data (MNIST shard $shard)" -- collaborator create -n $col -d $shard
  run $col "key and certificate request" -- collaborator generate-cert-request -n $col
  # 7: the request package goes to the CA holder, who checks the hash and signs
  cp "${sitedir[$col]}/col_${col}_to_agg_cert_request.tar.gz" "${sitedir[aggregator]}/"
  run aggregator "sign $col's certificate" -- collaborator certify --request-pkg col_${col}_to_agg_cert_request.tar.gz --silent
  # 8: the signed package comes back
  cp "${sitedir[aggregator]}/agg_to_col_${col}_signed_cert.tar.gz" "${sitedir[$col]}/"
  run $col "install the signed certificate" -- collaborator certify --import agg_to_col_${col}_signed_cert.tar.gz
done

# 9: every site starts its own process
echo "${bold}[start]${off} aggregator and collaborators, each in its own process (logs in $logs)"
(cd "${sitedir[aggregator]}" && exec "$fx" aggregator start) >"$logs/aggregator.log" 2>&1 </dev/null &
agg=$!; pids+=($agg)
for col in one two; do
  (cd "${sitedir[$col]}" && exec "$fx" collaborator start -n $col) >"$logs/collaborator-$col.log" 2>&1 </dev/null &
  pids+=($!)
done

metrics="${sitedir[aggregator]}/logs/metrics.jsonl"
shown=0
show_rounds() {
  [[ -f $metrics ]] || return 0
  local lines
  lines=$(grep '"origin":"aggregator"' "$metrics" | grep '"task":"aggregated_model_validation"' \
    | grep '"metric":"accuracy"' | sed -E 's/.*"round":([0-9]+).*"value":([0-9.eE+-]+).*/\1 \2/' || true)
  local n
  n=$(printf '%s' "$lines" | grep -c . || true)
  if ((n > shown)); then
    printf '%s\n' "$lines" | tail -n +$((shown + 1)) | while read -r r v; do
      printf '  round %-3s aggregated validation accuracy %s%s%s\n' "$r" "$bold" "$v" "$off"
    done
    shown=$n
  fi
}
deadline=$((SECONDS + timeout_s))
while kill -0 $agg 2>/dev/null; do
  show_rounds
  ((SECONDS < deadline)) || fail "the federation did not finish within ${timeout_s}s" "$logs/aggregator.log"
  sleep 1
done
wait $agg || fail "the aggregator exited with an error" "$logs/aggregator.log"
show_rounds
for p in "${pids[@]:1}"; do wait "$p" || fail "a collaborator exited with an error" "$logs/collaborator-one.log"; done
pids=()

best_path=$(cd "${sitedir[aggregator]}" && "$fx" plan print 2>/dev/null | sed -nE 's/^ *best_state_path: *//p' | head -1)
[[ -n $best_path && -f "${sitedir[aggregator]}/$best_path" ]] || fail "no best model was saved" "$logs/aggregator.log"
best_line=$(grep -E 'Saved the best model' "$logs/aggregator.log" | tail -1 | sed -E 's/.*with score ([0-9.]+).*model of round ([0-9]+).*/round \2, accuracy \1/' || true)
echo
echo "${green}${bold}Federation finished${off} in $((SECONDS - started)) s."
echo "Best model: ${sitedir[aggregator]}/$best_path${best_line:+ ($best_line)}"
echo "Inspect it: (cd ${sitedir[aggregator]} && $fx model info $best_path)"
