#!/usr/bin/env python3
"""W1 reference workload in numpy: the peer the Rust engine is measured against.

W1 (docs/benchmarks.md, section W1): N = 9,999 residents, resident i has profile
["mild", "moderate", "severe"][i % 3], everyone starts in `temporary`, T = 120 months. Each
month every resident draws the next state from the row of its current state in its profile's
9x9 matrix. Costs: after the move, the monthly cost of the new state; plus a turnover repair of
55,000 NOK when the state changed and the old state is specialized, congregate, rehabilitation
or housing_first. Undiscounted, summed per replication.

Install numpy first (it is not a dependency of the Rust project):

    python3 -m pip install numpy

Usage (from the repository root):

    python3 benches/peer/w1_numpy.py            # tests/data/w1_matrices.json
    python3 benches/peer/w1_numpy.py scenarios/reference-w1.json
    python3 benches/peer/w1_numpy.py --replications 20 --seed 7 --method alias
    python3 benches/peer/w1_numpy.py --residents 999999 --replications 2 --batch 2
    python3 benches/peer/w1_numpy.py --check      # z-scores against the exact mean and sd

Everything human-readable goes to stderr; the last line on stdout is one JSON object
{"impl": "numpy", "ns_per_resident_month": ..., ...} with the mean total cost per replication,
its standard error and standard deviation, the mean final occupancy, and the exact
expectations computed here from matrix powers (so the Monte Carlo means can be checked without docs/benchmarks.md at hand).
ns per resident-month = wall time of the simulation loop / (N x T x R), exited residents
included, as docs/benchmarks.md (W1) defines it; with --repeats K the same run is timed K times and the best
(minimum) and the median are reported.

How it is vectorised. A resident is one integer "code" = row x K, where the row is
(moved-out-of-housing flag, profile, state) and K is the number of cells per row of the
sampling table. The table maps (row, cell) directly to the NEXT code, so one gather gives the
next state, the profile (unchanged) and the repair flag at once, and one `np.bincount` of the
codes per month gives the occupancy per (flag, profile, state), whose dot product with a cost
vector is the month's cost including repairs. No per-resident cost arrays, no `np.where` over
states.

Methods (`--method`; all exact for any matrix unless said otherwise). Measured on the
project's 2-core AMD EPYC dev machine, numpy 2.4, SFC64, N = 9,999, T = 120, 96-400
replications, ns per resident-month, at --batch 1 / --batch 8:

  guide        DEFAULT, the fastest general idiom found. Guide table over 16-bit draws: one raw
               64-bit output gives four residents 16 random bits each; the top 10 bits pick one
               of 1,024 equal cells of the row; a cell inside one state's interval gives the
               next code by one `np.take`; the few cells that straddle a boundary of the
               cumulative row (0.45 % of cells here) are resolved exactly by `np.searchsorted`
               with a fresh uniform, for just those residents.          ~ 5.8-6.5 / 3.7-3.9
  alias        Walker/Vose alias table, 9 columns, fancy indexing: x = 9u, column = floor(x),
               keep = x < column + threshold, next = own or alias.      ~ 13-16 / 11.4
  alias_raw    the same alias table driven by raw 64-bit draws exactly like the Rust floor
               (benches/floor/alias.rs: high 32 bits pick the column, low 32 bits decide).      ~ 14.5 / 11.2
  searchsorted cumulative tables in one flat sorted array with row offsets,
               `np.searchsorted(table, row + u)`.                        ~ 40 / 39
  lut          W1-SPECIFIC, not general: every W1 probability is a multiple of 0.005, so a
               200-cell table per row is exact with no fix-up; refused for matrices that are
               not on such a grid.                                       ~ 6.8 / 6.4
So: alias beat searchsorted by ~3x; the guide table beats the alias table by ~2.3x (batch 1)
to ~3x (batch 8), mostly because it draws 16 bits instead of 64 per resident and needs one
gather instead of three. Batching several replications into one array (`--batch`, default 8)
amortises numpy's per-call overhead (~12 calls per month); the standard error is then
estimated from batch means. Timings on a shared 2-core machine vary by ~10-20 %.
"""

