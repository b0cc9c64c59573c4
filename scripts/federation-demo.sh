#!/usr/bin/env bash
# fl4j multi-site federation demo: the whole flow of a real deployment, on one machine.
#
# Three separate workspace folders (the aggregator's site and two collaborator sites) that exchange only
# the exported workspace archive and the certificate packages, then separate processes talking mTLS gRPC
# on localhost: keras_cnn_mnist on the embedded MNIST sample (or another template).
#
#   scripts/federation-demo.sh [--template NAME] [--rounds N] [--dir DIR] [--no-build] [--port PORT] [--netns]
#                              [--link RATE[,DELAY]] [--model FILE] [--site-metrics PORT] [--set KEY=VALUE]...
#                              [--prepare-only]
#
# --template T the workspace template (default keras_cnn_mnist), e.g. dl4j_cnn_histology (SYNTHETIC
#              histology tiles) or dl4j_unet_2d (SYNTHETIC MRI slices, Dice shown); each site registers the
#              data path its template's plan/data.yaml gives it. fed_eval_mnist evaluates given models
#              without training; with --set 'task_runner.settings.candidates=[code/keras_cnn_mnist_trained.fl4j,
#              code/keras_cnn_mnist_early.fl4j]' every site scores each model and the ranking is shown
# --rounds N   rounds to train (default: the template's, at most 5; keras_cnn_mnist's plan says 10)
# --dir DIR    work folder (default target/federation-demo); one made by an earlier run is emptied first
# --no-build   use the fx already built instead of running Maven first
# --set K=V    a plan setting for the whole federation (frozen into the plan before it is exported), e.g.
#              --set aggregator.settings.update_staging=disk; record-level differential privacy (DP-SGD at
#              each site, each round's epsilon printed beside its accuracy):
#              --set privacy.settings.level=record --set privacy.settings.noise_multiplier=1.0
#              client-level DP-FedAvg at the aggregator (its epsilon printed each round):
#              --set privacy.settings.level=client --set privacy.settings.noise_multiplier=1.0
#              (two collaborators are few: epsilon grows fast; docs/privacy.md); secure
#              aggregation (the sites mask their updates, the aggregator learns only their average):
#              --set aggregator.settings.secure_aggregation=true; with client level as well, distributed DP
#              (each site noises its update before masking; the aggregator's epsilon printed each round);
#              compression (int8 deltas up, fp16 down as differences to the model each site holds; the
#              sites' logs show each round's bytes): --set compression_pipeline.template=fl4j.Compression
#              --set 'compression_pipeline.settings.upload=[int8_blockwise, lz4]'
#              --set 'compression_pipeline.settings.download=[fp16]'
#              --set compression_pipeline.settings.download_delta_rounds=1
#              --set collaborator.settings.delta_updates=true
# --site-metrics PORT  each collaborator serves its own Prometheus metrics (fx collaborator start
#              --metrics-port): one on http://127.0.0.1:PORT/metrics, two on PORT+1 (inside its namespace
#              with --netns); the aggregator's are --set aggregator.settings.metrics_port=PORT2
# --netns      (root, iproute2) each site in its own network namespace with its own address on a private
#              bridge, so the federation crosses real network stacks; two's link is cut for a while in
#              the second round: the cutoff policy closes the round without it, and it reconnects after
# --link R[,D] with --netns: each collaborator's link limited to rate R (e.g. 50mbit; tc tbf on both ends of
#              its veth, so each way) with a one-way delay D each way (e.g. 20ms; tc netem, which the kernel
#              must have); nothing is cut and every round waits for both sites, so the rounds measure the
#              link; each link's tc statistics are kept in the logs (link-one.txt, link-two.txt)
# --model FILE the template's model file replaced by FILE (copied into the workspace's code/ before the
#              round-0 model is written), e.g. benchmarks/models/dl4j_mlp_25m.json (issue 24's 25M-parameter
#              MLP) with --template dl4j_mlp_mnist
# --prepare-only stop once the three sites are ready to start (workspace, plan, certificates installed),
#              e.g. to run them from the image 'fx workspace dockerize' builds (DockerizedFederationIT)
#
# Exit code 0 when the federation finished and saved its best model (or ranked its candidates); 1 (with the
# failing step's or site's log) otherwise: as soon as a step fails, a site's process exits with an error (the
# aggregator or any collaborator), every collaborator has gone while the aggregator still runs, or
# FL4J_DEMO_TIMEOUT seconds (default 1200) pass. With --netns the namespaces are named FL4J_DEMO_NETNS-SITE (default
# fl4j-demo), so that two demos can run side by side.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
fx="$root/fx"
rounds=
template=keras_cnn_mnist
dir="$root/target/federation-demo"
build=1
port=""
netns=0
site_metrics=""
prepare_only=0
link=""
model=""
extra=()
cutoff=${FL4J_DEMO_CUTOFF:-45}
timeout_s=${FL4J_DEMO_TIMEOUT:-1200}
while (($#)); do
  case $1 in
    --template) template=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --netns) netns=1; shift ;;
    --link) link=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --site-metrics) site_metrics=$2; shift 2 ;;
    --set) extra+=(--set "$2"); shift 2 ;;
    --prepare-only) prepare_only=1; shift ;;
    -h|--help) sed -n '2,51p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "federation-demo: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
