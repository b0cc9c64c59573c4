"""NumPy baselines for docs/benchmarks.md: the same FedAvg round as FedAvgBenchmark, done the Python way.

  python3 benchmarks/numpy/fedavg_numpy.py [params] [collaborators] [repeats]

Prints, for each variant, the best and median time per round, the update payload processed per second
(collaborators x params x 4 bytes / time, comparable across implementations) and the bytes read + written
per second counted as FedAvgBenchmark counts its fold (8 bytes a parameter to zero the accumulator, 20 per
update, 12 for the division), the same work figure for every FedAvg variant so the GB/s compare directly.
  stack+average : np.average(np.stack(updates), weights=w, axis=0), what OpenFL does
  inplace f64   : acc = zeros(float64); for each update: acc += w * x; acc /= sum(w)  (like fl4j's fold)
  inplace f32   : the same with a float32 accumulator
  copy          : np.copyto(out, x) for each update (NumPy's memory-copy bandwidth)
"""
import statistics
import sys
import time

import numpy as np


def timed(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 25_000_000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    rng = np.random.default_rng(0)
    updates = [rng.standard_normal(n, dtype=np.float32) for _ in range(k)]
    weights = np.array([1000 + i for i in range(k)], dtype=np.int64)
    out32 = np.empty(n, dtype=np.float32)

    def stack_average():
        return np.average(np.stack(updates), weights=weights, axis=0).astype(np.float32)

    def inplace(dtype):
        def run():
            acc = np.zeros(n, dtype=dtype)
            for w, x in zip(weights, updates):
                acc += w * x
            acc /= weights.sum()
            return acc.astype(np.float32)
        return run

    def copy():
        for x in updates:
            np.copyto(out32, x)

    payload = 4.0 * n * k
    variants = [
        ("stack+average", stack_average, 8.0 * n + 20.0 * n * k + 12.0 * n),
        ("inplace f64", inplace(np.float64), 8.0 * n + 20.0 * n * k + 12.0 * n),
        ("inplace f32", inplace(np.float32), 8.0 * n + 20.0 * n * k + 12.0 * n),
        ("copy", copy, 8.0 * n * k),
    ]
    print(f"numpy {np.__version__}, params={n}, collaborators={k}, repeats={repeats}")
    print(f"{'variant':14} {'best ms':>9} {'median ms':>10} {'payload GB/s':>13} {'read+write GB/s':>16}")
    for name, fn, traffic in variants:
        fn()
        best, med = timed(fn, repeats)
        print(f"{name:14} {best * 1e3:9.1f} {med * 1e3:10.1f} {payload / best / 1e9:13.2f} {traffic / best / 1e9:16.2f}")


if __name__ == "__main__":
    main()
