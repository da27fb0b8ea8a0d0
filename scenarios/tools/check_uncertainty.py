#!/usr/bin/env python3
"""Check the `uncertainty` sections of the shipped scenarios without the Rust code.

Usage (from the repository root, Python 3.8+, standard library only):

    python3 scenarios/tools/check_uncertainty.py            # every scenarios/*.json and
                                                            # scenarios/validation/*.json
    python3 scenarios/tools/check_uncertainty.py FILE ...   # only these files

For every scenario file it checks:

1. the file is valid JSON;
2. every parameter has a unique `name`, a `path` and one `distribution`; the path resolves in the
   file (the field-path syntax of the error messages, where an element's `id` may stand for its
   index: `programs[hospits_nav]`, `profiles[severe].breakdown[1].base_probability`) to a number,
   or, for a `dirichlet`, to a transition row (a `to` map of a state or a duration band);
3. the distribution's own rules: `fixed` x; `normal`/`lognormal`/`gamma` {mean, sd > 0}
   (lognormal and gamma need mean > 0); `beta` {0 < mean < 1, sd > 0, sd^2 < mean(1 - mean)};
   `uniform` {low < high}; `triangular` {low <= mode <= high, low < high}; `dirichlet`
   {alpha: one positive entry per destination of the row plus `stay`};
4. the distribution's mean equals the value in the file (so that the deterministic base case is
   the file itself): the mean of normal/lognormal/gamma/beta, (low + high)/2 for uniform,
   (low + mode + high)/3 for triangular; for a dirichlet alpha_i/alpha0 equals each probability
   of the row and alpha_stay/alpha0 equals 1 - (the row's sum);
5. a distribution that can go below zero is not put on a cost, count or probability, and a
   probability gets a distribution that stays within [0, 1]; optional `low`/`high` (one-way
   sensitivity range) satisfy low <= mean <= high;
6. correlations name two different, existing parameters, |rho| < 1, no pair twice, and the
   correlation matrix is positive definite (Cholesky);
7. every number in the file, the uncertainty section included, is covered by a `sources` key
   (the key is the number's field path or a prefix of it, as in `tests/scenarios.rs`), every such
   source starts with `docs/sources.md §<n>`, `docs/benchmarks.md` or `assumption: `, and every
   `docs/sources.md §<n>` cited names a section that exists; every `sources` key is a field path
   that exists in the file;
8. across files: a parameter name used in several files has the identical distribution (and
   low/high) everywhere, because a PSA over several files draws a shared name once; within a
   family (a municipality and its policy variants, FAMILIES below) every parameter of the base
   is also in each variant with the same path, and correlations between shared names are equal.

Exit status 0 when everything holds, 1 when a problem was found (each is printed with the file
and the parameter), 2 when a file cannot be read.
"""

import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = os.path.join(ROOT, "scenarios")
# The pairs that rebuild a published trial (scenarios/validation/README.md).
VALIDATION = os.path.join(SCENARIOS, "validation")

# A municipality and the policy variants that share its base (the PSA questions compare them).
FAMILIES = {
    "bergen": ["bergen-more-small-houses", "bergen-hf-expansion"],
    "trondheim": ["trondheim-women-programme"],
    "alta": ["alta-temporary-congregate"],
    "oslo-grunerlokka": ["oslo-grunerlokka-2020-need"],
    # drammen-hf is a separate break-even file: it shares names with drammen.json (same
    # distributions) but its programmes have other ids, so the paths differ.
}
# Files that must carry an uncertainty section.
REQUIRED = [
    "alta", "bergen", "bodo", "drammen", "eigersund", "fredrikstad", "oslo-grunerlokka",
    "stavanger", "trondheim", "tysvaer", "bergen-more-small-houses", "trondheim-women-programme",
    "alta-temporary-congregate", "drammen-hf", "oslo-grunerlokka-2020-need", "bergen-hf-expansion",
]

TOL = 1e-9
SOURCE_PREFIXES = ("docs/sources.md §", "docs/benchmarks.md", "assumption: ")


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, msg):
        self.items.append(f"{where}: {msg}")


def tokens(path):
    """Split `a.b[2].c[id]` into ['a', 'b', [2], 'c', ['id']]."""
    out = []
    for m in re.finditer(r"([^.\[\]]+)|\[([^\]]*)\]", path):
        if m.group(1) is not None:
            out.append(m.group(1))
        else:
            out.append([m.group(2)])
    return out