import argparse
import json
import math
import os
import sys
import time

try:
    import numpy as np
except ImportError:  # pragma: no cover
    sys.exit("numpy is not installed: python3 -m pip install numpy")

STATES = [
    "specialized", "congregate", "rehabilitation", "housing_first", "temporary",
    "ordinary", "homeless", "institution", "exited",
]
S = len(STATES)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_PATH = os.path.join(REPO, "tests", "data", "w1_matrices.json")
W1_N, W1_T = 9999, 120


class Workload:
    """P[profile, from, to]; monthly cost per state; repair and the states it applies to;
    initial residents as (profile, state) per resident; horizon."""

    def __init__(self, names, P, monthly, repair, repair_from, profile_of, state0, horizon):
        self.names, self.P = names, np.asarray(P, dtype=np.float64)
        self.monthly = np.asarray(monthly, dtype=np.float64)
        self.repair = float(repair)
        self.repair_from = np.asarray(repair_from, dtype=bool)
        self.profile_of = np.asarray(profile_of, dtype=np.int64)
        self.state0 = np.asarray(state0, dtype=np.int64)
        self.horizon = int(horizon)
        assert self.P.shape == (len(names), S, S)
        assert np.all(self.P >= -1e-12) and np.allclose(self.P.sum(axis=2), 1.0, atol=1e-9)

    @property
    def n(self):
        return len(self.profile_of)


def load(path, residents=None):
    """The workload of `path`; `residents` (matrices only) replaces W1's N = 9,999."""
    with open(path) as f:
        d = json.load(f)
    if "profiles" in d and isinstance(d["profiles"], dict):
        return _from_matrices(d, residents or W1_N)
    if residents is not None:
        sys.exit(f"{path}: --residents applies to tests/data/w1_matrices.json only")
    return _from_scenario(d, path)


def _from_matrices(d, n=W1_N):
    assert d["states"] == STATES, "unexpected state order"
    names = list(d["profiles"])
    P = [d["profiles"][p] for p in names]
    repair_from = [s in d["turnover_from_states"] for s in STATES]
    i = np.arange(n)
    return Workload(names, P, d["monthly_cost_nok"], d["turnover_repair_nok"], repair_from,
                    i % len(names), np.full(n, STATES.index(d["initial_state"])), W1_T)


# Program fields that do not cost anything (or that this script reads itself).
_PROGRAM_KEYS_OK = {"id", "description", "category", "units", "accepts",
                    "running_per_occupied_unit_month_nok", "repair_on_move_out"}


