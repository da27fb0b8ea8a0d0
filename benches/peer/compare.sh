#!/usr/bin/env bash
# Every benchmark workload in one session, the engine next to its numpy peers
# (docs/benchmarks.md, "Running the comparison"):
#
#   W1, N = 9,999      engine 1 thread, engine 1 and all threads (driver), plain-threads control,
#                      the floors; numpy per resident (guide, alias), numpy over counts
#   W2, N = 10^4, 10^5 engine 1 thread; numpy per resident, numpy over counts
#   W1, N = 10^6       engine 1 thread; numpy over counts (numpy per resident: W1_1E6_RESIDENT=1)
#   national           engine, ms per replication, 1 and all threads
#
#   benches/peer/compare.sh [ENGINE_REPLICATIONS [NUMPY_REPLICATIONS]]
#
# The two arguments set W1's replications (defaults 40 and 200, as before); the other
# workloads' replications are set so that one measurement takes about 0.2-2 s on the project's
# 2-core machine, and can be changed with environment variables (R_W2_4, R_W2_5, R_W1_6,
# R_NATIONAL for the engine; R_NP_W2_4, R_NP_W2_5, R_NP_COUNTS, R_NP_W1_6 for numpy). Each
# measurement is timed several times after a warm-up; best and median are reported. About
# five minutes in all when the benches are already compiled. Installs numpy with pip when
# missing. Prints one table per workload with the ratios and their targets, the date, nproc
# and the CPU model; the raw JSON lines are kept in the directory it names. Run on an
# otherwise idle machine: with 2 cores, anything else running (a compile) skews the timings
# and makes the 1 -> all-cores scaling meaningless.
set -euo pipefail

cd "$(dirname "$0")/../.."
R_ENGINE=${1:-40}
R_NUMPY=${2:-200}
R_W2_4=${R_W2_4:-20}
R_W2_5=${R_W2_5:-4}
R_W1_6=${R_W1_6:-2}
R_NATIONAL=${R_NATIONAL:-8}
R_NP_W2_4=${R_NP_W2_4:-16}
R_NP_W2_5=${R_NP_W2_5:-4}
R_NP_COUNTS=${R_NP_COUNTS:-256}
R_NP_W1_6=${R_NP_W1_6:-64}
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
OUT=$(mktemp -d "${TMPDIR:-/tmp}/bench-compare.XXXXXX")

if ! python3 -c 'import numpy' 2>/dev/null; then
    echo "numpy missing: python3 -m pip install --quiet numpy" >&2
    python3 -m pip install --quiet numpy
fi

step() { echo "== $*" >&2; }
speed() {   # speed OUTFILE ARGS...: the engine on a scenario file
    local out=$1
    shift
    step "engine: cargo bench --bench scenario_speed -- $*"
    cargo bench --quiet --bench scenario_speed -- "$@" >"$OUT/$out"
}

step "compiling the benches (release)"
cargo bench --quiet --bench w1_speed --bench scenario_speed --no-run >&2

# ---- W1, N = 9,999
step "engine: cargo bench --bench w1_speed -- --replications $R_ENGINE --repeats 7"
cargo bench --quiet --bench w1_speed -- --replications "$R_ENGINE" --repeats 7 >"$OUT/engine.jsonl"
step "numpy: python3 benches/peer/w1_numpy.py --replications $R_NUMPY --repeats 3"
python3 benches/peer/w1_numpy.py --replications "$R_NUMPY" --repeats 3 >"$OUT/numpy.jsonl"
# the textbook idiom for reference: alias tables + fancy indexing, one replication per array
python3 benches/peer/w1_numpy.py --replications "$((R_NUMPY / 4 > 0 ? R_NUMPY / 4 : 1))" \
    --method alias --batch 1 --repeats 3 >"$OUT/numpy_alias.jsonl"
step "numpy counts: python3 benches/peer/w1_counts.py --replications $R_NP_COUNTS --repeats 3"
python3 benches/peer/w1_counts.py --replications "$R_NP_COUNTS" --repeats 3 >"$OUT/numpy_counts.jsonl"

# ---- W2 at N = 10^4 (9,999) and 10^5 (99,990)
speed w2_4.jsonl --scenario scenarios/reference-w2.json --replications "$R_W2_4" --threads 1 --repeats 3
speed w2_5.jsonl --scenario scenarios/reference-w2.json --residents-scale 10 \
    --replications "$R_W2_5" --threads 1 --repeats 3
for n in 9999 99990; do
    r=$([ "$n" = 9999 ] && echo "$R_NP_W2_4" || echo "$R_NP_W2_5")
    step "numpy W2 N=$n: w2_resident.py --replications $r, w2_counts.py --replications $R_NP_COUNTS"
    python3 benches/peer/w2_resident.py --residents "$n" --replications "$r" --batch "$r" \
        --repeats 3 >"$OUT/w2_resident_$n.jsonl"
    python3 benches/peer/w2_counts.py --residents "$n" --replications "$R_NP_COUNTS" \
        --repeats 3 >"$OUT/w2_counts_$n.jsonl"
done

# ---- W1 at N = 10^6 (999,999)
speed w1_6.jsonl --scenario scenarios/bench/w1-1e6.json --replications "$R_W1_6" --threads 1 --repeats 3
step "numpy counts W1 N=999999: w1_counts.py --replications $R_NP_W1_6"
python3 benches/peer/w1_counts.py --residents 999999 --replications "$R_NP_W1_6" --repeats 3 \
    >"$OUT/w1_6_counts.jsonl"
if [ "${W1_1E6_RESIDENT:-0}" = 1 ]; then
    python3 benches/peer/w1_numpy.py --residents 999999 --replications 2 --batch 2 --repeats 2 \
        >"$OUT/w1_6_numpy.jsonl"
fi

# ---- national scale
speed national.jsonl --scenario scenarios/bench/national.json --replications "$R_NATIONAL" \
    --threads 1,all --repeats 3

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
export BUSY_BEFORE LOAD_AFTER
python3 benches/peer/compare_table.py "$OUT"
