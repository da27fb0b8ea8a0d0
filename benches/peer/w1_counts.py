#!/usr/bin/env python3
"""W1 in numpy over counts: the exact counts peer of the Rust engine.

W1 (docs/benchmarks.md, W1) has no capacity, no duration and no interaction between residents,
so residents of one profile in one state are exchangeable: the state of a replication is
cnt[profile, state], and a month moves every cell by one Multinomial(cnt, P[profile, state]).
Here all replications are one array cnt[rep, profile, state] and a month is ONE call of
`Generator.multinomial` with n = cnt (shape R x P x S) and pvals = P (P x S x S, broadcast),
giving moves[rep, profile, from, to]. The month's cost is the occupancy after the move times
the monthly costs, plus the repair times the leavers of specialized, congregate,
rehabilitation and housing_first.

Exactness: numpy's `Generator.multinomial` draws a multinomial as a chain of conditional
binomials (category k gets Binomial(n - drawn so far, p_k / (1 - p_1 - ... - p_{k-1}))), and
`Generator.binomial` is exact (inversion for n p < 30, otherwise BTPE, an exact
acceptance-rejection method; numpy/random/src/distributions/distributions.c). The counts are
therefore distributed exactly as the sum of the residents' individual draws, up to floating
point: `--check` compares the mean and the standard deviation of the total cost with the exact
values (27,722,813,688 and 219,822,884 NOK for N = 9,999, T = 120).

    python3 benches/peer/w1_counts.py --replications 200 --repeats 3
    python3 benches/peer/w1_counts.py --residents 999999 --replications 20
    python3 benches/peer/w1_counts.py --check

Everything human-readable goes to stderr; the last line on stdout is one JSON object
{"impl": "numpy_counts", "ns_per_resident_month": ..., ...} as in w1_numpy.py.
ns per resident-month = wall time of the simulation loop / (N x T x R), every resident counted
in every month (exited ones included), as docs/benchmarks.md (W1) defines it.
"""

import argparse
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import numpy as np
except ImportError:  # pragma: no cover
    sys.exit("numpy is not installed: python3 -m pip install numpy")
import w1_numpy  # noqa: E402  (the same workload loader and exact answers)

S = w1_numpy.S


def start_counts(w, reps):
    """cnt[rep, profile, state] at month 0."""
    cnt = np.zeros((len(w.names), S), np.int64)
    np.add.at(cnt, (w.profile_of, w.state0), 1)
    return np.broadcast_to(cnt, (reps,) + cnt.shape).copy()


def run(w, reps, seed, batch):
    """Simulate `reps` replications, `batch` of them per array. Returns the total cost of
    every replication, the mean final occupancy and the wall time of the month loops."""
    repair_out = w.repair * w.repair_from.astype(np.float64)         # [s]
    totals, occ, elapsed = [], np.zeros(S), 0.0
    children = np.random.SeedSequence(seed).spawn((reps + batch - 1) // batch)
    P = w.P
    for b, ss in enumerate(children):
        size = min(batch, reps - b * batch)
        rng = np.random.Generator(np.random.SFC64(ss))
        cnt = start_counts(w, size)
        total = np.zeros(size)
        t0 = time.perf_counter()
        for _ in range(w.horizon):
            moves = rng.multinomial(cnt, P)                            # [r, p, from, to]
            # leavers per (rep, state): residents at the start of the month minus stayers
            left = (cnt - np.diagonal(moves, axis1=2, axis2=3)).sum(axis=1)
            cnt = moves.sum(axis=2)                                     # [r, p, to]
            total += cnt.sum(axis=1) @ w.monthly + left @ repair_out
        elapsed += time.perf_counter() - t0
        totals.append(total)
        occ += cnt.sum(axis=(0, 1))
    return np.concatenate(totals), occ / reps, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", default=w1_numpy.DEFAULT_PATH,
                    help="w1_matrices.json or a W1-like scenario (default: %(default)s)")
    ap.add_argument("--replications", "-r", type=int, default=100)
    ap.add_argument("--residents", "-n", type=int, default=None,
                    help="N residents (i %% 3 gives the profile; matrices only; default 9,999)")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--batch", type=int, default=256,
                    help="replications per array (default 256)")
    ap.add_argument("--repeats", type=int, default=1,
                    help="time the same run this many times; report best and median")
    ap.add_argument("--check", action="store_true",
                    help="run at least 4,000 replications and print z-scores of the mean and "
                         "sd of the total cost against the exact values")
    a = ap.parse_args()
    if a.replications < 1 or a.batch < 1 or a.repeats < 1:
        sys.exit("--replications, --batch and --repeats must be at least 1")
    w = w1_numpy.load(a.path, a.residents)
    if a.check:
        a.replications = max(a.replications, 4000)
    run(w, min(a.batch, a.replications), a.seed + 1, a.batch)        # warm-up
    times = []
    for _ in range(a.repeats):
        totals, occ, elapsed = run(w, a.replications, a.seed, a.batch)
        times.append(elapsed)
    times.sort()
    best, median = times[0], times[len(times) // 2]
    R = a.replications
    resident_months = w.n * w.horizon * R
    ns, ns_median = best * 1e9 / resident_months, median * 1e9 / resident_months
    mean = float(totals.mean())
    sd = float(totals.std(ddof=1)) if R > 1 else float("nan")
    se = sd / math.sqrt(R) if R > 1 else float("nan")
    ex_total, ex_occ = w1_numpy.exact(w)
    print(f"W1 numpy counts: {R} replications of N={w.n} x T={w.horizon} in {best:.3f} s = "
          f"{ns:.3f} ns per resident-month (best of {len(times)}; median {ns_median:.3f})",
          file=sys.stderr)
    print(f"  total cost per replication: {mean:,.0f} +- {se:,.0f} (exact {ex_total:,.0f})",
          file=sys.stderr)
    checked = w1_numpy.check_report("numpy_counts", totals, 1, w) if a.check else {}
    print(json.dumps({
        **checked,
        "impl": "numpy_counts",
        "method": "multinomial",
        "batch": a.batch,
        "ns_per_resident_month": ns,
        "ns_per_resident_month_median": ns_median,
        "repeats": len(times),
        "seconds": best,
        "residents": w.n,
        "months": w.horizon,
        "replications": R,
        "mean_total_cost": mean,
        "sd_total_cost": sd,
        "se_total_cost": se,
        "exact_total_cost": ex_total,
        "final_occupancy": dict(zip(w1_numpy.STATES, [round(float(o), 2) for o in occ])),
        "exact_final_occupancy": dict(zip(w1_numpy.STATES,
                                          [round(float(o), 2) for o in ex_occ])),
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "source": os.path.relpath(a.path),
    }))


if __name__ == "__main__":
    main()