def _from_scenario(d, path):
    """The repository's scenario format, for W1-like scenarios only: unlimited programs with a
    running cost per occupied unit-month, person-month costs, ordinary repair, no discounting,
    no duration bands, breakdowns or arrivals. Stay = 1 - sum of the listed moves."""
    def refuse(why):
        sys.exit(f"{path}: not a W1-like scenario ({why}); this peer only does W1")

    names, P, profile_of, state0 = [], [], [], []
    for k, prof in enumerate(d["profiles"]):
        names.append(prof["id"])
        for key in ("arrivals", "breakdown", "misplaced_in"):
            if prof.get(key):
                refuse(f"profile {prof['id']} has {key}")
        m = np.zeros((S, S))
        for frm, tr in prof.get("transitions", {}).items():
            if "bands" in tr and tr["bands"]:
                refuse("duration bands")
            for to, p in (tr.get("to") or {}).items():
                m[STATES.index(frm), STATES.index(to)] = p
        for s in range(S):
            m[s, s] = 1.0 - (m[s].sum() - m[s, s])
        P.append(m)
        for st, count in prof.get("initial", {}).items():
            if not isinstance(count, int):
                refuse("initial residents other than plain counts")
            profile_of += [k] * count
            state0 += [STATES.index(st)] * count
    monthly = np.zeros(S)
    repair_from = np.zeros(S, dtype=bool)
    seen = set()
    for g in d["programs"]:
        for key, v in g.items():
            if key not in _PROGRAM_KEYS_OK and v not in (0, 0.0, None, False, [], {}):
                refuse(f"program {g['id']} has {key}")
        if g.get("units") != "unlimited":
            refuse(f"program {g['id']} has limited units")
        s = STATES.index(g["category"])
        if s in seen:
            refuse(f"two programs in {g['category']}")
        seen.add(s)
        monthly[s] = g.get("running_per_occupied_unit_month_nok", 0.0)
        # the engine's default (src/model): repair on move-out from every category but temporary
        repair_from[s] = bool(g.get("repair_on_move_out", g["category"] != "temporary"))
    costs = d.get("costs", {})
    if costs.get("discount_rate_per_year", 0.0) != 0.0:
        refuse("discounting")
    pm = costs.get("person_month_nok", {})
    monthly[STATES.index("ordinary")] = pm.get("ordinary_follow_up", 0.0)
    monthly[STATES.index("homeless")] = pm.get("homeless", 0.0)
    monthly[STATES.index("institution")] = pm.get("institution", 0.0)
    repair = costs.get("repair", {}).get("ordinary_nok", 0.0)
    # Residents come grouped by profile here (i % 3 in W1): the order does not matter.
    return Workload(names, P, monthly, repair, repair_from, profile_of, state0,
                    d["horizon_months"])


def exact(w):
    """Expected total cost per replication and final occupancy, from matrix powers."""
    n0 = np.zeros((len(w.names), S))
    np.add.at(n0, (w.profile_of, w.state0), 1.0)
    move_out = w.repair * w.repair_from * (1.0 - np.diagonal(w.P, axis1=1, axis2=2))  # [p, s]
    total, n = 0.0, n0
    for _ in range(w.horizon):
        total += float((n * move_out).sum())
        n = np.einsum("ps,pst->pt", n, w.P)
        total += float(n.sum(axis=0) @ w.monthly)
    return total, n.sum(axis=0)


def exact_sd(w):
    """Exact standard deviation of the total cost of one replication: residents are
    independent, and for one resident the first two moments of the cost still to come from
    state s at month t follow by a backward recursion (the law of total variance)."""
    n_p = len(w.names)
    stay = np.eye(S, dtype=bool)
    # reward of the move s -> s': the month's cost of s' plus the repair when leaving s
    reward = (w.monthly[None, None, :]
              + w.repair * (w.repair_from[None, :, None] & ~stay[None]))   # [1, s, s']
    reward = np.broadcast_to(reward, (n_p, S, S))
    m1 = np.zeros((n_p, S))
    m2 = np.zeros((n_p, S))
    for _ in range(w.horizon):
        nxt1 = reward + m1[:, None, :]
        m2 = np.einsum("pst,pst->ps", w.P, reward ** 2 + 2 * reward * m1[:, None, :]
                       + m2[:, None, :])
        m1 = np.einsum("pst,pst->ps", w.P, nxt1)
    var = 0.0
    for p, s in zip(w.profile_of, w.state0):
        var += m2[p, s] - m1[p, s] ** 2
    return math.sqrt(var)


def check_report(impl, group_means, group_size, w, out=sys.stderr):
    """z-scores of the simulated mean and standard deviation of the total cost of a
    replication against the exact values, from the means of equal groups of `group_size`
    replications (1 = every replication on its own); returns them as a dict."""
    g = len(group_means)
    r = g * group_size
    mean = float(np.mean(group_means))
    # a group mean has variance sigma^2 / group_size
    sd = float(np.std(group_means, ddof=1) * math.sqrt(group_size))
    ex_mean, _ = exact(w)
    ex_sd = exact_sd(w)
    z_mean = (mean - ex_mean) / (ex_sd / math.sqrt(r))
    # the sample sd of g normal group means has relative sd ~ 1 / sqrt(2 (g - 1))
    z_sd = (sd - ex_sd) / (ex_sd / math.sqrt(2 * (g - 1)))
    print(f"{impl} --check, {r} replications: mean {mean:,.0f} (exact {ex_mean:,.0f}, "
          f"z = {z_mean:+.2f}); sd {sd:,.0f} (exact {ex_sd:,.0f}, z = {z_sd:+.2f}); "
          f"|z| < 3 expected", file=out)
    return {"check_replications": r, "z_mean": z_mean, "z_sd": z_sd,
            "exact_sd_total_cost": ex_sd, "sd_total_cost": sd}


