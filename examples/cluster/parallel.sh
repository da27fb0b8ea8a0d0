#!/bin/bash
# The shards on one workstation with GNU parallel (N jobs at once), then the merge.
set -euo pipefail
N=${N:-4}
mkdir -p parts
parallel -j "$N" housing-sim run scenarios/bergen.json --replications 100000 --seed 42 --threads 1 --shard {}/"$N" --out parts/part-{}-of-"$N".json ::: $(seq "$N") \
  && housing-sim merge parts/part-*-of-"$N".json --format json --out bergen-merged.json
