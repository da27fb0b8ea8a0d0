#!/usr/bin/env python3
"""W2 in numpy, one array element per resident: the obviously correct peer of W2
(docs/benchmarks.md, W2) and the per-resident speed reference.

Each resident is one uint16 *key* = (repair flag, profile, state, d) with d = 0..37 (the
hazard reads min(d, 36); 37 = "37 or more", so d = 36 after a move means exactly "reached 36
months") for the nine states, plus nine waiting keys (profile x {joined before this month,
joined this month, joined this month leaving a repair state}): the pseudo-state WAIT of W2.
The flag marks a resident who left specialized, congregate, rehabilitation or housing_first
this month. Precomputed tables over keys do everything per resident:

* ROW[key]: the key's sampling row (profile, state, duration band, forced or not; 109 rows)
  shifted left by 9 bits. One raw 64-bit output gives four residents 16 random bits; the top
  9 bits pick one of 512 equal cells of the row; OUT[row | cell] is the outcome (a destination
  0-8, or 9 = stay). Cells that straddle a boundary of the cumulative row (marked 255) are
  resolved exactly by searchsorted with a fresh uniform inside the cell, for those residents
  only (the guide-table idiom of w1_numpy.py).
* NEXT[key * 10 + outcome]: the resident's next key (stay: d + 1, capped at 37, flag cleared;
  move: the destination with d = 0, flagged when it left a repair state; a move to
  housing_first: a waiting key "joined this month").
* One bincount of the keys after the move per replication and one product with a fixed
  [key x 3] matrix give the month's cost (states after the move and ordinary repairs), the
  aggressive repairs to draw and the Housing First stayers; the retention flows are the counts
  of three keys.

The list itself is a small array of (resident, profile, replication) in the order residents
joined, severe first within a month's cohort: every month the entries renege with probability
0.02 (to homeless, d = 0), this month's joiners are appended, and the free places (cap -
Housing First stayers) go in queue order, found by one stable sort on the replication (FIFO)
or on (replication, severity) (severity order), which keeps the joining order inside a group.
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
DK = D + 1                  # d = 0..37 in keys: 36 means exactly 36 months, 37 "37 or more"


class Tables:
    """Keys, rows and the per-key and per-(key, outcome) tables of the workload.

    A state key is ((flag * profiles + p) * 9 + s) * DK + d with d = 0..37 (37 = "37 or
    more"; the hazard reads min(d, 36)), so that d = 36 after a month's move means exactly
    "reached 36 months". flag = 1 marks a resident who left specialized, congregate,
    rehabilitation or housing_first this month (its repair is due); it samples like its
    unflagged twin and is gone after the next move. Waiting keys follow: joined before this
    month (+p), joined this month (+p), joined this month leaving a repair state (+p)."""

    def __init__(self, w):
        n_p = len(w.names)
        self.n_p = n_p
        self.n_state_keys = 2 * n_p * S * DK
        self.wait_old = self.n_state_keys                  # + p
        self.wait_new = self.n_state_keys + n_p            # + p, then + n_p + p if flagged
        self.n_keys = self.n_state_keys + 3 * n_p
        rows, row_of = {}, np.zeros(self.n_keys, np.int64)
        probs = []

        def row_id(key, p_row):
            if key not in rows:
                rows[key] = len(probs)
                probs.append(p_row)
            return rows[key]

        still = np.zeros(N_OUT)
        still[STAY] = 1.0
        row_of[self.wait_old:] = row_id(("still",), still)
        for f in range(2):
            for p in range(n_p):
                for s in range(S):
                    for d in range(DK):
                        k = self.key(p, s, d, f)
                        h = w.h[p, s, min(d, D - 1)]
                        if s == EXITED or h == 0.0:
                            row_of[k] = row_id(("still",), still)
                            continue
                        r = np.zeros(N_OUT)
                        r[:S] = h * w.q[p, s]
                        r[STAY] = 1.0 - h
                        row_of[k] = row_id((p, s, round(h, 15)), r)
        self.probs = np.array(probs)
        n_rows = len(probs)
        assert n_rows << BITS <= 0xFFFF, n_rows
        self.row = (row_of << BITS).astype(np.uint16)
        self.out, self.flat_cdf, self.out_exact = guide(self.probs)
        self.next = self.moves()
        self.weights, self.reach = self.month_weights(w)

    def key(self, p, s, d, flag=0):
        return ((flag * self.n_p + p) * S + s) * DK + d

    def moves(self):
        """NEXT[key * 10 + outcome]: the key after the move."""
        nxt = np.zeros(self.n_keys * N_OUT, np.uint16)
        for f in range(2):
            for p in range(self.n_p):
                for s in range(S):
                    for d in range(DK):
                        i = self.key(p, s, d, f) * N_OUT
                        for o in range(N_OUT):
                            repair = int(bool(m.REPAIR_FROM[s]))
                            if o == STAY or s == EXITED:
                                nxt[i + o] = self.key(p, s, min(d + 1, DK - 1))
                            elif o == HF:
                                nxt[i + o] = self.wait_new + repair * self.n_p + p
                            else:
                                nxt[i + o] = self.key(p, o, 0, repair)
        for k in range(self.wait_old, self.n_keys):
            p = (k - self.wait_old) % self.n_p
            nxt[k * N_OUT:(k + 1) * N_OUT] = self.wait_old + p
        return nxt

    def month_weights(self, w):
        """Per key after a month's move: [the month's cost with the ordinary repair, an
        aggressive repair due, a Housing First stayer]; and the keys of the stayers who reach
        12, 24 and 36 months."""
        wt = np.zeros((self.n_keys, 3))
        for f in range(2):
            for p in range(self.n_p):
                aggressive = p == m.SEVERE and w.aggressive
                for s in range(S):
                    for d in range(DK):
                        k = self.key(p, s, d, f)
                        wt[k, 0] = w.monthly[s] + (f and not aggressive) * m.REPAIR
                        wt[k, 1] = f and aggressive
                        # after the move, housing_first holds only stayers (admissions follow)
                        wt[k, 2] = s == HF
        for k in range(self.wait_old, self.n_keys):
            p = (k - self.wait_old) % self.n_p
            flagged = k >= self.wait_new + self.n_p
            aggressive = p == m.SEVERE and w.aggressive
            wt[k] = [m.WAIT_COST + (flagged and not aggressive) * m.REPAIR,
                     flagged and aggressive, 0]
        reach = [[self.key(p, HF, k) for p in range(self.n_p)] for k in m.RETENTION_K]
        return wt, reach


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
    # the list, in the order residents joined (severe first within a month's cohort):
    # resident, profile, replication
    wl = np.zeros(0, np.int64)
    wl_p = np.zeros(0, np.uint8)
    wl_rep = np.zeros(0, np.uint16)
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
        # residents per (replication, key) after the move: one bincount per replication's
        # slice, then one product gives the month's cost, aggressive repairs and stayers
        c = np.stack([np.bincount(key[r * n:(r + 1) * n], minlength=tb.n_keys)
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
                key[wl[gone]] = (wl_p[gone].astype(np.int64) * S + HOMELESS) * DK
                total += np.bincount(wl_rep[gone], minlength=reps) * (
                    w.monthly[HOMELESS] - m.WAIT_COST)
                keep = ~gone
                wl, wl_p, wl_rep = wl[keep], wl_p[keep], wl_rep[keep]
        # 3. this month's cohort joins, severe first; the list stays in queue order within a
        # replication for FIFO (cohort by cohort), and within a (replication, profile) for
        # the severity order. Inside a (cohort, profile) group residents are exchangeable.
        new = np.flatnonzero(key >= tb.wait_new)
        p_new = ((key[new] - tb.wait_new) % tb.n_p).astype(np.uint8)
        by_severity = np.argsort(tb.n_p - 1 - p_new, kind="stable")
        new = new[by_severity]
        wl = np.concatenate([wl, new])
        wl_p = np.concatenate([wl_p, p_new[by_severity]])
        wl_rep = np.concatenate([wl_rep, (new // n).astype(np.uint16)])
        if wl.size:
            # a stable sort on a small integer key (radix sort) keeps the list order inside
            # each group: replication for FIFO, (replication, severe first) for severity
            group = wl_rep if w.order == "fifo" else wl_rep * tb.n_p + (tb.n_p - 1 - wl_p)
            order = np.argsort(group, kind="stable")
            rep_sorted = wl_rep[order]
            first = np.searchsorted(rep_sorted, np.arange(reps))
            rank = np.arange(wl.size) - first[rep_sorted]
            admit = order[rank < (w.cap - hf)[rep_sorted]]
            if admit.size:
                key[wl[admit]] = (wl_p[admit].astype(np.int64) * S + HF) * DK
                total += np.bincount(wl_rep[admit], minlength=reps) * (
                    w.monthly[HF] - m.WAIT_COST)
                for i, k in enumerate(m.RETENTION_K):
                    if t <= T - k:
                        res.entries[i] += admit.size
                keep = np.ones(wl.size, bool)
                keep[admit] = False
                wl, wl_p, wl_rep = wl[keep], wl_p[keep], wl_rep[keep]
    waiting = np.bincount(wl_rep, minlength=reps)
    state = np.where(key < tb.n_state_keys, (key // DK) % S, S)
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
