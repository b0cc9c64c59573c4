#!/usr/bin/env bash
# The compression table of docs/benchmarks.md ("Bytes and accuracy per stage", issue 25): the multi-site demo
# (keras_cnn_mnist, 2 sites, separate processes over mTLS) once per compression configuration and split, one
# run after another, then a Markdown table of bytes and accuracy from the runs' logs.
#
#   scripts/compression-table.sh [--dir DIR] [--port PORT] [--only NAME[,NAME...]] [--splits iid,dirichlet]
#                                [--seed N] [--report]
#
# --dir DIR     work folder (default target/compression-table); each run goes to DIR/SPLIT-NAME
# --port PORT   the aggregator's port for every run (default 51731; the runs never overlap)
# --only LIST   run only these configurations (default: base, fp16, bf16, int8, nf4, topk, lz4, chain-int8,
#               chain-topk; two more only when named: topk-noef (top-k without error feedback), topk10 (10%))
# --splits LIST iid (round-robin shards) and/or dirichlet (alpha 0.5); default both
# --seed N      the plan's aggregator.settings.seed for every run (the sites' shuffles; the round-0 model stays
#               the template's); runs go to DIR/SPLIT-NAME-sN, compared with DIR/SPLIT-base-sN
# --report      run nothing: print the tables of the runs already in DIR
#
# Each run trains 6 rounds: the aggregated validation of round 5 scores the model after 5 rounds of training
# (round r validates the model the sites receive at its start). Bytes are those of the 5 training rounds
# 0-4 that made that model, from each collaborator's "Round N traffic: X bytes of tensors downloaded, Y
# uploaded" log line, both sites added. The fx must be built (mvn -B -q -DskipTests package) beforehand.
# Exit code 0 when every run finished, 1 when one failed (its demo output is in DIR/SPLIT-NAME.out), 2 for a
# usage error.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
dir="$root/target/compression-table"
port=51731
only=""
splits="iid,dirichlet"
report_only=0
seed=""
while (($#)); do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --splits) splits=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --report) report_only=1; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compression-table: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

C='compression_pipeline'
on="--set $C.template=fl4j.Compression"
delta="--set collaborator.settings.delta_updates=true"
# name | what the table says | the demo's --sets (word-split; no value holds a space)
configs=(
  "base|uncompressed (float32 both ways)|"
  "fp16|fp16 up and down|$on --set $C.settings.upload=[fp16] --set $C.settings.download=[fp16]"
  "bf16|bf16 up and down|$on --set $C.settings.upload=[bf16] --set $C.settings.download=[bf16]"
  "int8|int8_blockwise (block 256) up and down|$on --set $C.settings.upload=[int8_blockwise] --set $C.settings.download=[int8_blockwise]"
  "nf4|nf4 (block 64) up and down|$on --set $C.settings.upload=[nf4] --set $C.settings.download=[nf4]"
  "topk|topk 1% up, delta updates, error feedback|$on --set $C.settings.upload=[topk] $delta"
  "lz4|lz4 up and down (float32 bytes)|$on --set $C.settings.upload=[lz4] --set $C.settings.download=[lz4]"
  "chain-int8|int8_blockwise+lz4 deltas up (error feedback); fp16 down, download_delta_rounds 1|$on --set $C.settings.upload=[int8_blockwise,lz4] --set $C.settings.download=[fp16] --set $C.settings.download_delta_rounds=1 $delta"
  "chain-topk|topk 1%+lz4 deltas up (error feedback); fp16+lz4 down, download_delta_rounds 1|$on --set $C.settings.upload=[topk,lz4] --set $C.settings.download=[fp16,lz4] --set $C.settings.download_delta_rounds=1 $delta"
  "topk-noef|topk 1% up, delta updates, no error feedback|$on --set $C.settings.upload=[topk] --set $C.settings.error_feedback=false $delta"
  "topk10|topk 10% up, delta updates, error feedback|$on --set $C.settings.upload=[{\"topk\":{\"fraction\":0.1}}] $delta"
)
defaults=base,fp16,bf16,int8,nf4,topk,lz4,chain-int8,chain-topk
declare -A split_sets=([iid]="" [dirichlet]="--set data_loader.settings.split=dirichlet --set data_loader.settings.alpha=0.5")
IFS=, read -r -a split_list <<<"$splits"
for s in "${split_list[@]}"; do
  [[ -v split_sets[$s] ]] || { echo "compression-table: --splits: unknown split '$s' (iid, dirichlet)" >&2; exit 2; }
done
[[ -z $seed || $seed =~ ^[0-9]+$ ]] || { echo "compression-table: --seed: expected an integer, found '$seed'" >&2; exit 2; }
tag=${seed:+-s$seed}
seed_set=${seed:+--set aggregator.settings.seed=$seed}
wanted() { [[ ",${only:-$defaults}," == *",$1,"* ]]; }
names=$(for c in "${configs[@]}"; do printf '%s,' "${c%%|*}"; done)
IFS=, read -r -a only_list <<<"$only"
for n in "${only_list[@]}"; do
  [[ ",$names" == *",$n,"* ]] || { echo "compression-table: --only: unknown configuration '$n' (${names%,})" >&2; exit 2; }
done
mkdir -p "$dir"

if ((!report_only)); then
  for s in "${split_list[@]}"; do
    for c in "${configs[@]}"; do
      IFS='|' read -r name _ sets <<<"$c"
      wanted "$name" || continue
      # shellcheck disable=SC2086 # the sets are word-split on purpose
      set -f; set -- ${split_sets[$s]} $sets $seed_set; set +f
      out="$dir/$s-$name$tag"
      echo "== $s $name$tag: $*"
      if ! "$root/scripts/federation-demo.sh" --no-build --rounds 6 --dir "$out" --port "$port" "$@" >"$out.out" 2>&1; then
        echo "compression-table: the run $s $name$tag failed; its output:" >&2
        tail -n 40 "$out.out" >&2
        exit 1
      fi
      grep -E 'round [0-9]+ +aggregated|Federation finished' "$out.out" | tail -n 2
    done
  done
fi

# traffic RUN: "round down up" for rounds 0-4, both sites added
traffic() {
  cat "$1"/logs/collaborator-one.log "$1"/logs/collaborator-two.log \
    | sed -nE 's/.*Round ([0-9]+) traffic: ([0-9]+) bytes of tensors downloaded, ([0-9]+) uploaded.*/\1 \2 \3/p' \
    | awk '$1 <= 4 { d[$1] += $2; u[$1] += $3 } END { for (r = 0; r <= 4; r++) print r, d[r], u[r] }'
}
# accuracy RUN: the aggregated validation accuracy of rounds 1-5 (the model after 1-5 rounds of training)
accuracy() {
  grep '"origin":"aggregator"' "$1"/aggregator-site/*/logs/metrics.jsonl | grep '"task":"aggregated_model_validation"' \
    | grep '"metric":"accuracy"' | sed -nE 's/.*"round":([0-9]+),.*"value":([0-9.eE+-]+).*/\1 \2/p' \
    | awk '$1 >= 1 && $1 <= 5 { printf "%s%.4f", (n++ ? " " : ""), $2 }'
}
for s in "${split_list[@]}"; do
  base="$dir/$s-base$tag"
  [[ -d $base ]] || { echo "compression-table: no baseline run in $base" >&2; exit 1; }
  read -r bd bu < <(traffic "$base" | awk '{ d += $2; u += $3 } END { print d, u }')
  read -r -a bacc <<<"$(accuracy "$base")"
  echo
  echo "$s${seed:+, seed $seed}: bytes of both sites, per round 0-4 (up, down) and 5-round totals; accuracy after k rounds"
  echo
  echo "| configuration | up per round, kB | down per round, kB | up total | down total | up x fewer | down x fewer | k=1 | k=2 | k=3 | k=4 | k=5 | k=5 vs base, points |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for c in "${configs[@]}"; do
    IFS='|' read -r name what _ <<<"$c"
    run="$dir/$s-$name$tag"
    wanted "$name" && [[ -d $run ]] || continue
    t=$(traffic "$run")
    ups=$(awk '{ printf "%s%.1f", (NR > 1 ? " / " : ""), $3 / 1000 }' <<<"$t")
    downs=$(awk '{ printf "%s%.1f", (NR > 1 ? " / " : ""), $2 / 1000 }' <<<"$t")
    read -r d u < <(awk '{ d += $2; u += $3 } END { print d, u }' <<<"$t")
    read -r -a acc <<<"$(accuracy "$run")"
    ((${#acc[@]} == 5)) || { echo "compression-table: $run has ${#acc[@]} accuracies, not 5" >&2; exit 1; }
    awk -v w="$what" -v ups="$ups" -v downs="$downs" -v u="$u" -v d="$d" -v bu="$bu" -v bd="$bd" \
      -v acc="${acc[*]}" -v b5="${bacc[4]}" 'BEGIN {
        split(acc, a, " ")
        printf "| %s | %s | %s | %d | %d | %.2f | %.2f | %s | %s | %s | %s | %s | %+.2f |\n",
          w, ups, downs, u, d, bu / u, bd / d, a[1], a[2], a[3], a[4], a[5], (a[5] - b5) * 100 }'
  done
done