# --------------------------------------------------------------------------- sampling tables
#
# Rows: r = (flag * n_profiles + profile) * 9 + state, flag = "moved out of a repair state this
# month" (only used for counting the repair; a flagged row samples exactly like its unflagged
# twin). Codes are r * K. Every table maps (row, cell) to the next resident's code.

def _rows(w):
    n_p = len(w.names)
    n_rows = 2 * n_p * S
    flag, rest = np.divmod(np.arange(n_rows), n_p * S)
    prof, state = np.divmod(rest, S)
    probs = w.P[prof, state]                      # [row, next state]
    # the row a resident of row r lands in after drawing next state t
    nxt = ((w.repair_from[state][:, None] & (np.arange(S)[None, :] != state[:, None]))
           * n_p + prof[:, None]) * S + np.arange(S)[None, :]
    cost = w.monthly[state] + w.repair * flag       # the month's cost of being in row r
    return n_rows, probs, nxt, cost


def _cdf(probs):
    c = np.cumsum(probs, axis=1)
    c = np.minimum(c, 1.0)
    c[:, -1] = 1.0
    return c


def _alias(p):
    """Vose's alias method over the 9 columns of one row: (keep fraction, alias column)."""
    n = len(p)
    scaled = p / p.sum() * n
    keep, alias = np.ones(n), np.arange(n)
    small = [i for i in range(n) if scaled[i] < 1.0]
    large = [i for i in range(n) if scaled[i] >= 1.0]
    while small and large:
        s, l = small.pop(), large[-1]
        keep[s], alias[s] = scaled[s], l
        scaled[l] -= 1.0 - scaled[s]
        if scaled[l] < 1.0:
            large.pop()
            small.append(l)
    return np.clip(keep, 0.0, 1.0), alias


class Method:
    """One way to draw the next code of every resident. `step(code, rng)` replaces `code`
    (an intp array of codes) by the next month's codes; `occupancy(code)` counts rows."""

    K = 1
    name = "?"

    def __init__(self, w, n):
        self.n_rows, self.probs, self.nxt, self.cost = _rows(w)
        self.n = n

    def start_codes(self, w, reps):
        r0 = (w.profile_of * S + w.state0) * self.K
        return np.tile(r0, reps).astype(np.intp)

    def row_counts(self, code):
        return np.bincount(code, minlength=self.n_rows * self.K)[:: self.K]


class Alias(Method):
    """9-column alias table on floats: x = 9u; c = floor(x); keep iff x < c + threshold."""
    K, name = S, "alias"

    def __init__(self, w, n):
        super().__init__(w, n)
        thr, own, ali = [], [], []
        for r in range(self.n_rows):
            keep, alias = _alias(self.probs[r])
            thr.append(np.arange(S) + keep)
            own.append(self.nxt[r] * S)
            ali.append(self.nxt[r][alias] * S)
        self.thr = np.concatenate(thr)
        self.own = np.concatenate(own).astype(np.intp)
        self.ali = np.concatenate(ali).astype(np.intp)
        self.x, self.t = np.empty(n), np.empty(n)
        self.col, self.flat, self.b = (np.empty(n, np.intp) for _ in range(3))
        self.keep = np.empty(n, bool)

    def step(self, code, rng):
        x, col, flat, t, keep, b = self.x, self.col, self.flat, self.t, self.keep, self.b
        rng.random(out=x)
        np.multiply(x, float(S), out=x)
        np.copyto(col, x, casting="unsafe")       # floor (x >= 0)
        np.add(code, col, out=flat)
        np.take(self.thr, flat, out=t)
        np.less(x, t, out=keep)
        np.take(self.own, flat, out=code)
        np.take(self.ali, flat, out=b)
        np.copyto(code, b, where=~keep)


