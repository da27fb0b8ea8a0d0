#!/usr/bin/env python3
"""W2 in numpy, one array element per resident: the obviously correct peer of W2
(docs/benchmarks.md, W2) and the per-resident speed reference.

Each resident is one uint16 *key* = (profile, state, d) with d = 0..36 (36 = "36 or more") for
the nine states, plus six waiting keys (profile x {joined before this month, joined this
month}): the pseudo-state WAIT of W2. Precomputed tables over keys do everything per resident:

* ROW[key]: the key's sampling row (profile, state, duration band, forced or not; 109 rows)
  shifted left by 9 bits. One raw 64-bit output gives four residents 16 random bits; the top
  9 bits pick one of 512 equal cells of the row; OUT[row | cell] is the outcome (a destination
  0-8, or 9 = stay). Cells that straddle a boundary of the cumulative row (marked 255) are
  resolved exactly by searchsorted with a fresh uniform inside the cell, for those residents
  only (the guide-table idiom of w1_numpy.py).
* NEXT[key * 10 + outcome]: the resident's next key (stay: d + 1, capped at 36; move: the
  destination with d = 0; a move to housing_first: the waiting key "joined this month").
* One bincount of (replication, key * 10 + outcome) per month gives, through fixed weight
  vectors, the month's cost (state after the move and ordinary repairs), the aggressive repairs
  to draw, the Housing First stayers and the retention flows.

The list itself is a small array of (resident, join month, profile, replication): every month
the entries renege with probability 0.02 (to homeless, d = 0), this month's joiners are
appended, and the free places (cap - Housing First stayers) go in queue order, one lexsort.
16 replications share one array by default (`--batch`).

    python3 benches/peer/w2_resident.py --replications 64 --residents 100000 --repeats 3
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import w2_model as m  # noqa: E402

S, D, HF, HOMELESS, EXITED, T = m.S, m.D, m.HF, m.HOMELESS, m.EXITED, m.HORIZON
STAY = 9                    # outcome "stayed"
BITS = 9                    # cells per row: 512
N_OUT = 10


class Tables:
    """Keys, rows and the per-(key, outcome) tables of the workload."""

    def __init__(self, w):
        n_p = len(w.names)
        self.n_p = n_p
        self.n_state_keys = n_p * S * D
        self.wait_old = self.n_state_keys                  # + p
        self.wait_new = self.n_state_keys + n_p            # + p
        self.n_keys = self.n_state_keys + 2 * n_p
        rows, row_of = {}, np.zeros(self.n_keys, np.int64)
        probs = []

        def row_id(key, p_row):
            if key not in rows:
                rows[key] = len(probs)
                probs.append(p_row)
            return rows[key]

        still = np.zeros(N_OUT)
        still[STAY] = 1.0
        for p in range(n_p):
            for s in range(S):
                for d in range(D):
                    k = self.key(p, s, d)
                    h = w.h[p, s, d]
                    if s == EXITED or h == 0.0:
                        row_of[k] = row_id(("still",), still)
                        continue
                    r = np.zeros(N_OUT)
                    r[:S] = h * w.q[p, s]
                    r[STAY] = 1.0 - h
                    row_of[k] = row_id((p, s, round(h, 15)), r)
            row_of[self.wait_old + p] = row_id(("still",), still)
            row_of[self.wait_new + p] = row_id(("still",), still)
        self.probs = np.array(probs)
        n_rows = len(probs)
        assert n_rows << BITS <= 0xFFFF, n_rows
        self.row = (row_of << BITS).astype(np.uint16)
        self.out, self.flat_cdf, self.out_exact = guide(self.probs)
        self.next, cost, aggr, hf_stay = self.moves(w)
        # one product with the counts per (key, outcome) gives all three per replication
        self.weights = np.column_stack([cost, aggr, hf_stay])
        self.reach = [np.array([self.key(p, HF, k - 1) * N_OUT + STAY for p in range(n_p)])
                      for k in m.RETENTION_K]

    def key(self, p, s, d):
        return (p * S + s) * D + d

    def moves(self, w):
        """NEXT[key * 10 + outcome], and per (key, outcome): the month's cost (state after the
        move and ordinary repair), whether an aggressive repair is due, whether it is a
        Housing First stayer."""
        n = self.n_keys * N_OUT
        nxt = np.zeros(n, np.uint16)
        cost = np.zeros(n)
        aggr = np.zeros(n)
        hf_stay = np.zeros(n)
        for p in range(self.n_p):
            for s in range(S):
                for d in range(D):
                    k = self.key(p, s, d)
                    for o in range(N_OUT):
                        i = k * N_OUT + o
                        if o == STAY or s == EXITED:
                            nxt[i] = self.key(p, s, min(d + 1, D - 1))
                            to = s
                            hf_stay[i] = s == HF
                        elif o == HF:
                            nxt[i] = self.wait_new + p
                            to = None
                        else:
                            nxt[i] = self.key(p, o, 0)
                            to = o
                        cost[i] = w.monthly[to] if to is not None else m.WAIT_COST
                        moved = o != STAY and s != EXITED
                        if moved and m.REPAIR_FROM[s]:
                            if p == m.SEVERE and w.aggressive:
                                aggr[i] = 1
                            else:
                                cost[i] += m.REPAIR
            for k in (self.wait_old + p, self.wait_new + p):
                for o in range(N_OUT):
                    nxt[k * N_OUT + o] = self.wait_old + p
                    cost[k * N_OUT + o] = m.WAIT_COST
        return nxt, cost, aggr, hf_stay


def guide(probs):
    """Guide table over 2^BITS cells per row: the outcome of cells inside one outcome's
    interval, 255 for cells that straddle a boundary; and the flat cumulative table used to
    resolve those exactly."""
    K = 1 << BITS
    cdf = np.minimum(np.cumsum(probs, axis=1), 1.0)
    cdf[:, -1] = 1.0
    lo, hi = np.arange(K) / K, (np.arange(K) + 1) / K
    table = np.empty((len(probs), K), np.uint16)
    for r in range(len(probs)):
        first = np.minimum(np.searchsorted(cdf[r], lo, side="right"), N_OUT - 1)
        inside = (cdf[r][None, :] > lo[:, None]) & (cdf[r][None, :] < hi[:, None])
        # an outcome of probability 0 has an empty interval: searchsorted skips it
        table[r] = np.where(inside.any(axis=1), 255, first)
    flat_cdf = (np.arange(len(probs))[:, None] + cdf).ravel()
    out_exact = np.tile(np.arange(N_OUT, dtype=np.uint16), len(probs))
    return table.ravel(), flat_cdf, out_exact


def run_batch(w, tb, rng, reps, res):
    """Simulate `reps` replications in one array of reps x N residents."""
    n = w.n
    size = reps * n
    key = np.tile(np.array([tb.key(i % tb.n_p, m.TEMP, 0) for i in range(n)], np.uint16), reps)
    words = (size + 3) // 4
    shift = np.uint16(16 - BITS)
    cell = np.empty(size, np.uint16)
    o = np.empty(size, np.uint16)
    idx = np.empty(size, np.uint16)
    total = np.zeros(reps)
    # the list: resident, join month, profile, replication
    wl = np.zeros(0, np.int64)
    wl_since = np.zeros(0, np.int64)
    wl_p = np.zeros(0, np.int64)
    n_idx = tb.n_keys * N_OUT
    for t in range(1, T + 1):
        # 1. every resident draws (waiting and exited ones from a row that always stays)
        raw = rng.bit_generator.random_raw(words).view(np.uint16)[:size]
        np.right_shift(raw, shift, out=cell)
        # every index below is in range by construction: mode="clip" skips numpy's check
        np.take(tb.row, key, out=o, mode="clip")
        np.bitwise_or(o, cell, out=cell)                  # cell = row << BITS | cell
        np.take(tb.out, cell, out=o, mode="clip")
        mixed = np.flatnonzero(o == 255)
        if mixed.size:
            u = (cell[mixed] + rng.random(mixed.size)) * (1.0 / (1 << BITS))
            o[mixed] = tb.out_exact[np.searchsorted(tb.flat_cdf, u, side="right")]
        np.multiply(key, np.uint16(N_OUT), out=idx)
        np.add(idx, o, out=idx)
        np.take(tb.next, idx, out=key, mode="clip")
        # counts per (replication, key, outcome): one bincount per replication's slice is
        # several times faster than one bincount of rep * n_idx + idx
        c = np.stack([np.bincount(idx[r * n:(r + 1) * n], minlength=n_idx)
                      for r in range(reps)])
        cost, aggr, hf = (c.astype(np.float64) @ tb.weights).T
        total += cost
        if w.aggressive:
            total += w.aggressive_repairs(rng, aggr.astype(np.int64))
        hf = hf.astype(np.int64)
        for i, reach in enumerate(tb.reach):
            res.reached[i] += int(c[:, reach].sum())
        # 2. reneging of those already on the list
        if wl.size:
            gone = rng.random(wl.size) < m.RENEGING
            if gone.any():
                key[wl[gone]] = (wl_p[gone] * S + HOMELESS) * D
                total += np.bincount(wl[gone] // n, minlength=reps) * (
                    w.monthly[HOMELESS] - m.WAIT_COST)
                keep = ~gone
                wl, wl_since, wl_p = wl[keep], wl_since[keep], wl_p[keep]
        # 3. this month's cohort joins; free places in queue order
        new = np.flatnonzero(key >= tb.wait_new)
        wl = np.concatenate([wl, new])
        wl_since = np.concatenate([wl_since, np.full(new.size, t)])
        wl_p = np.concatenate([wl_p, key[new].astype(np.int64) - tb.wait_new])
        if wl.size:
            rep = wl // n
            # FIFO: oldest cohort, then severe first; severity: severe first, then oldest.
            # Inside a (cohort, profile) group residents are exchangeable: any order will do.
            if w.order == "fifo":
                order = np.lexsort((-wl_p, wl_since, rep))
            else:
                order = np.lexsort((wl_since, -wl_p, rep))
            rep_sorted = rep[order]
            first = np.searchsorted(rep_sorted, np.arange(reps))
            rank = np.arange(wl.size) - first[rep_sorted]
            admit = order[rank < (w.cap - hf)[rep_sorted]]
            if admit.size:
                ids = wl[admit]
                key[ids] = (wl_p[admit] * S + HF) * D
                total += np.bincount(rep[admit], minlength=reps) * (
                    w.monthly[HF] - m.WAIT_COST)
                for i, k in enumerate(m.RETENTION_K):
                    if t <= T - k:
                        res.entries[i] += admit.size
                keep = np.ones(wl.size, bool)
                keep[admit] = False
                wl, wl_since, wl_p = wl[keep], wl_since[keep], wl_p[keep]
    waiting = np.bincount(wl // n, minlength=reps)
    state = np.where(key < tb.n_state_keys, (key // D) % S, S)
    occ = np.stack([np.bincount(state[r * n:(r + 1) * n], minlength=S + 1)
                    for r in range(reps)])
    res.add(total, waiting, occ)


def run(w, tb, reps, seed, batch):
    res = m.Result()
    children = np.random.SeedSequence(seed).spawn((reps + batch - 1) // batch)
    t0 = time.perf_counter()
    for b, ss in enumerate(children):
        rng = np.random.Generator(np.random.SFC64(ss))
        run_batch(w, tb, rng, min(batch, reps - b * batch), res)
    return res, time.perf_counter() - t0


def main():
    a = m.arguments(__doc__.split("\n\n")[0], 16, 16)
    w = m.W2(a.residents, a.aggressive, a.order)
    tb = Tables(w)
    run(w, tb, min(a.batch, a.replications), a.seed + 1, a.batch)     # warm-up
    times = []
    for _ in range(a.repeats):
        res, elapsed = run(w, tb, a.replications, a.seed, a.batch)
        times.append(elapsed)
    m.report("numpy_resident", a, w, res, times)


if __name__ == "__main__":
    main()
