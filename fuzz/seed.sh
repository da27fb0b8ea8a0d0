#!/usr/bin/env bash
# Seed the fuzz corpora with the shipped scenarios (the corpora are generated, not committed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
for target in parse_validate validate_simulate; do
    mkdir -p "$root/fuzz/corpus/$target"
    cp "$root"/scenarios/*.json "$root/fuzz/corpus/$target/"
done
echo "seeded fuzz/corpus/{parse_validate,validate_simulate} with $(ls "$root"/scenarios/*.json | wc -l) scenarios"