def resolve(doc, path):
    """The value at `path`, or raise KeyError with a reason."""
    cur = doc
    for tok in tokens(path):
        if isinstance(tok, list):
            key = tok[0]
            if not isinstance(cur, list):
                raise KeyError(f"[{key}] applied to something that is not a list")
            if key.isdigit():
                i = int(key)
                if i >= len(cur):
                    raise KeyError(f"index {i} out of range ({len(cur)} elements)")
                cur = cur[i]
            else:
                hits = [e for e in cur if isinstance(e, dict) and e.get("id") == key]
                if len(hits) != 1:
                    raise KeyError(f"no single element with id {key!r}")
                cur = hits[0]
        else:
            if not isinstance(cur, dict) or tok not in cur:
                raise KeyError(f"no field {tok!r}")
            cur = cur[tok]
    return cur


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def close(a, b):
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))


def dist_mean(kind, p):
    if kind == "fixed":
        return p
    if kind in ("normal", "lognormal", "gamma", "beta"):
        return p["mean"]
    if kind == "uniform":
        return (p["low"] + p["high"]) / 2
    if kind == "triangular":
        return (p["low"] + p["mode"] + p["high"]) / 3
    return None


def dist_support_low(kind, p):
    """Smallest value the distribution can take (None: unbounded below)."""
    if kind == "fixed":
        return p
    if kind == "normal":
        return None
    if kind in ("lognormal", "gamma", "beta"):
        return 0.0
    if kind in ("uniform", "triangular"):
        return p["low"]
    return None


def dist_support_high(kind, p):
    if kind == "fixed":
        return p
    if kind == "beta":
        return 1.0
    if kind in ("uniform", "triangular"):
        return p["high"]
    return None


REQUIRED_KEYS = {
    "normal": {"mean", "sd"}, "lognormal": {"mean", "sd"}, "gamma": {"mean", "sd"},
    "beta": {"mean", "sd"}, "uniform": {"low", "high"}, "triangular": {"low", "mode", "high"},
}


def check_distribution(where, dist, value, path, probs):
    """Check one distribution against its rules and the file's value."""
    if not isinstance(dist, dict) or len(dist) != 1:
        probs.add(where, "distribution must be an object with exactly one kind")
        return
    (kind, p), = dist.items()
    if kind == "dirichlet":
        if not isinstance(value, dict):
            probs.add(where, f"dirichlet needs a transition row, {path} is not one")
            return
        if not re.search(r"(^|\.)transitions\.[a-z_]+\.(to|bands\[[0-9]+\]\.to)$", path):
            probs.add(where, f"dirichlet path {path} is not a transition row (…transitions.<state>.to or …bands[i].to)")
        alpha = p.get("alpha") if isinstance(p, dict) else None
        if not isinstance(alpha, dict):
            probs.add(where, "dirichlet needs an `alpha` object")
            return
        want = set(value) | {"stay"}
        if set(alpha) != want:
            probs.add(where, f"alpha keys {sorted(alpha)} differ from the row's destinations + stay {sorted(want)}")
            return
        if not all(is_num(a) and a > 0 for a in alpha.values()):
            probs.add(where, "every alpha must be a positive number")
            return
        a0 = sum(alpha.values())
        total = sum(value.values())
        for k, pv in value.items():
            if abs(alpha[k] / a0 - pv) > TOL:
                probs.add(where, f"alpha[{k}]/alpha0 = {alpha[k] / a0:.10g} but the row has {pv}")
        if abs(alpha["stay"] / a0 - (1 - total)) > TOL:
            probs.add(where, f"alpha[stay]/alpha0 = {alpha['stay'] / a0:.10g} but 1 - row sum = {1 - total:.10g}")
        return
    if kind not in REQUIRED_KEYS and kind != "fixed":
        probs.add(where, f"unknown distribution {kind!r}")
        return
    if not is_num(value):
        probs.add(where, f"{path} resolves to {value!r}, not a number")
        return
    if kind == "fixed":
        if not is_num(p):
            probs.add(where, "fixed needs a number")
            return
    else:
        if not isinstance(p, dict) or set(p) != REQUIRED_KEYS[kind] or not all(is_num(v) for v in p.values()):
            probs.add(where, f"{kind} needs exactly the numbers {sorted(REQUIRED_KEYS[kind])}")
            return
        if kind in ("normal", "lognormal", "gamma", "beta") and not p["sd"] > 0:
            probs.add(where, f"{kind} needs sd > 0")
        if kind in ("lognormal", "gamma") and not p["mean"] > 0:
            probs.add(where, f"{kind} needs mean > 0")
        if kind == "beta":
            m, sd = p["mean"], p["sd"]
            if not 0 < m < 1:
                probs.add(where, "beta needs 0 < mean < 1")
            elif not sd * sd < m * (1 - m):
                probs.add(where, f"beta impossible: sd^2 = {sd * sd:.3g} >= mean(1-mean) = {m * (1 - m):.3g}")
        if kind == "uniform" and not p["low"] < p["high"]:
            probs.add(where, "uniform needs low < high")
        if kind == "triangular" and not (p["low"] <= p["mode"] <= p["high"] and p["low"] < p["high"]):
            probs.add(where, "triangular needs low <= mode <= high and low < high")
    mean = dist_mean(kind, p)
    if not close(mean, value):
        probs.add(where, f"mean of the distribution {mean:.10g} differs from the file's value {value} at {path}")
    # support: costs, counts, rates and probabilities cannot be negative; probabilities stay <= 1
    leaf = path.rsplit(".", 1)[-1]
    nonneg = leaf.endswith("_nok") or leaf in (
        "base_probability", "misplacement_spillover", "staff_fte", "staff_per_resident", "per_month",
        "guards_fte", "caretaker_fte", "damage_reduction", "elasticity", "required_staff_per_resident",
        "discount_rate_per_year", "moving_staff_hours_per_move", "hours_per_fte_year") or "transitions" in path
    is_prob = leaf in ("base_probability", "misplacement_spillover", "damage_reduction") or "transitions" in path
    lo = dist_support_low(kind, p)
    if nonneg and (lo is None or lo < 0):
        probs.add(where, f"{kind} can draw negative values for {leaf}, which cannot be negative")
    hi = dist_support_high(kind, p)
    if is_prob and (hi is None or hi > 1):
        probs.add(where, f"{kind} can draw values above 1 for the probability {leaf}")


