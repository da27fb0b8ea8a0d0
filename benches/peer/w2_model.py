"""W2's parameters and output conventions, shared by the two numpy peers of W2
(`w2_resident.py`, per resident, and `w2_counts.py`, over counts). docs/benchmarks.md (W2)
defines the workload; W1's matrices and costs come from tests/data/w1_matrices.json.

Everything here is plain data: the leaving hazard h[p, s, d], the destination distribution
given leaving q[p, s, j], the monthly costs, the repair rules and the JSON line both peers
print."""

import argparse
import json
import math
import os
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MATRICES = os.path.join(REPO, "tests", "data", "w1_matrices.json")

STATES = ["specialized", "congregate", "rehabilitation", "housing_first", "temporary",
          "ordinary", "homeless", "institution", "exited"]
S = len(STATES)
HF, TEMP, HOMELESS, EXITED = 3, 4, 6, 8
REPAIR_FROM = np.array([True, True, True, True, False, False, False, False, False])
D = 37                                  # d = 0..36, 36 standing for "36 or more"
HORIZON = 120
# band multipliers m(d): 1.3 for d 0-5, 1.0 for 6-11, 0.8 for 12-23, 0.7 for 24-35, 0.6 for 36+
BAND_START = [0, 6, 12, 24, 36]
BAND_M = [1.3, 1.0, 0.8, 0.7, 0.6]
MAX_STAY = {"rehabilitation": 24, "temporary": 6}
RENEGING = 0.02
WAIT_COST = 27000.0
REPAIR = 55000
AGGRESSIVE = (150000, 200000)           # integers, both ends included
SEVERE = 2                              # profile index of the aggressive profile
RETENTION_K = (12, 24, 36)


def band_of(d):
    """Band index (0-4) of duration d."""
    return sum(d >= b for b in BAND_START) - 1


class W2:
    """W2 for N residents: P[p, s, j], h[p, s, d], q[p, s, j], costs, capacity."""

    def __init__(self, n, aggressive=True, order="fifo"):
        with open(MATRICES) as f:
            m = json.load(f)
        assert m["states"] == STATES
        self.names = list(m["profiles"])
        assert self.names == ["mild", "moderate", "severe"]
        self.P = np.array([m["profiles"][p] for p in self.names], dtype=np.float64)
        self.monthly = np.array(m["monthly_cost_nok"], dtype=np.float64)
        self.n = n
        self.cap = int(round(n / 20))
        self.aggressive = aggressive
        self.order = order
        n_p = len(self.names)
        # residents i % 3: profile counts
        self.per_profile = np.array([len(range(p, n, n_p)) for p in range(n_p)])
        stay = np.diagonal(self.P, axis1=1, axis2=2)                      # [p, s]
        self.h = np.zeros((n_p, S, D))
        for d in range(D):
            self.h[:, :, d] = np.minimum(1.0, (1.0 - stay) * BAND_M[band_of(d)])
        for name, mx in MAX_STAY.items():
            s = STATES.index(name)
            for d in range(D):
                if d + 1 >= mx:
                    self.h[:, s, d] = 1.0
        self.h[:, EXITED, :] = 0.0
        off = self.P.copy()
        for s in range(S):
            off[:, s, s] = 0.0
        leave = off.sum(axis=2, keepdims=True)
        self.q = np.divide(off, leave, out=np.zeros_like(off), where=leave > 0)

    def repair_mean(self, p):
        """Mean repair of a move out of a repair state for profile p."""
        if p == SEVERE and self.aggressive:
            return sum(AGGRESSIVE) / 2
        return REPAIR

    def aggressive_repairs(self, rng, counts):
        """Sum, per entry of `counts`, of that many independent integer repairs uniform on
        150,000-200,000 NOK (both included)."""
        counts = np.asarray(counts, dtype=np.int64)
        total = int(counts.sum())
        if total == 0:
            return np.zeros(counts.shape)
        draws = rng.integers(AGGRESSIVE[0], AGGRESSIVE[1] + 1, size=total)
        owner = np.repeat(np.arange(counts.size), counts.ravel())
        return np.bincount(owner, weights=draws, minlength=counts.size).reshape(counts.shape)


