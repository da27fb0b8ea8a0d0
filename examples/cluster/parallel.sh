#!/bin/bash
# The shards on one workstation with GNU parallel (N jobs at once), then the merge.
#   N=4 examples/cluster/parallel.sh
set -euo pipefail
N=${N:-4}
HS=${HOUSING_SIM:-housing-sim}
REPLICATIONS=${REPLICATIONS:-100000}
mkdir -p parts
parallel -j "$N" "$HS" run scenarios/bergen.json --replications "$REPLICATIONS" --seed 42 --threads 1 --shard {}/"$N" --out parts/part-{}-of-"$N".json ::: $(seq "$N") \
  && "$HS" merge parts/part-*-of-"$N".json --format json --out bergen-merged.json
