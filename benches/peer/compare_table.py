#!/usr/bin/env python3
"""The tables of benches/peer/compare.sh: reads the JSON lines it wrote into DIR and prints
every workload side by side with the ratios and their targets (docs/benchmarks.md).

    python3 benches/peer/compare_table.py DIR
"""

import datetime
import json
import os
import subprocess
import sys

out = sys.argv[1]


def lines(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(x) for x in f if x.startswith("{")]


def last(name):
    xs = lines(name)
    return xs[-1] if xs else None


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next(x.split(":", 1)[1].strip() for x in f if x.startswith("model name"))
    except (OSError, StopIteration):
        return "?"


def header():
    print(f"| {'measurement':<46} | {'best':>9} | {'median':>9} | {'R':>5} | note")
    print(f"|{'-' * 48}|{'-' * 11}|{'-' * 11}|{'-' * 7}|------")


def row(name, x, note=""):
    if x is None:
        print(f"| {name:<46} | {'-':>9} | {'-':>9} | {'-':>5} | not run")
        return
    med = x.get("ns_per_resident_month_median")
    med = f"{med:9.3f}" if med is not None else "        -"
    print(f"| {name:<46} | {x['ns_per_resident_month']:9.3f} | {med} | "
          f"{x['replications']:>5} | {note}")


def ratio(label, num, den, target):
    if num is None or den is None:
        print(f"{label:<44} =      -   ({target})")
        return
    print(f"{label:<44} = {num / den:7.2f}x  ({target})")


def ns(x):
    return x["ns_per_resident_month"] if x else None


def best_of(*xs):
    xs = [x for x in xs if x]
    return min(xs, key=ns) if xs else None


def w1():
    eng = lines("engine.jsonl")
    npy, npa, npc = last("numpy.jsonl"), last("numpy_alias.jsonl"), last("numpy_counts.jsonl")
    single = next((x for x in eng if x["impl"] == "engine" and x["mode"] == "single_thread"),
                  None)
    rep = sorted((x for x in eng if x["impl"] == "engine" and x["mode"] == "replicate"),
                 key=lambda x: x["threads"])
    ctrl = next((x for x in eng if x["impl"] == "engine"
                 and x["mode"] == "independent_threads"), None)
    floor = next((x for x in eng if x["impl"] == "floor"), None)
    guide = next((x for x in eng if x["impl"] == "floor_guide"), None)
    one, allc = (rep[0], rep[-1]) if rep else (None, None)
    n = single["residents"] if single else (npy or {}).get("residents", "?")
    print(f"\n### W1, N = {n}, T = 120 (ns per resident-month = wall / (N x T x R), "
          "exited residents included)\n")
    header()
    row(f"numpy per resident ({npy['method']}, batch {npy['batch']})" if npy else
        "numpy per resident", npy, "fastest per-resident idiom found")
    row(f"numpy per resident ({npa['method']}, batch {npa['batch']})" if npa else
        "numpy per resident (alias)", npa, "textbook idiom, for reference")
    row(f"numpy counts (multinomial, batch {npc['batch']})" if npc else "numpy counts", npc,
        "exact counts peer")
    row("engine, 1 thread (simulate loop)", single)
    row("engine, replicate, 1 thread", one)
    row(f"engine, replicate, {allc['threads'] if allc else '?'} threads", allc)
    row(f"control: {ctrl['threads'] if ctrl else '?'} plain threads, nothing shared", ctrl,
        "what the machine allows now")
    row("floor: next_u64 + AliasRow::sample", floor)
    row("floor, engine's sampling: 10-bit cell+guide", guide, "the engine's own idiom")
    print()
    best = best_of(npy, npc)
    ratio("best numpy / engine 1 thread", ns(best), ns(single), "target >= 1.5")
    ratio("numpy per resident / engine 1 thread", ns(npy), ns(single), "for reference")
    if one and allc and one is not allc:
        sc = ns(one) / ns(allc)
        ctl = ns(one) / ns(ctrl) if ctrl else None
        need = ("target >= 1.8, the control reaches 1.8" if ctl is not None and ctl >= 1.8 else
                "target >= 1.8 only when the control reaches 1.8; it does not now")
        print(f"{'scaling 1 -> ' + str(allc['threads']) + ' threads (replicate)':<44} = "
              f"{sc:7.2f}x  ({need})")
        if ctl is not None:
            print(f"{'scaling 1 -> ' + str(ctrl['threads']) + ' plain threads (control)':<44} "
                  f"= {ctl:7.2f}x  (the ceiling the machine gives this minute)")
    ratio("engine 1 thread / floor", ns(single), ns(floor), "for reference: one draw + lookup")
    if npy and npy.get("se_total_cost"):
        z = (npy["mean_total_cost"] - npy["exact_total_cost"]) / npy["se_total_cost"]
        print(f"numpy mean total cost {npy['mean_total_cost']:,.0f} +- "
              f"{npy['se_total_cost']:,.0f} (exact {npy['exact_total_cost']:,.0f}, z = "
              f"{z:+.2f})" + (f"; engine mean {single['mean_total_cost']:,.0f}" if single
                              else ""))