if [[ -n $link ]]; then
  ((netns)) || { echo "federation-demo: --link $link needs --netns (the link shaped is a site's veth)" >&2; exit 2; }
  if ! msg=$("$root/scripts/site-netns.sh" check-link "$link" 2>&1); then
    echo "federation-demo: --link: ${msg#site-netns: }" >&2
    exit 2
  fi
fi
if [[ -n $model ]]; then
  [[ -f $model ]] || { echo "federation-demo: --model: no such file: $model" >&2; exit 2; }
  model=$(readlink -f "$model")
fi

bold=$'\e[1m'; dim=$'\e[2m'; green=$'\e[32m'; red=$'\e[31m'; off=$'\e[0m'
[[ -t 1 ]] || { bold=; dim=; green=; red=; off=; }
logs="$dir/logs"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  ((netns)) && netns_down
  return 0
}
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

# --netns: one namespace per site, joined by a bridge in a namespace of its own (nothing changes on the host)
ns_prefix=${FL4J_DEMO_NETNS:-fl4j-demo}  # the namespaces are PREFIX-aggregator, PREFIX-one, PREFIX-two, PREFIX-switch
declare -A addr=([aggregator]=localhost [one]=localhost [two]=localhost)
netns_down() {
  "$root/scripts/site-netns.sh" down "$ns_prefix" aggregator one two
}
netns_up() {
  "$root/scripts/site-netns.sh" up "$ns_prefix" aggregator="${addr[aggregator]}" one="${addr[one]}" two="${addr[two]}"
}
# in_site SITE CMD...: become the command, in the site's namespace (or here, without --netns)
in_site() {
  local site=$1; shift
  if ((netns)); then exec ip netns exec "$ns_prefix-$site" "$@"; else exec "$@"; fi
}
if ((netns)); then
  [[ $(id -u) == 0 ]] || fail "--netns needs root (ip netns)"
  command -v ip >/dev/null || fail "--netns needs iproute2's ip command"
  addr=([aggregator]=10.213.77.1 [one]=10.213.77.11 [two]=10.213.77.12)
fi

echo "${bold}fl4j multi-site federation${off}: $template, 2 collaborators,"
if ((netns)); then
  echo "mutual TLS across three network namespaces (aggregator ${addr[aggregator]}, one ${addr[one]}, two ${addr[two]})."
else
  echo "mutual TLS on localhost."
fi
echo "Work folder: $dir"
# Only a folder this script made before (it holds the marker) is emptied; anything else must be empty.
if [[ -d $dir && -n $(ls -A "$dir") ]]; then
  [[ -f $dir/.fl4j-demo ]] || fail "$dir is not empty and was not made by this demo: choose another --dir"
  rm -rf "$dir"
fi
mkdir -p "$logs" "$dir/aggregator-site" "$dir/site-one" "$dir/site-two"
touch "$dir/.fl4j-demo"
if ((build)); then
  echo "${dim}building fl4j (mvn -B -q -DskipTests package; log in $logs/build.log) ...${off}"
  (cd "$root" && mvn -B -q -DskipTests package) >"$logs/build.log" 2>&1 || fail "the build" "$logs/build.log"
fi
declare -A sitedir=([aggregator]="$dir/aggregator-site" [one]="$dir/site-one" [two]="$dir/site-two")
ws=mnist_fed
[[ $template == keras_cnn_mnist ]] || ws=${template}_fed
metric=accuracy  # the aggregated validation metric shown each round
[[ $template == dl4j_unet_2d ]] && metric=dice_tumour