class AliasRaw(Alias):
    """The same alias table driven like the Rust floor: one raw u64 per draw, high 32 bits
    pick the column, low 32 bits are compared with a 32-bit threshold."""
    name = "alias_raw"

    def __init__(self, w, n):
        super().__init__(w, n)
        frac = self.thr - np.tile(np.arange(S), self.n_rows)
        self.thr32 = np.round(frac * 2.0**32).astype(np.uint64)
        self.hi, self.lo, self.t32 = (np.empty(n, np.uint64) for _ in range(3))

    def step(self, code, rng):
        raw = rng.bit_generator.random_raw(self.n)
        hi, lo, flat, keep, b, t32 = self.hi, self.lo, self.flat, self.keep, self.b, self.t32
        np.right_shift(raw, np.uint64(32), out=hi)
        np.multiply(hi, np.uint64(S), out=hi)
        np.right_shift(hi, np.uint64(32), out=hi)
        np.bitwise_and(raw, np.uint64(0xFFFFFFFF), out=lo)
        np.add(code, hi.view(np.int64), out=flat)
        np.take(self.thr32, flat, out=t32)
        np.less(lo, t32, out=keep)
        np.take(self.own, flat, out=code)
        np.take(self.ali, flat, out=b)
        np.copyto(code, b, where=~keep)


class SearchSorted(Method):
    """Cumulative tables, all rows in one sorted array: row r holds r + cdf_r; the drawn
    outcome of u for a resident of row r is searchsorted(r + u) - 9r."""
    K, name = S, "searchsorted"

    def __init__(self, w, n):
        super().__init__(w, n)
        cdf = _cdf(self.probs)
        self.flat_cdf = (np.arange(self.n_rows)[:, None] + cdf).ravel()
        self.out = (self.nxt * S).ravel().astype(np.intp)
        self.u, self.key = np.empty(n), np.empty(n)
        self.idx = np.empty(n, np.intp)

    def step(self, code, rng):
        u, key = self.u, self.key
        rng.random(out=u)
        np.multiply(code, 1.0 / S, out=key)     # r = code / 9, exact for these small ints
        np.add(key, u, out=key)
        idx = np.searchsorted(self.flat_cdf, key, side="right")
        np.take(self.out, idx, out=code)