def arguments(description, default_replications, default_batch):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--replications", "-r", type=int, default=default_replications)
    ap.add_argument("--residents", "-n", type=int, default=9999,
                    help="N residents, profile i %% 3; capacity round(N / 20) (default 9,999)")
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--batch", type=int, default=default_batch,
                    help=f"replications per array (default {default_batch})")
    ap.add_argument("--repeats", type=int, default=1,
                    help="time the same run this many times; report best and median")
    ap.add_argument("--order", choices=["fifo", "severity"], default="fifo",
                    help="queue order of the Housing First list (default fifo)")
    ap.add_argument("--no-aggressive", dest="aggressive", action="store_false",
                    help="every repair 55,000 NOK (W2's aggressive = false)")
    ap.add_argument("--dump", metavar="FILE",
                    help="write every replication's total cost and final waiting list "
                         "(.npz) for check_w2.py")
    a = ap.parse_args()
    if a.replications < 1 or a.batch < 1 or a.repeats < 1 or a.residents < 1:
        sys.exit("--replications, --residents, --batch and --repeats must be at least 1")
    return a


class Result:
    """Per replication: total cost, final waiting list, final occupancy [S]; pooled retention
    counts (reached k, entries in months 1..T-k) for k = 12, 24, 36."""

    def __init__(self):
        self.total, self.waiting, self.occupancy = [], [], []
        self.reached = np.zeros(len(RETENTION_K), np.int64)
        self.entries = np.zeros(len(RETENTION_K), np.int64)

    def add(self, total, waiting, occupancy):
        self.total.append(np.asarray(total, dtype=np.float64))
        self.waiting.append(np.asarray(waiting, dtype=np.int64))
        self.occupancy.append(np.asarray(occupancy, dtype=np.float64))

    def arrays(self):
        return (np.concatenate(self.total), np.concatenate(self.waiting),
                np.concatenate(self.occupancy))


def report(impl, a, w, res, times):
    """Human-readable lines on stderr, the JSON line on stdout, the dump if asked."""
    total, waiting, occ = res.arrays()
    times = sorted(times)
    best, median = times[0], times[len(times) // 2]
    R = len(total)
    rm = w.n * HORIZON * R
    ns, ns_median = best * 1e9 / rm, median * 1e9 / rm
    sd = float(total.std(ddof=1)) if R > 1 else float("nan")
    retention = {f"retention_{k}": (float(res.reached[i] / res.entries[i])
                                   if res.entries[i] else None)
                 for i, k in enumerate(RETENTION_K)}
    print(f"W2 {impl}: {R} replications of N={w.n} x T={HORIZON} (cap {w.cap}) in {best:.3f} s "
          f"= {ns:.3f} ns per resident-month (best of {len(times)}; median {ns_median:.3f})",
          file=sys.stderr)
    print(f"  total cost {total.mean():,.0f} +- {sd / math.sqrt(R) if R > 1 else 0:,.0f} "
          f"(sd {sd:,.0f}); final waiting list {waiting.mean():.2f}; retention "
          + " / ".join(f"{k}: {v:.4f}" if v is not None else f"{k}: -"
                       for k, v in zip(RETENTION_K, retention.values())),
          file=sys.stderr)
    if a.dump:
        np.savez(a.dump, total=total, waiting=waiting)
    print(json.dumps({
        "impl": impl,
        "workload": "W2",
        "batch": a.batch,
        "order": a.order,
        "aggressive": a.aggressive,
        "ns_per_resident_month": ns,
        "ns_per_resident_month_median": ns_median,
        "repeats": len(times),
        "seconds": best,
        "residents": w.n,
        "capacity": w.cap,
        "months": HORIZON,
        "replications": R,
        "mean_total_cost": float(total.mean()),
        "sd_total_cost": sd,
        "se_total_cost": sd / math.sqrt(R) if R > 1 else float("nan"),
        "mean_final_waiting": float(waiting.mean()),
        "sd_final_waiting": float(waiting.std(ddof=1)) if R > 1 else float("nan"),
        **retention,
        "retention_counts": {str(k): [int(res.reached[i]), int(res.entries[i])]
                             for i, k in enumerate(RETENTION_K)},
        "final_occupancy": dict(zip(STATES + ["waiting"],
                                    [round(float(x), 2) for x in occ.mean(axis=0)])),
        "numpy": np.__version__,
        "python": sys.version.split()[0],
    }))