# 1-2: the aggregator's site creates the workspace and initialises the plan (round-0 model)
run aggregator "create the workspace" -- workspace create --prefix $ws --template "$template"
sitedir[aggregator]="$dir/aggregator-site/$ws"
if [[ -n $model ]]; then # the plan names code/<file>: point it at the given model, as the plan's author would
  cp "$model" "${sitedir[aggregator]}/code/"
  sed -i -E "s#^( +model: ).*#\1code/$(basename "$model")#" "${sitedir[aggregator]}/plan/plan.yaml"
  grep -q "^ *model: code/$(basename "$model")\$" "${sitedir[aggregator]}/plan/plan.yaml" \
    || fail "--model: the $template plan has no 'model:' setting to point at $(basename "$model")"
  echo "${dim}[model] task_runner.settings.model: code/$(basename "$model")${off}"
fi
run aggregator "initialize the plan and the model" -- plan initialize -a "${addr[aggregator]}"
overrides=()
if ((netns)) && [[ -z $link ]]; then
  overrides+=(--set straggler_handling_policy.template=fl4j.CutoffTime
    --set "straggler_handling_policy.settings.straggler_cutoff_time=$cutoff"
    --set straggler_handling_policy.settings.minimum_reporting=1)
fi
[[ -n $port ]] && overrides+=(--set "network.settings.agg_port=$port")
if [[ -z $rounds ]]; then # the default: at most 5 rounds (a federated evaluation keeps its single round)
  planned=$(sed -nE 's/^ *rounds_to_train: *([0-9]+).*/\1/p' "${sitedir[aggregator]}/plan/plan.yaml" | head -1)
  ((${planned:-6} <= 5)) || rounds=5