def w2():
    for n, eng_file in ((9999, "w2_4.jsonl"), (99990, "w2_5.jsonl")):
        eng = last(eng_file)
        res, cnt = last(f"w2_resident_{n}.jsonl"), last(f"w2_counts_{n}.jsonl")
        print(f"\n### W2, N = {n:,} (capacity {round(n / 20)}), T = 120\n")
        header()
        row(f"numpy per resident (batch {res['batch']})" if res else "numpy per resident", res)
        row(f"numpy counts (batch {cnt['batch']})" if cnt else "numpy counts", cnt)
        row("engine, 1 thread", eng,
            f"{eng['ms_per_replication']:.1f} ms per replication" if eng else "")
        print()
        target = "target >= 1.5" if n == 99990 else "for reference"
        ratio("best numpy / engine 1 thread", ns(best_of(res, cnt)), ns(eng), target)
        for name, x in (("engine", eng), ("numpy per resident", res), ("numpy counts", cnt)):
            if x:
                print(f"  {name:<20} mean total cost {x['mean_total_cost']:,.0f} (sd "
                      f"{x.get('sd_total_cost', float('nan')):,.0f}), final waiting list "
                      f"{x.get('mean_final_waiting', float('nan')):.1f}")


def w1_1e6():
    eng, cnt, res = last("w1_6.jsonl"), last("w1_6_counts.jsonl"), last("w1_6_numpy.jsonl")
    print("\n### W1, N = 999,999, T = 120\n")
    header()
    row("numpy counts (multinomial)", cnt)
    row("numpy per resident (guide)", res, "" if res else "W1_1E6_RESIDENT=1 to run it")
    row("engine, 1 thread", eng, f"{eng['ms_per_replication']:.1f} ms per replication"
        if eng else "")
    print()
    ratio("best numpy / engine 1 thread", ns(best_of(cnt, res)), ns(eng), "for reference")


def national():
    xs = lines("national.jsonl")
    print("\n### National scale (scenarios/bench/national.json)\n")
    if not xs:
        print("not run")
        return
    x0 = xs[0]
    print(f"N = {x0['residents']:,} at the start, T = {x0['months']}, R = {x0['replications']}")
    print(f"| {'threads':>7} | {'ms per replication':>18} | {'median':>9} | "
          f"{'ns/resident-month':>17} |")
    print(f"|{'-' * 9}|{'-' * 20}|{'-' * 11}|{'-' * 19}|")
    for x in xs:
        print(f"| {x['threads']:>7} | {x['ms_per_replication']:18.1f} | "
              f"{x['ms_per_replication_median']:9.1f} | {x['ns_per_resident_month']:17.3f} |")


def main():
    npy = last("numpy.jsonl") or {}
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print(f"\nBenchmarks, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; nproc "
          f"{nproc}; CPU {cpu_model()}; numpy {npy.get('numpy', '?')}, Python "
          f"{npy.get('python', '?')}")
    w1()
    w2()
    w1_1e6()
    national()
    print(f"\ncores busy during the 2 s before the run: {os.environ.get('BUSY_BEFORE', '?')}; "
          f"load average after: {os.environ.get('LOAD_AFTER', '?')} (anything else running "
          "skews the timings and above all the scaling)")
    print(f"raw JSON lines: {out}")


if __name__ == "__main__":
    main()
