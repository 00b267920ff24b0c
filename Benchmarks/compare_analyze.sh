#!/usr/bin/env bash
# Runs NumPy's analysis and margin-explorer's, alternately, ROUNDS times on the same files, so that a machine
# shared with other work disturbs both alike. Usage: Benchmarks/compare_analyze.sh [ROUNDS] [FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
folder=${2:-/tmp/margin-explorer-bench}
mkdir -p "$folder"
binary=.build/release/margin-explorer
"$binary" bench --only analyze_samples_100000x512_10000_ms --data "$folder" --dry-run >/dev/null
for round in $(seq "$rounds"); do
    echo "round $round, load $(cut -d' ' -f1 /proc/loadavg)"
    python3 Benchmarks/numpy_analyze.py "$folder"
    "$binary" bench --only analyze_samples_100000x512_10000_ms,analyze_100000x512_10000_ms --data "$folder"
done