fi
[[ -n $rounds ]] && overrides+=(--set "aggregator.settings.rounds_to_train=$rounds")
overrides+=("${extra[@]}")
if ((${#overrides[@]})); then
  run aggregator "freeze the plan with the demo's settings" -- plan freeze "${overrides[@]}"
fi
# 3-4: the certificate authority, and the aggregator's own certificate
run aggregator "create the certificate authority" -- workspace certify
run aggregator "aggregator key and request" -- aggregator generate-cert-request --fqdn "${addr[aggregator]}"
run aggregator "sign the aggregator's certificate" -- aggregator certify --fqdn "${addr[aggregator]}" --silent
# 5: the workspace travels to the partner sites as one archive
run aggregator "export the workspace" -- workspace export
for col in one two; do
  cp "${sitedir[aggregator]}/$ws.tar.gz" "${sitedir[$col]}/"
  # 6: each site imports it, points it at its data and asks for a certificate
  run $col "import the workspace" -- workspace import --archive $ws.tar.gz
  sitedir[$col]="${sitedir[$col]}/$ws"
  # the data path the template gives this collaborator (a shard or site number for the shipped data)
  shard=$(sed -nE "s/^$col,(.*)$/\1/p" "${sitedir[$col]}/plan/data.yaml" | head -1)
  [[ -n $shard ]] || shard=$([[ $col == one ]] && echo 1 || echo 2)
  run $col "register local data ($shard)" -- collaborator create -n $col -d "$shard"
  run $col "key and certificate request" -- collaborator generate-cert-request -n $col
  # 7: the request package goes to the CA holder, who checks the hash and signs
  cp "${sitedir[$col]}/col_${col}_to_agg_cert_request.tar.gz" "${sitedir[aggregator]}/"
  run aggregator "sign $col's certificate" -- collaborator certify --request-pkg col_${col}_to_agg_cert_request.tar.gz --silent
  # 8: the signed package comes back
  cp "${sitedir[aggregator]}/agg_to_col_${col}_signed_cert.tar.gz" "${sitedir[$col]}/"
  run $col "install the signed certificate" -- collaborator certify --import agg_to_col_${col}_signed_cert.tar.gz
done

if ((prepare_only)); then
  echo "${green}${bold}Sites prepared${off} in $((SECONDS - started)) s: aggregator ${sitedir[aggregator]}, one ${sitedir[one]}, two ${sitedir[two]}"
  exit 0
fi
# 9: every site starts its own process
if ((netns)); then
  netns_up || fail "could not create the network namespaces"
  if [[ -n $link ]]; then
    "$root/scripts/site-netns.sh" shape "$ns_prefix" "$link" one two >"$logs/link.log" 2>&1 \
      || fail "could not shape the links to $link" "$logs/link.log"
    echo "${dim}[netns] one's and two's links shaped to $link each way ($(tc -n "$ns_prefix-one" qdisc show | grep -o 'tbf.*' | head -1))${off}"
  fi
fi
echo "${bold}[start]${off} aggregator and collaborators, each in its own process (logs in $logs)"
sites_started=$SECONDS
(cd "${sitedir[aggregator]}" && in_site aggregator "$fx" aggregator start) >"$logs/aggregator.log" 2>&1 </dev/null &
agg=$!; pids+=($agg)
declare -A col_pid=()
metrics_port=${site_metrics}
for col in one two; do
  site_opts=()
  if [[ -n $metrics_port ]]; then
    site_opts=(--metrics-port "$metrics_port")
    echo "${dim}[metrics] $col serves its Prometheus metrics on http://127.0.0.1:$metrics_port/metrics${off}"
    metrics_port=$((metrics_port + 1))
  fi
  (cd "${sitedir[$col]}" && in_site $col "$fx" collaborator start -n $col "${site_opts[@]}") \
    >"$logs/collaborator-$col.log" 2>&1 </dev/null &
  col_pid[$col]=$!; pids+=($!)
done

metrics="${sitedir[aggregator]}/logs/metrics.jsonl"
shown=0
round_epsilon() { # DP: epsilon after round $1: each site's (record level: "one 0.512, two 0.512"), or else the
  # aggregator's (client level: "aggregator 4.729"; at record level its line is the sites' mean)
  local eps
  eps=$(grep "\"round\":$1," "$metrics" | grep '"task":"train"' | grep '"metric":"epsilon"' || true)
  if grep -q -v '"origin":"aggregator"' <<<"$eps"; then eps=$(grep -v '"origin":"aggregator"' <<<"$eps"); fi
  [[ -n $eps ]] || return 0
  sed -E 's/.*"origin":"([^"]*)".*"value":([0-9.eE+-]+).*/\1 \2/' <<<"$eps" | sort \
    | awk '{ printf "%s%s %.3f", (NR > 1 ? ", " : ""), $1, $2 }' || true
}
show_rounds() {
  [[ -f $metrics ]] || return 0
  local lines
  lines=$(grep '"origin":"aggregator"' "$metrics" | grep '"task":"aggregated_model_validation"' \
    | grep "\"metric\":\"$metric\"" | sed -E 's/.*"round":([0-9]+).*"value":([0-9.eE+-]+).*/\1 \2/' || true)
  local n
  n=$(printf '%s' "$lines" | grep -c . || true)
  if ((n > shown)); then
    printf '%s\n' "$lines" | tail -n +$((shown + 1)) | while read -r r v; do
      local eps
      eps=$(round_epsilon "$r")
      printf '  round %-3s aggregated validation %s %s%.4f%s%s\n' "$r" "$metric" "$bold" "$v" "$off" "${eps:+   epsilon $eps}"
    done
    shown=$n
  fi
}
cut_at=0
cut_done=0
link_cut() { # during the second round: take two's link down for longer than the cutoff, then back up
  ((netns)) && [[ -z $link ]] || return 0
  if ((cut_at == 0 && shown >= 1)); then
    ip -n "$ns_prefix-two" link set fl4j-v3 down
    cut_at=$SECONDS
    echo "  ${red}[netns] cut two's network link${off} (round 1 closes by the ${cutoff}s cutoff without it)"
  elif ((cut_at > 0 && !cut_done && SECONDS - cut_at > cutoff + 10)); then
    ip -n "$ns_prefix-two" link set fl4j-v3 up
    cut_done=1
    echo "  ${green}[netns] restored two's link${off}: it reconnects and joins the next round"
  fi
}
# check_collaborators: a collaborator that exited with an error ends the demo at once, showing its log; once
# all of them are gone (each told to quit), the aggregator has a while to finish before the demo gives up
declare -A col_done=()
all_gone_at=0
check_collaborators() {
  local col status
  for col in one two; do
    [[ -z ${col_done[$col]:-} ]] || continue
    kill -0 "${col_pid[$col]}" 2>/dev/null && continue
    status=0; wait "${col_pid[$col]}" || status=$?
    col_done[$col]=$status
    ((status == 0)) || fail "collaborator $col exited with an error (exit code $status), $((SECONDS - sites_started)) s after the sites started" "$logs/collaborator-$col.log"
  done
  if ((${#col_done[@]} == 2 && all_gone_at == 0)); then
    all_gone_at=$SECONDS
  elif ((all_gone_at > 0 && SECONDS - all_gone_at > 60)); then
    fail "every collaborator has finished, but the aggregator is still running 60 s later" "$logs/aggregator.log"
  fi
}
deadline=$((SECONDS + timeout_s))
# link_stats: each shaped link's tc statistics (what the site sent, then what it received), kept before the
# namespaces go
link_stats() {
  [[ -n $link ]] || return 0
  local col n
  for col in one two; do
    n=$(ip -n "$ns_prefix-$col" -o link show | sed -nE 's/^[0-9]+: fl4j-v([0-9]+)@.*/\1/p' | head -1)
    { echo "# $col sends (its veth fl4j-v$n):"; tc -n "$ns_prefix-$col" -s qdisc show | grep -A2 '^qdisc \(tbf\|netem\)'
      echo "# $col receives (the bridge's port$n):"
      tc -n "$ns_prefix-switch" -s qdisc show dev "port$n" | grep -A2 '^qdisc \(tbf\|netem\)'
    } >"$logs/link-$col.txt" 2>&1 || true
  done
}
while kill -0 $agg 2>/dev/null; do
  show_rounds
  link_cut
  check_collaborators
  ((SECONDS < deadline)) || { link_stats; fail "the federation did not finish within ${timeout_s}s" "$logs/aggregator.log"; }
  sleep 1
done
link_stats
status=0; wait $agg || status=$?
((status == 0)) || fail "the aggregator exited with an error (exit code $status), $((SECONDS - sites_started)) s after the sites started" "$logs/aggregator.log"
show_rounds
for col in one two; do
  [[ -n ${col_done[$col]:-} ]] && status=${col_done[$col]} || { status=0; wait "${col_pid[$col]}" || status=$?; }
  ((status == 0)) || fail "collaborator $col exited with an error (exit code $status)" "$logs/collaborator-$col.log"
done
pids=()

# a federated evaluation of several models (task_runner.settings.candidates) ends with the aggregator's ranking
if grep -q 'Candidate models of' "$logs/aggregator.log"; then
  echo
  awk '/Candidate models of/ { table = ""; on = 1 } on { table = table $0 "\n" } /Candidate table:/ { on = 0; last = table }
    END { printf "%s", last }' "$logs/aggregator.log" | sed -E 's/^[0-9:.]+ +[A-Z]+ +(\[[^]]*\] )?//'
  echo "${green}${bold}Federation finished${off} in $((SECONDS - started)) s."
  exit 0
fi
best_path=$(cd "${sitedir[aggregator]}" && "$fx" plan print 2>/dev/null | sed -nE 's/^ *best_state_path: *//p' | head -1)
[[ -n $best_path && -f "${sitedir[aggregator]}/$best_path" ]] || fail "no best model was saved" "$logs/aggregator.log"
best_line=$(grep -E 'Saved the best model' "$logs/aggregator.log" | tail -1 \
  | sed -E 's/.*with score ([0-9.eE+-]+).*model of round ([0-9]+).*/\2 \1/' || true)
[[ -z $best_line ]] || best_line=$(printf 'round %s, %s %.4f' "${best_line% *}" "$metric" "${best_line#* }")
echo
if ((netns)) && [[ -z $link ]]; then
  echo "While two was cut off:"
  grep -hE "Closing round .* without|Dropped a late result" "$logs/aggregator.log" | head -3 \
    | sed -E 's/^[0-9:.]+ +[A-Z]+ +//; s/^/  aggregator: /' || true
  grep -hE "retrying in|closed before the result|Reached the aggregator again" "$logs/collaborator-two.log" | sed -n '1p;$p' \
    | sed -E 's/^[0-9:.]+ +[A-Z]+ +//; s/^/  two:        /' || true
fi
echo "${green}${bold}Federation finished${off} in $((SECONDS - started)) s."
echo "Best model: ${sitedir[aggregator]}/$best_path${best_line:+ ($best_line)}"
echo "Inspect it: (cd ${sitedir[aggregator]} && $fx model info $best_path)"
