#!/usr/bin/env python3
"""Write scenarios/reference-w2.json, the benchmark workload W2 (docs/benchmarks.md, W2), from
W1's matrices and costs in tests/data/w1_matrices.json. Standard library only; deterministic
(the same input gives the same bytes).

    python3 scenarios/tools/make_w2.py            # writes scenarios/reference-w2.json
    python3 scenarios/tools/make_w2.py --check    # exits 1 if the shipped file differs

How W2 maps onto the scenario format:

* Duration. W2's d counts completed months in the state (0 on entry); the engine's months in
  state at month t is t - entered, i.e. d + 1. W2's band "d 0-5" is therefore months 1-6 here,
  `until_month: 7`, and so on: 7, 13, 25, 37, then the last band (d >= 36).
* Maximum stay. W2 forces the move when d + 1 >= max, i.e. from month `max` on: a final band
  whose row sums to 1 from `until_month = max` of the band before it (temporary: bands up to 6,
  then forced; rehabilitation: up to 24, then forced).
* Leaving. h = min(1, (1 - P_ss) m) and destinations in proportion to P_sj, so the band row is
  P_sj m; the forced row is P_sj / (1 - P_ss).
* Capacity. housing_first is one limited program of round(N / 20) = 500 units; the other
  categories are unlimited programs. W2's WAIT ("on the list, held in temporary housing") is
  `placement.while_waiting: "held"` with `fallback: ["temporary"]` (temporary housing is an
  unlimited program, so the fallback always finds a unit; `homeless` stays the implicit last
  resort), reneging 0.02 a month to `homeless`, first come first served.
* Repair. Severe residents are `aggressive`: the engine draws the repair uniformly on
  [150,000, 200,000] NOK (continuous); W2's peers draw integers from 150,000-200,000. Both have
  the mean 175,000.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MATRICES = os.path.join(REPO, "tests", "data", "w1_matrices.json")
OUT = os.path.join(REPO, "scenarios", "reference-w2.json")

N = 9999
HORIZON = 120
# W2's band multipliers: (first d of the band, multiplier); the last band is d >= 36.
MULTIPLIERS = [(0, 1.3), (6, 1.0), (12, 0.8), (24, 0.7), (36, 0.6)]
# W2's maximum stays in months (forced move when d + 1 >= max).
MAX_STAY = {"temporary": 6, "rehabilitation": 24}
REPAIR_STATES = ["specialized", "congregate", "rehabilitation", "housing_first"]
CAP = round(N / 20)
RENEGING = 0.02
SEVERITY = {"mild": "mild", "moderate": "moderate", "severe": "severe"}


def num(x):
    """A probability written without float noise (12 decimals are far below any tolerance)."""
    r = round(x, 12)
    return int(r) if r == int(r) else r


def row(p, s, states, scale):
    """Moves out of state index s: P_sj * scale for j != s with P_sj > 0."""
    return {states[j]: num(p[s][j] * scale) for j in range(len(states)) if j != s and p[s][j] > 0}


def forced_row(p, s, states):
    """Moves out of s in proportion to P_sj, summing to exactly 1 (in floating point too): the
    largest entry takes the remainder."""
    leave = 1.0 - p[s][s]
    out = row(p, s, states, 1.0 / leave)
    biggest = max(out, key=lambda k: (out[k], k))
    out[biggest] = 0.0
    rest = sum(out.values())
    out[biggest] = 1.0 - rest
    assert abs(sum(out.values()) - 1.0) < 1e-12, (states[s], out)
    return out


def bands(p, s, states):
    """W2's duration bands out of state s in the engine's months-in-state (= d + 1)."""
    limit = MAX_STAY.get(states[s])
    out = []
    for k, (d0, m) in enumerate(MULTIPLIERS):
        d1 = MULTIPLIERS[k + 1][0] if k + 1 < len(MULTIPLIERS) else None
        # months d0 + 1 ..= d1 here: until_month = d1 + 1
        until = None if d1 is None else d1 + 1
        if limit is not None and (until is None or until > limit):
            out.append({"until_month": limit, "to": row(p, s, states, m)})
            out.append({"to": forced_row(p, s, states)})
            return out
        band = {"to": row(p, s, states, m)}
        if until is not None:
            band = {"until_month": until, **band}
        out.append(band)
    return out


def profile(name, p, states, initial_state, count):
    transitions = {s: {"bands": bands(p, i, states)}
                   for i, s in enumerate(states) if s != "exited"}
    out = {
        "id": name,
        "description": f"W2 {name} profile: every third resident; W1's rows with W2's duration "
                       "bands and maximum stays.",
        "severity": SEVERITY[name],
    }
    if name == "severe":
        out["aggressive"] = True
    out.update({
        "needs": "housing_first",
        "initial": {initial_state: count},
        "transitions": transitions,
    })
    return out


def program(state, monthly, units):
    return {
        "id": f"{state}_{'limited' if units != 'unlimited' else 'unlimited'}",
        "description": ("Housing First, round(N / 20) = 500 units: the capacity W2 queues for."
                        if units != "unlimited" else
                        f"All {state} units, no capacity limit (W2 limits only housing_first)."),
        "category": state,
        "units": units,
        "running_per_occupied_unit_month_nok": monthly,
        "repair_on_move_out": state in REPAIR_STATES,
    }


def build():
    with open(MATRICES) as f:
        m = json.load(f)
    states = m["states"]
    monthly = dict(zip(states, m["monthly_cost_nok"]))
    names = list(m["profiles"])
    assert names == ["mild", "moderate", "severe"]
    per_profile = N // len(names)
    assert per_profile * len(names) == N
    sources = {
        "horizon_months": "docs/benchmarks.md (W2): T = 120 months",
        "profiles": "docs/benchmarks.md (W2): three profiles of 3,333 residents each, all "
                    "starting in temporary; W1's rows from tests/data/w1_matrices.json with W2's "
                    "duration bands (months in state = d + 1: d 0-5 is months 1-6, until_month 7; "
                    "multipliers 1.3, 1.0, 0.8, 0.7, 0.6) and maximum stays (temporary: forced "
                    "from month 6; rehabilitation: forced from month 24), destinations in "
                    "proportion to W1's row",
        "programs": "docs/benchmarks.md (W2): housing_first limited to round(N / 20) = 500 units, "
                    "every other category unlimited; monthly costs from W1 (monthly_cost_nok); "
                    "repair only out of the four housing categories",
        "placement": "docs/benchmarks.md (W2): residents on the Housing First list are held in "
                     "temporary housing (draw nothing while waiting) and give up with probability "
                     "0.02 a month to homeless; oldest cohort first, severe before moderate before "
                     "mild within a cohort",
        "costs.repair.ordinary_nok": "docs/benchmarks.md (W2): repair 55,000 NOK for mild and "
                                     "moderate residents",
        "costs.repair.aggressive_min_nok": "docs/benchmarks.md (W2): severe residents' repair "
                                           "between 150,000 and 200,000 NOK (lower end)",
        "costs.repair.aggressive_max_nok": "docs/benchmarks.md (W2): severe residents' repair "
                                           "between 150,000 and 200,000 NOK (upper end)",
        "costs.person_month_nok": "docs/benchmarks.md (W2): W1's monthly_cost_nok of ordinary, "
                                  "homeless and institution",
        "costs.discount_rate_per_year": "docs/benchmarks.md (W2): costs are undiscounted",
        "costs.perspective": "docs/benchmarks.md (W2): every cost counts, whoever pays",
        "seed": "assumption: any fixed seed",
        "replications": "assumption: enough replications for a tight Monte Carlo error",
    }
    return {
        "$schema": "../schema/scenario.schema.json",
        "name": "reference-w2",
        "description": "Reference benchmark workload W2: W1 with duration bands, maximum stays, "
                       "a Housing First capacity of 500 with a waiting list held in temporary "
                       "housing and reneging, aggressive repair for severe residents; 9,999 "
                       "residents over 120 months. No exact expectation: implementations are "
                       "checked against a per-resident one. Generated by "
                       "scenarios/tools/make_w2.py.",
        "sources": dict(sorted(sources.items())),
        "horizon_months": HORIZON,
        "seed": 20261127,
        "replications": 100,
        "profiles": [profile(p, m["profiles"][p], states, m["initial_state"], per_profile)
                     for p in names],
        "programs": [program(s, monthly[s], CAP if s == "housing_first" else "unlimited")
                     for s in states[:5]],
        "placement": {
            "waiting_list_order": "first_come_first_served",
            "fallback": ["temporary"],
            "while_waiting": "held",
            "reneging_probability_per_month": RENEGING,
            "reneging_to": "homeless",
        },
        "costs": {
            "discount_rate_per_year": 0.0,
            "perspective": "society",
            "repair": {
                "ordinary_nok": m["turnover_repair_nok"],
                "aggressive_min_nok": 150000,
                "aggressive_max_nok": 200000,
            },
            "person_month_nok": {
                "homeless": monthly["homeless"],
                "institution": monthly["institution"],
                "ordinary_follow_up": monthly["ordinary"],
            },
        },
    }


def text(doc):
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main():
    out = text(build())
    if "--check" in sys.argv[1:]:
        with open(OUT) as f:
            same = f.read() == out
        print(f"{os.path.relpath(OUT, REPO)}: {'up to date' if same else 'DIFFERS'}")
        sys.exit(0 if same else 1)
    with open(OUT, "w") as f:
        f.write(out)
    print(f"wrote {os.path.relpath(OUT, REPO)}")


if __name__ == "__main__":
    main()