class Guide(Method):
    """Guide table over 16-bit draws. One raw 64-bit output gives four residents 16 random
    bits each; the top `bits` of them pick one of K = 2^bits equal cells of the row's [0, 1).
    A cell that lies inside one state's interval of the cumulative row maps straight to the
    next code; a cell that straddles a boundary maps to a marker, and only those residents
    are resolved exactly, by searchsorted with a fresh uniform inside their cell.
    Codes are uint16 row << bits, so the table index is just code | cell."""
    name = "guide"
    BITS = 10

    def __init__(self, w, n, bits=None):
        self.K = 1
        super().__init__(w, n)
        bits = bits or self.BITS
        while (self.n_rows << bits) > 0xFFFF:     # codes and table indices must fit in uint16
            bits -= 1
        self.bits, K = bits, 1 << bits
        self.Kc = K
        cdf = _cdf(self.probs)
        lo = np.arange(K) / K                       # exact (K is a power of two)
        hi = (np.arange(K) + 1) / K
        table = np.empty((self.n_rows, K), np.uint16)
        for r in range(self.n_rows):
            state_lo = np.searchsorted(cdf[r], lo, side="right")   # state drawn at u = lo
            inside = (cdf[r][None, :] > lo[:, None]) & (cdf[r][None, :] < hi[:, None])
            mixed = inside.any(axis=1)
            table[r] = np.where(mixed, 0xFFFF, self.nxt[r][np.minimum(state_lo, S - 1)] << bits)
        self.mixed_share = float((table == 0xFFFF).mean())
        self.table = table.ravel()
        self.limit = np.uint16(self.n_rows << bits)
        self.flat_cdf = (np.arange(self.n_rows)[:, None] + cdf).ravel()
        self.out = (self.nxt << bits).ravel().astype(np.uint16)
        self.words = (n + 3) // 4
        self.flat = np.empty(n, np.uint16)
        self.neg = np.empty(n, bool)
        self.row = np.empty(n, np.uint16)
        self.shift = np.uint16(16 - bits)
        self.bshift = np.uint16(bits)

    def start_codes(self, w, reps):
        return np.tile((w.profile_of * S + w.state0) << self.bits, reps).astype(np.uint16)

    def row_counts(self, code):
        np.right_shift(code, self.bshift, out=self.row)
        return np.bincount(self.row, minlength=self.n_rows)

    def step(self, code, rng):
        n, flat = self.n, self.flat
        raw = rng.bit_generator.random_raw(self.words).view(np.uint16)[:n]
        np.right_shift(raw, self.shift, out=flat)
        np.bitwise_or(flat, code, out=flat)
        np.take(self.table, flat, out=code, mode="clip")  # flat is in range: skip the check
        np.greater_equal(code, self.limit, out=self.neg)
        m = np.flatnonzero(self.neg)
        if m.size:
            # flat = row * K + cell, so (flat + v) / K = row + u with u uniform in the cell
            key = (flat[m] + rng.random(m.size)) * (1.0 / self.Kc)
            code[m] = self.out[np.searchsorted(self.flat_cdf, key, side="right")]


class Lut(Method):
    """W1-specific: K cells per row where every probability is a multiple of 1/K, so each
    cell is one state and one gather draws the move. Refused for other matrices."""
    name = "lut"

    def __init__(self, w, n):
        for K in (100, 200, 400, 1000):
            if np.allclose(w.P * K, np.round(w.P * K), atol=1e-9):
                break
        else:
            sys.exit("--method lut: the probabilities are not multiples of 1/K for K <= 1000")
        self.K = K
        super().__init__(w, n)
        counts = np.round(self.probs * K).astype(int)
        table = np.empty((self.n_rows, K), np.intp)
        for r in range(self.n_rows):
            table[r] = np.repeat(self.nxt[r] * K, counts[r])
        self.table = table.ravel()
        self.x = np.empty(n)
        self.flat = np.empty(n, np.intp)

    def step(self, code, rng):
        x, flat = self.x, self.flat
        rng.random(out=x)
        np.multiply(x, float(self.K), out=x)
        np.copyto(flat, x, casting="unsafe")
        np.add(flat, code, out=flat)
        np.take(self.table, flat, out=code)


METHODS = {m.name: m for m in (Guide, Alias, AliasRaw, SearchSorted, Lut)}