def numeric_leaves(v, path, out):
    if is_num(v):
        out.append(path)
    elif isinstance(v, dict):
        for k, child in v.items():
            if k == "sources" and path == "":
                continue
            numeric_leaves(child, f"{path}.{k}" if path else k, out)
    elif isinstance(v, list):
        for i, child in enumerate(v):
            numeric_leaves(child, f"{path}[{i}]", out)


def covers(key, path):
    return key == "" or path == key or (path.startswith(key) and path[len(key)] in ".[")


def source_sections():
    secs = set()
    with open(os.path.join(ROOT, "docs", "sources.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"## §(\d+)", line)
            if m:
                secs.add(int(m.group(1)))
    return secs


def cholesky_ok(names, corrs):
    n = len(names)
    ix = {nm: i for i, nm in enumerate(names)}
    a = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    for c in corrs:
        i, j = ix[c["between"][0]], ix[c["between"][1]]
        a[i][j] = a[j][i] = c["rho"]
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = a[i][j] - sum(low[i][k] * low[j][k] for k in range(j))
            if i == j:
                if s <= 1e-12:
                    return False
                low[i][i] = math.sqrt(s)
            else:
                low[i][j] = s / low[j][j]
    return True


def check_file(fname, doc, sections, probs):
    where0 = os.path.relpath(fname, ROOT)
    sources = doc.get("sources", {})
    # 7: sources of every number, and the form of every source
    leaves = []
    numeric_leaves(doc, "", leaves)
    for leaf in leaves:
        keys = [k for k in sources if covers(k, leaf)]
        if not keys:
            probs.add(where0, f"number without a source: {leaf}")
    for k, text in sources.items():
        top = re.match(r"[^.\[]*", k).group(0)
        try:
            resolve(doc, k)
        except KeyError as e:
            if top in doc:  # a whole optional section left to its defaults may still be sourced
                probs.add(where0, f"sources key {k!r} is not a field path of this file: {e}")
        if not text.startswith(SOURCE_PREFIXES):
            probs.add(where0, f"sources[{k!r}] does not start with docs/sources.md §n, docs/benchmarks.md or 'assumption: '")
    for n in re.findall(r"docs/sources\.md §(\d+)", json.dumps(doc, ensure_ascii=False)):
        if int(n) not in sections:
            probs.add(where0, f"cites docs/sources.md §{n}, which does not exist")
    unc = doc.get("uncertainty")
    if unc is None:
        return {}, {}
    if not isinstance(unc, dict) or not set(unc) <= {"parameters", "correlations"}:
        probs.add(where0, "uncertainty must be an object with `parameters` and optional `correlations`")
        return {}, {}
    params = unc.get("parameters", [])
    defs = {}
    for i, prm in enumerate(params):
        where = f"{where0}: uncertainty.parameters[{i}]"
        if not isinstance(prm, dict) or not {"name", "path", "distribution"} <= set(prm):
            probs.add(where, "needs name, path and distribution")
            continue
        extra = set(prm) - {"name", "path", "distribution", "description", "low", "high"}
        if extra:
            probs.add(where, f"unknown fields {sorted(extra)}")
        name, path = prm["name"], prm["path"]
        where = f"{where} ({name})"
        if name in defs:
            probs.add(where, "duplicate name")
        defs[name] = prm
        if not any(covers(k, f"uncertainty.parameters[{i}]") or k.startswith(f"uncertainty.parameters[{i}].")
                   for k in sources):
            probs.add(where, "no sources entry")
        try:
            value = resolve(doc, path)
        except KeyError as e:
            probs.add(where, f"path {path} does not resolve: {e}")
            continue
        check_distribution(where, prm["distribution"], value, path, probs)
        (kind, p), = prm["distribution"].items()
        if ("low" in prm or "high" in prm) and kind != "dirichlet":
            lo, hi = prm.get("low", -math.inf), prm.get("high", math.inf)
            if not (is_num(value) and lo <= value <= hi):
                probs.add(where, f"low/high ({lo}, {hi}) must bracket the file's value {value}")
    # 6: correlations
    corrs = unc.get("correlations", [])
    seen = set()
    cdefs = {}
    for i, c in enumerate(corrs):
        where = f"{where0}: uncertainty.correlations[{i}]"
        b = c.get("between") if isinstance(c, dict) else None
        rho = c.get("rho") if isinstance(c, dict) else None
        if not (isinstance(b, list) and len(b) == 2 and is_num(rho)):
            probs.add(where, "needs between: [a, b] and rho")
            continue
        if b[0] == b[1] or b[0] not in defs or b[1] not in defs:
            probs.add(where, f"between {b} must name two different parameters of this file")
            continue
        if any("dirichlet" in defs[x]["distribution"] for x in b):
            probs.add(where, "a dirichlet parameter cannot be correlated")
        if not -1 < rho < 1:
            probs.add(where, "rho must be strictly between -1 and 1")
        pair = frozenset(b)
        if pair in seen:
            probs.add(where, f"pair {b} given twice")
        seen.add(pair)
        cdefs[pair] = rho
        if f"uncertainty.correlations[{i}]" not in sources:
            probs.add(where, "no sources entry")
    ok_corrs = [c for c in corrs if isinstance(c, dict) and isinstance(c.get("between"), list)
                and len(c["between"]) == 2 and all(x in defs for x in c["between"])
                and c["between"][0] != c["between"][1] and is_num(c.get("rho"))]
    if ok_corrs and not cholesky_ok(list(defs), ok_corrs):
        probs.add(where0, "the correlation matrix is not positive definite")
    return defs, cdefs


def definition(prm):
    return {k: prm[k] for k in ("distribution", "low", "high") if k in prm}


def main(argv):
    files = argv[1:] or [
        os.path.join(d, f) for d in (SCENARIOS, VALIDATION)
        for f in sorted(os.listdir(d)) if f.endswith(".json")]
    sections = source_sections()
    probs = Problems()
    all_defs, all_corrs = {}, {}
    for fname in files:
        try:
            with open(fname, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{fname}: cannot read: {e}", file=sys.stderr)
            return 2
        stem = os.path.basename(fname)[:-5]
        defs, cdefs = check_file(fname, doc, sections, probs)
        all_defs[stem], all_corrs[stem] = defs, cdefs
        n = len(defs)
        if stem in REQUIRED and not n:
            probs.add(stem, "has no uncertainty section")
        print(f"{os.path.relpath(fname, ROOT)}: {n} parameters, {len(cdefs)} correlations")
    # 8: shared names identical across files
    first = {}
    for stem, defs in all_defs.items():
        for name, prm in defs.items():
            if name in first:
                other, oprm = first[name]
                if definition(prm) != definition(oprm):
                    probs.add(stem, f"parameter {name} is defined differently in {other}: "
                                    f"{definition(prm)} vs {definition(oprm)}")
            else:
                first[name] = (stem, prm)
    firstc = {}
    for stem, cdefs in all_corrs.items():
        for pair, rho in cdefs.items():
            if pair in firstc and firstc[pair][1] != rho:
                probs.add(stem, f"correlation {sorted(pair)} is {rho} here but {firstc[pair][1]} in {firstc[pair][0]}")
            firstc.setdefault(pair, (stem, rho))
        # a correlation between two names that another file has but leaves uncorrelated
    for stem, defs in all_defs.items():
        for other, odefs in all_defs.items():
            if other <= stem:
                continue
            shared = set(defs) & set(odefs)
            for pair in set(all_corrs[stem]) ^ set(all_corrs[other]):
                if pair <= shared:
                    probs.add(stem, f"correlation {sorted(pair)} is in one of {stem}/{other} but not the other")
    for base, variants in FAMILIES.items():
        if base not in all_defs:
            continue
        for v in variants:
            if v not in all_defs:
                continue
            for name, prm in all_defs[base].items():
                if name not in all_defs[v]:
                    probs.add(v, f"lacks the base's parameter {name} ({base})")
                elif all_defs[v][name]["path"] != prm["path"]:
                    probs.add(v, f"parameter {name} has path {all_defs[v][name]['path']} but {prm['path']} in {base}")
    if probs.items:
        print(f"\n{len(probs.items)} problem(s):")
        for p in probs.items:
            print("  " + p)
        return 1
    print("\nOK: every uncertainty section resolves, matches its file and is sourced.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
