#!/bin/bash
# Submit the shards as a Slurm job array of N tasks, then the merge as a job that starts
# when every shard has succeeded.
#   N=4 examples/cluster/submit-slurm.sh
set -euo pipefail
N=${N:-4}
HOUSING_SIM=${HOUSING_SIM:-housing-sim}
PARTS=${PARTS:-parts}
OUT=${OUT:-bergen-merged.json}
here=$(dirname "$0")

array=$(sbatch --parsable --export=ALL --array=1-"$N" "$here/shards.sbatch")
echo "shards: job array $array (1-$N)"
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" \
    --job-name=housing-merge --output=slurm-merge-%j.out \
    --wrap "$HOUSING_SIM merge $PARTS/part-*-of-$N.json --format json --out $OUT")
echo "merge: job $merge, writes $OUT"
