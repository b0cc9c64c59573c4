"""Turns a JMH JSON result file into the Markdown tables of docs/benchmarks.md.

  python3 benchmarks/jmh_table.py fedavg.json [robust.json ...]

Throughput benchmarks with a byte counter (FedAvgBenchmark:bytes, RoundIngestBenchmark:updateBytes) are
shown in GB/s: the mean over measurement iterations and the best iteration (on a shared machine the best is
the closer estimate of what the code can do). PairedBandwidthBenchmark rows give copy and fold GB/s per
iteration and their ratio. Other benchmarks are shown in their own unit (ms per operation).
"""
import json
import sys


def params_key(entry):
    return tuple(sorted(entry.get("params", {}).items()))


def main(paths):
    for path in paths:
        with open(path) as f:
            results = json.load(f)
        for r in results:
            name = r["benchmark"].rsplit(".", 2)[-2]
            p = r.get("params", {})
            label = ", ".join(f"{k}={v}" for k, v in p.items())
            sec = r.get("secondaryMetrics", {})
            if "copyNanos" in sec:
                # paired halves: per-iteration GB/s of each half and their ratio
                def per_iter(b, ns):
                    return [x / y for x, y in zip([v for f in sec[b]["rawData"] for v in f],
                                                  [v for f in sec[ns]["rawData"] for v in f])]
                copy = per_iter("copyBytes", "copyNanos")
                fold = per_iter("foldBytes", "foldNanos")
                ratios = [f / c for f, c in zip(fold, copy)]
                print(f"| {name} | {label} | copy {sum(copy) / len(copy):.2f} (best {max(copy):.2f}) "
                      f"| fold {sum(fold) / len(fold):.2f} (best {max(fold):.2f}) "
                      f"| fold/copy mean {sum(ratios) / len(ratios):.2f}, min {min(ratios):.2f} |")
                continue
            counters = {k: v for k, v in r.get("secondaryMetrics", {}).items() if k in ("bytes", "updateBytes")}
            if counters:
                for cname, c in counters.items():
                    raw = [x for fork in c["rawData"] for x in fork]
                    print(f"| {name} | {label} | {cname} | {c['score'] / 1e9:.2f} | {max(raw) / 1e9:.2f} |")
            else:
                m = r["primaryMetric"]
                raw = [x for fork in m["rawData"] for x in fork]
                print(f"| {name} | {label} | {m['score']:.1f} | {min(raw):.1f} | {m['scoreUnit']} |")


if __name__ == "__main__":
    main(sys.argv[1:])
