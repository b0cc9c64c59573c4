#!/usr/bin/env bash
# fl4j's fx command line. Runs from any folder (the current folder is the user's workspace); builds fl4j
# with Maven on first use, or again when FX_REBUILD=1.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jar="$root/fx-cli/target/fx-cli.jar"
if [[ ! -f $jar || ${FX_REBUILD:-0} == 1 ]]; then
  echo "fx: building fl4j (mvn -B -q -DskipTests package in $root) ..." >&2
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests package) >&2
fi
# Start-up: the first run after a build records the classes `fx --help` loads in a class data sharing archive
# beside the jar (rebuilt whenever the jar is newer), and every run maps it instead of loading and verifying
# those classes again. Commands that only read and print (help, version, plan print/freeze, pki) also skip
# the optimising compiler, which they finish before it would pay. FX_CDS=0 turns the archive off.
cds=()
jsa="${jar%.jar}.jsa"
if [[ ${FX_CDS:-1} == 1 ]]; then
  if [[ ! -f $jsa || $jar -nt $jsa ]] && [[ -w $(dirname "$jsa") ]]; then
    java -XX:ArchiveClassesAtExit="$jsa.$$" -jar "$jar" --help >/dev/null 2>&1 && mv -f "$jsa.$$" "$jsa" \
      || rm -f "$jsa.$$"
  fi
  [[ -f $jsa ]] && cds=(-XX:SharedArchiveFile="$jsa")
fi
quick=()
case " $* " in
  "  " | *" -h "* | *" --help "* | *" -V "* | *" --version "* | " help "* | *" plan print "* | *" plan freeze "* \
    | *" pki "* | *" generate-completion "*) quick=(-XX:TieredStopAtLevel=1) ;;
esac
case " $* " in *" start "*) quick=() ;; esac
# FX_JAVA_OPTS adds JVM options (e.g. -Xmx4g); FX_HEAP sets the heap (ND4J frees native memory only when
# the GC runs, so an explicit heap keeps its footprint bounded).
# The Vector API (SIMD FedAvg) is needed where models are aggregated; the JVM prints one "Using incubator
# modules" warning when it is on, so other commands run without it (FX_VECTOR=1 forces it on).
# The aggregator keeps model-sized arrays for the whole federation, which ParallelGC allocates in the old
# generation: it gets four fifths of the heap for them (NewRatio=4) instead of two thirds, so that what a round
# promotes still fits beside them and a young collection does not turn into a full one every round
# (docs/aggregation.md, "Memory"). A NewRatio in FX_JAVA_OPTS comes later and wins.
vector=()
generations=()
case " $* " in
  *" aggregator start "* | *" aggregator "*" start "*) vector=(--add-modules=jdk.incubator.vector); generations=(-XX:NewRatio=4) ;;
esac
[[ ${FX_VECTOR:-0} == 1 ]] && vector=(--add-modules=jdk.incubator.vector)
# Netty's leak detector records a stack trace for one network buffer in 128, about 2% of the CPU a model
# transfer costs; fl4j's tests check buffer handling with it at its strictest. Turn it back on with
# FX_JAVA_OPTS=-Dio.grpc.netty.shaded.io.netty.leakDetection.level=simple (or paranoid).
leaks=-Dio.grpc.netty.shaded.io.netty.leakDetection.level=disabled
exec java "${cds[@]}" "${quick[@]}" "${vector[@]}" -Xmx"${FX_HEAP:-2g}" -XX:+UseParallelGC "${generations[@]}" "$leaks" ${FX_JAVA_OPTS:-} -jar "$jar" "$@"
