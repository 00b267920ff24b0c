#!/usr/bin/env bash
# Runs NumPy's analysis and margin-explorer's, alternately, ROUNDS times on the same files, so that a machine
# shared with other work disturbs both alike. Usage: Benchmarks/compare_analyze.sh [ROUNDS] [FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
folder=${2:-/tmp/margin-explorer-bench}
mkdir -p "$folder"
binary=.build/release/margin-explorer
for round in $(seq "$rounds"); do  # bench first: it writes the files when they are missing
    echo "round $round, load $(cut -d' ' -f1 /proc/loadavg)"
    /usr/bin/time -f "margin-explorer: wall %e s, user %U s, sys %S s" \
        "$binary" bench --only analyze_samples_100000x512_10000_ms,analyze_100000x512_10000_ms --data "$folder"
    /usr/bin/time -f "numpy: wall %e s, user %U s, sys %S s" python3 Benchmarks/numpy_analyze.py "$folder"
done