def run(w, method, reps, seed, batch):
    """Simulate `reps` replications, `batch` at a time in one array. Returns per-batch total
    costs, mean final occupancy per state, and the wall time of the simulation loop."""
    n = w.n
    children = np.random.SeedSequence(seed).spawn((reps + batch - 1) // batch)
    totals, occ_sum, sizes = [], np.zeros(S), []
    m = METHODS[method](w, n * batch)
    cost = m.cost
    n_p = len(w.names)
    elapsed = 0.0
    for b, ss in enumerate(children):
        size = min(batch, reps - b * batch)
        if size != batch:
            m = METHODS[method](w, n * size)
        rng = np.random.Generator(np.random.SFC64(ss))
        code = m.start_codes(w, size)
        total = 0.0
        t0 = time.perf_counter()
        for _ in range(w.horizon):
            m.step(code, rng)
            total += float(m.row_counts(code) @ cost)
        elapsed += time.perf_counter() - t0
        rows = m.row_counts(code).reshape(2, n_p, S)
        occ_sum += rows.sum(axis=(0, 1))
        totals.append(total)
        sizes.append(size)
    return np.array(totals), np.array(sizes), occ_sum / reps, elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", default=DEFAULT_PATH,
                    help="w1_matrices.json or a W1-like scenario (default: %(default)s)")
    ap.add_argument("--replications", "-r", type=int, default=10)
    ap.add_argument("--residents", "-n", type=int, default=None,
                    help="N residents (i %% 3 gives the profile; matrices only; default 9,999)")
    ap.add_argument("--check", action="store_true",
                    help="run at least 1,600 replications and print z-scores of the mean and "
                         "sd of the total cost against the exact values")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--method", choices=list(METHODS), default="guide")
    ap.add_argument("--batch", type=int, default=8,
                    help="replications simulated together in one array (default 8)")
    ap.add_argument("--repeats", type=int, default=1,
                    help="time the same run this many times; report best and median")
    ap.add_argument("--warmup", type=int, default=1,
                    help="untimed batches before timing (default 1)")
    a = ap.parse_args()
    if a.replications < 1 or a.batch < 1:
        sys.exit("--replications and --batch must be at least 1")

    w = load(a.path, a.residents)
    if a.check:
        a.replications = max(a.replications, 1600)
        a.replications -= a.replications % a.batch      # equal groups for the sd
    if a.warmup:
        run(w, a.method, a.warmup * a.batch, a.seed + 1, a.batch)
    times = []
    for _ in range(max(1, a.repeats)):
        totals, sizes, occ, elapsed = run(w, a.method, a.replications, a.seed, a.batch)
        times.append(elapsed)
    times.sort()
    elapsed, median = times[0], times[len(times) // 2]
    R = a.replications
    mean = float(totals.sum() / R)
    # standard error from batch totals (one batch = one replication by default)
    # standard error of the mean from the batch means (exact for --batch 1; for equal batches
    # the batch means are i.i.d. with variance sigma^2 / batch, so std / sqrt(#batches) again)
    per = totals / sizes
    se = float(np.std(per, ddof=1) / math.sqrt(len(per))) if len(per) > 1 else float("nan")
    ex_total, ex_occ = exact(w)
    ns = elapsed * 1e9 / (w.n * w.horizon * R)
    ns_median = median * 1e9 / (w.n * w.horizon * R)
    print(f"W1 numpy ({a.method}, batch {a.batch}): {R} replications of N={w.n} x T={w.horizon}"
          f" in {elapsed:.3f} s = {ns:.2f} ns per resident-month (best of {len(times)};"
          f" median {ns_median:.2f})", file=sys.stderr)
    print(f"  total cost per replication: {mean:,.0f} +- {se:,.0f} (exact {ex_total:,.0f};"
          f" z = {(mean - ex_total) / se if se == se and se > 0 else float('nan'):+.2f})",
          file=sys.stderr)
    print("  final occupancy: " + " / ".join(f"{s} {o:.1f} ({e:.1f})"
                                            for s, o, e in zip(STATES, occ, ex_occ)),
          file=sys.stderr)
    checked = {}
    if a.check:
        checked = check_report("numpy", totals / sizes, a.batch, w)
    print(json.dumps({
        **checked,
        "impl": "numpy",
        "method": a.method,
        "batch": a.batch,
        "ns_per_resident_month": ns,
        "ns_per_resident_month_median": ns_median,
        "repeats": len(times),
        "seconds": elapsed,
        "residents": w.n,
        "months": w.horizon,
        "replications": R,
        "mean_total_cost": mean,
        "sd_total_cost": float(np.std(per, ddof=1) * math.sqrt(a.batch)) if len(per) > 1
        else float("nan"),
        "se_total_cost": se,
        "exact_total_cost": ex_total,
        "final_occupancy": dict(zip(STATES, [round(float(o), 2) for o in occ])),
        "exact_final_occupancy": dict(zip(STATES, [round(float(o), 2) for o in ex_occ])),
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "source": os.path.relpath(a.path),
    }))


if __name__ == "__main__":
    main()
