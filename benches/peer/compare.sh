#!/usr/bin/env bash
# W1 in one session: the engine (benches/w1_speed.rs) next to the numpy peer
# (benches/peer/w1_numpy.py), in ns per resident-month = wall time / (N x T x R).
#
#   benches/peer/compare.sh [ENGINE_REPLICATIONS [NUMPY_REPLICATIONS]]
#
# Defaults: 40 engine replications (each measurement takes ~0.1-0.3 s, timed 7 times after a
# warm-up, best and median reported) and 200 numpy replications (~1 s, also timed 3 times after a warm-up); about a
# minute in all when the bench is already compiled. Installs numpy with pip when missing.
# Prints a table with the ratios, the date, nproc and the CPU model; the raw JSON lines are
# kept in the directory it names. Run on an otherwise idle machine: with 2 cores, anything
# else running (a compile) skews the timings and makes the 1 -> all-cores scaling meaningless.
set -euo pipefail

cd "$(dirname "$0")/../.."
R_ENGINE=${1:-40}
R_NUMPY=${2:-200}
# share of all cores busy over 2 s before starting (other tenants' compiles show up here)
BUSY_BEFORE=$(python3 -c '
import time
def snap():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return v[3] + v[4], sum(v)
i0, t0 = snap(); time.sleep(2); i1, t1 = snap()
print(f"{100 * (1 - (i1 - i0) / max(1, t1 - t0)):.0f}%")
' 2>/dev/null || echo "?")
OUT=$(mktemp -d "${TMPDIR:-/tmp}/w1-compare.XXXXXX")

if ! python3 -c 'import numpy' 2>/dev/null; then
    echo "numpy missing: python3 -m pip install --quiet numpy" >&2
    python3 -m pip install --quiet numpy
fi

echo "== engine: cargo bench --bench w1_speed -- --replications $R_ENGINE --repeats 7" >&2
cargo bench --bench w1_speed -- --replications "$R_ENGINE" --repeats 7 >"$OUT/engine.jsonl"

echo "== numpy: python3 benches/peer/w1_numpy.py --replications $R_NUMPY --repeats 3" >&2
python3 benches/peer/w1_numpy.py --replications "$R_NUMPY" --repeats 3 >"$OUT/numpy.jsonl"
# the textbook idiom for reference: alias tables + fancy indexing, one replication per array
python3 benches/peer/w1_numpy.py --replications "$((R_NUMPY / 4 > 0 ? R_NUMPY / 4 : 1))" \
    --method alias --batch 1 --repeats 3 >"$OUT/numpy_alias.jsonl"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
export BUSY_BEFORE LOAD_AFTER

python3 - "$OUT" <<'EOF'
import datetime, json, os, subprocess, sys

out = sys.argv[1]

def lines(name):
    with open(os.path.join(out, name)) as f:
        return [json.loads(l) for l in f if l.startswith("{")]

eng = lines("engine.jsonl")
npy = lines("numpy.jsonl")[-1]
npa = lines("numpy_alias.jsonl")[-1]
single = next(x for x in eng if x["impl"] == "engine" and x["mode"] == "single_thread")
rep = sorted((x for x in eng if x["impl"] == "engine" and x["mode"] == "replicate"),
             key=lambda x: x["threads"])
floor = next(x for x in eng if x["impl"] == "floor")
guide = next((x for x in eng if x["impl"] == "floor_guide"), None)
one, allc = rep[0], rep[-1]
ctrl = next((x for x in eng if x["impl"] == "engine" and x["mode"] == "independent_threads"), None)

cpu = "?"
try:
    with open("/proc/cpuinfo") as f:
        cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
except (OSError, StopIteration):
    pass
nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()

def row(name, x, reps, note=""):
    med = x.get("ns_per_resident_month_median")
    med = f"{med:8.2f}" if med is not None else "       -"
    print(f"| {name:<42} | {x['ns_per_resident_month']:8.2f} | {med} | {reps:>5} | {note}")

print()
print(f"W1 speed, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; nproc {nproc}; "
      f"CPU {cpu}; numpy {npy['numpy']}, Python {npy['python']}")
print(f"N = {single['residents']}, T = {single['months']}; "
      "ns per resident-month = wall / (N x T x R), exited residents included")
print()
print(f"| {'measurement':<42} | {'best':>8} | {'median':>8} | {'R':>5} | note")
print(f"|{'-' * 44}|{'-' * 10}|{'-' * 10}|{'-' * 7}|------")
row(f"numpy ({npy['method']}, batch {npy['batch']})", npy, npy["replications"],
    "fastest idiom found")
row(f"numpy ({npa['method']}, batch {npa['batch']})", npa, npa["replications"],
    "textbook idiom, for reference")
row("engine, 1 thread (simulate loop)", single, single["replications"])
row("engine, replicate, 1 thread", one, one["replications"])
row(f"engine, replicate, {allc['threads']} threads", allc, allc["replications"])
if ctrl:
    row(f"control: {ctrl['threads']} plain threads, nothing shared", ctrl, ctrl["replications"],
        "what the machine allows now")
row("floor: next_u64 + AliasRow::sample", floor, floor["replications"])
if guide:
    row("floor, engine's sampling: 10-bit cell+guide", guide, guide["replications"],
        "the engine's own idiom")
print()
e1 = single["ns_per_resident_month"]
print(f"numpy / engine 1 thread        = {npy['ns_per_resident_month'] / e1:6.2f}x   "
      "(target >= 4)")
print(f"engine 1 thread / floor        = {e1 / floor['ns_per_resident_month']:6.2f}x   "
      "(target <= 1.5; floor = one 64-bit draw + one alias lookup, see docs/benchmarks.md (W1))")
if guide:
    print(f"engine 1 thread / guide floor  = {e1 / guide['ns_per_resident_month']:6.2f}x   "
          "(for reference: the bare loop with the engine's own sampling)")
    print(f"numpy / guide floor            = {npy['ns_per_resident_month'] / guide['ns_per_resident_month']:6.2f}x   "
          "(the most any engine with this sampling could gain on numpy)")
print(f"scaling 1 -> {allc['threads']} threads (replicate) = "
      f"{one['ns_per_resident_month'] / allc['ns_per_resident_month']:6.2f}x   (target >= 1.8 for 2)")
if ctrl:
    print(f"scaling 1 -> {ctrl['threads']} plain threads   = "
          f"{one['ns_per_resident_month'] / ctrl['ns_per_resident_month']:6.2f}x   "
          "(the control: the ceiling the machine gives this minute)")
print()
z = (npy["mean_total_cost"] - npy["exact_total_cost"]) / npy["se_total_cost"]
print(f"numpy mean total cost {npy['mean_total_cost']:,.0f} +- {npy['se_total_cost']:,.0f} "
      f"(exact {npy['exact_total_cost']:,.0f}, z = {z:+.2f}); "
      f"engine mean {single['mean_total_cost']:,.0f} over {single['replications']} replications")
print(f"cores busy during the 2 s before the run: {os.environ.get('BUSY_BEFORE')}; load average "
      f"after: {os.environ.get('LOAD_AFTER')} (anything else running skews the timings and "
      "above all the scaling)")
print(f"raw JSON lines: {out}")
EOF
