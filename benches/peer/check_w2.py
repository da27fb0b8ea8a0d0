#!/usr/bin/env python3
"""W2 has no exact answer: check the counts peer (w2_counts.py) against the per-resident peer
(w2_resident.py), which does literally what docs/benchmarks.md (W2) says for every resident.
Both are run with different seeds; for the total cost of a replication and the final waiting
list it prints the two means and the z-score of their difference, the variance ratio and the
z-score of its logarithm, and the two-sample Kolmogorov-Smirnov statistic with its asymptotic
p-value. With independent seeds, |z| > 3 or p < 0.001 means the two do not simulate the same
model (the waiting list is discrete, so its KS p-value is conservative).

    python3 benches/peer/check_w2.py                       # N = 9,999, 1,000 vs 4,000 replications
    python3 benches/peer/check_w2.py --residents 3000 --order severity
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def ks_2samp(a, b):
    """Two-sample KS statistic D and its asymptotic p-value (Kolmogorov's distribution with
    the usual small-sample correction of lambda)."""
    a, b = np.sort(a), np.sort(b)
    grid = np.concatenate([a, b])
    d = float(np.max(np.abs(np.searchsorted(a, grid, side="right") / a.size
                            - np.searchsorted(b, grid, side="right") / b.size)))
    ne = a.size * b.size / (a.size + b.size)
    lam = (math.sqrt(ne) + 0.12 + 0.11 / math.sqrt(ne)) * d
    if lam < 1e-3:
        return d, 1.0
    p = 2.0 * sum((-1) ** (k - 1) * math.exp(-2.0 * k * k * lam * lam) for k in range(1, 101))
    return d, min(1.0, max(0.0, p))


def compare(name, a, b):
    ma, mb = a.mean(), b.mean()
    va, vb = a.var(ddof=1), b.var(ddof=1)
    z_mean = (ma - mb) / math.sqrt(va / a.size + vb / b.size)
    ratio = va / vb
    z_var = math.log(ratio) / math.sqrt(2.0 / (a.size - 1) + 2.0 / (b.size - 1))
    d, p = ks_2samp(a, b)
    print(f"{name:<20} resident {ma:16,.2f} (sd {math.sqrt(va):14,.2f})  counts {mb:16,.2f} "
          f"(sd {math.sqrt(vb):14,.2f})  z(mean) {z_mean:+.2f}  var ratio {ratio:.3f} "
          f"(z {z_var:+.2f})  KS D {d:.4f} p {p:.3f}")
    return max(abs(z_mean), abs(z_var)) < 3.0 and p >= 0.001


def run(script, args, reps, seed, dump):
    cmd = [sys.executable, os.path.join(HERE, script), "--replications", str(reps),
           "--seed", str(seed), "--dump", dump] + args
    print("$ " + " ".join(cmd[1:]), file=sys.stderr)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    sys.stderr.write(out.stderr)
    return np.load(dump)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--residents", "-n", type=int, default=9999)
    ap.add_argument("--resident-replications", type=int, default=1000)
    ap.add_argument("--counts-replications", type=int, default=4000)
    ap.add_argument("--order", choices=["fifo", "severity"], default="fifo")
    ap.add_argument("--no-aggressive", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    args = ["--residents", str(a.residents), "--order", a.order]
    if a.no_aggressive:
        args.append("--no-aggressive")
    with tempfile.TemporaryDirectory() as tmp:
        res = run("w2_resident.py", args, a.resident_replications, a.seed,
                  os.path.join(tmp, "resident.npz"))
        cnt = run("w2_counts.py", args, a.counts_replications, a.seed + 1000,
                  os.path.join(tmp, "counts.npz"))
        print(f"W2, N = {a.residents}, order {a.order}, aggressive {not a.no_aggressive}; "
              f"{res['total'].size} resident vs {cnt['total'].size} counts replications")
        ok = compare("total cost", res["total"], cnt["total"])
        ok &= compare("final waiting list", res["waiting"].astype(float),
                      cnt["waiting"].astype(float))
    print("OK: the two peers agree" if ok else "MISMATCH: |z| >= 3 or KS p < 0.001")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
