#!/usr/bin/env python3
"""W2 in numpy over counts: the exact counts peer (docs/benchmarks.md, W2, "Counts form").

State of a replication: cnt[p][s][d] (d = 0..36, 36 = "36 or more") and the Housing First
list as wait[join month][p]; all replications of a batch in one array, cnt[rep, p, s, d] and
wait[rep, month, p]. A month:

1. leavers: one Binomial(cnt, h[p, s, d]) per cell (one `Generator.binomial` call for the whole
   array); the leavers of each (p, s) are pooled and split over destinations by one
   Multinomial(leavers, q[p, s]) (one `Generator.multinomial` call): exact, because the
   destination given leaving does not depend on d and every mover restarts at d = 0. Stayers
   move up one duration cell (36 stays 36);
2. reneging: one Binomial(wait, 0.02) per (cohort, profile) already on the list, to homeless;
3. this month's Housing First movers join as the cohort of month t; free places = cap - the
   Housing First stayers, taken from the cohorts in queue order (FIFO: oldest cohort first,
   severe, moderate, mild within a cohort; severity: severe, moderate, mild, oldest cohort first
   within a profile);
4. costs: occupancy x monthly cost, the list at 27,000 NOK, repairs per leaver of the four
   housing categories (55,000, or for severe residents a sum of integer draws uniform on
   150,000-200,000).

Retention: the flow from cell k - 1 to cell k of housing_first (k = 12, 24, 36) over the
entries in months 1..T-k, pooled. numpy's binomial and multinomial are exact samplers (see
w1_counts.py). Same command line and JSON line as w2_resident.py:

    python3 benches/peer/w2_counts.py --replications 256 --residents 100000 --repeats 3
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import w2_model as m  # noqa: E402

S, D, HF, HOMELESS, EXITED, T = m.S, m.D, m.HF, m.HOMELESS, m.EXITED, m.HORIZON


def queue(wait, t, order):
    """The list's cells in queue order as a [rep, cells] view: (cohort, profile) pairs for
    cohorts 1..t, profiles severe first."""
    w = wait[:, 1:t + 1, ::-1]                          # [rep, cohort, severe..mild]
    if order == "severity":
        w = w.transpose(0, 2, 1)                        # [rep, severe..mild, cohort]
    return w


def serve(wait, t, free, order):
    """Take up to `free[rep]` residents from the list in queue order; returns the admitted
    per (rep, profile)."""
    w = queue(wait, t, order)
    seq = w.reshape(w.shape[0], -1)
    before = np.cumsum(seq, axis=1) - seq
    take = np.clip(free[:, None] - before, 0, seq)
    take = take.reshape(w.shape)
    w -= take                                           # writes through the view into wait
    per_profile = take.sum(axis=2 if order == "severity" else 1)
    return per_profile[:, ::-1]                         # back to mild, moderate, severe


def run_batch(w, rng, reps, res):
    """Simulate `reps` replications in one array; add them to `res`."""
    n_p = len(w.names)
    cnt = np.zeros((reps, n_p, S, D), np.int64)
    cnt[:, :, m.TEMP, 0] = w.per_profile
    wait = np.zeros((reps, T + 1, n_p), np.int64)
    total = np.zeros(reps)
    h = w.h[:, :EXITED, :]
    q = w.q[:, :EXITED, :]
    repair_ord = np.array([m.REPAIR * (not (p == m.SEVERE and w.aggressive))
                           for p in range(n_p)], dtype=np.float64)
    for t in range(1, T + 1):
        alive = cnt[:, :, :EXITED, :]
        leave = rng.binomial(alive, h)                  # [rep, p, s, d]
        stay = alive - leave
        gone = leave.sum(axis=3)                        # [rep, p, s]
        moves = rng.multinomial(gone, q)                # [rep, p, s, to]
        new = np.zeros_like(cnt)
        new[:, :, :EXITED, 1:D - 1] = stay[:, :, :, :D - 2]
        new[:, :, :EXITED, D - 1] = stay[:, :, :, D - 2] + stay[:, :, :, D - 1]
        new[:, :, EXITED, 0] = cnt[:, :, EXITED, 0]
        inflow = moves.sum(axis=2)                      # [rep, p, to]
        joins = inflow[:, :, HF].copy()
        inflow[:, :, HF] = 0
        new[:, :, :, 0] += inflow
        # repairs: leavers of the four housing categories
        out = gone[:, :, m.REPAIR_FROM[:EXITED]].sum(axis=2)        # [rep, p]
        total += out @ repair_ord
        if w.aggressive:
            total += w.aggressive_repairs(rng, out[:, m.SEVERE])
        # reneging of those already waiting (cohorts before t)
        reneged = rng.binomial(wait[:, :t, :], m.RENEGING)
        wait[:, :t, :] -= reneged
        new[:, :, HOMELESS, 0] += reneged.sum(axis=1)
        # this month's cohort, then the free places
        wait[:, t, :] = joins
        free = w.cap - new[:, :, HF, :].sum(axis=(1, 2))
        admitted = serve(wait, t, free, w.order)
        new[:, :, HF, 0] += admitted
        for i, k in enumerate(m.RETENTION_K):
            res.reached[i] += int(stay[:, :, HF, k - 1].sum())
            if t <= T - k:
                res.entries[i] += int(admitted.sum())
        occ = new.sum(axis=(1, 3))                      # [rep, s]
        waiting = wait.sum(axis=(1, 2))
        total += occ @ w.monthly + waiting * m.WAIT_COST
        cnt = new
    res.add(total, waiting, np.column_stack([occ, waiting]))


def run(w, reps, seed, batch):
    res = m.Result()
    children = np.random.SeedSequence(seed).spawn((reps + batch - 1) // batch)
    t0 = time.perf_counter()
    for b, ss in enumerate(children):
        rng = np.random.Generator(np.random.SFC64(ss))
        run_batch(w, rng, min(batch, reps - b * batch), res)
    return res, time.perf_counter() - t0


def main():
    a = m.arguments(__doc__.split("\n\n")[0], 100, 256)
    w = m.W2(a.residents, a.aggressive, a.order)
    run(w, min(a.batch, a.replications), a.seed + 1, a.batch)     # warm-up
    times = []
    for _ in range(a.repeats):
        res, elapsed = run(w, a.replications, a.seed, a.batch)
        times.append(elapsed)
    m.report("numpy_counts", a, w, res, times)


if __name__ == "__main__":
    main()
