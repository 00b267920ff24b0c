#!/usr/bin/env bash
# Runs NumPy's analysis and margin-explorer's, alternately, ROUNDS times on the same files, so that a machine
# shared with other work disturbs both alike; each line says the load average before it, the wall time and the CPU
# time (user + system, all threads). margin-explorer's process reads and checks the files once, then makes the
# per-sample pass 3 times (the figure is the median); NumPy's loads the files, then runs 3 times (each printed).
# Usage: Benchmarks/compare_analyze.sh [ROUNDS] [FOLDER] [FIGURES]  (FIGURES default: the per-sample pass only)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
folder=${2:-/tmp/margin-explorer-bench}
figures=${3:-analyze_samples_100000x512_10000_ms}
mkdir -p "$folder"
binary=.build/release/margin-explorer
for round in $(seq "$rounds"); do  # bench first: it writes the files when they are missing
    echo "round $round, load $(cut -d' ' -f1 /proc/loadavg)"
    /usr/bin/time -f "margin-explorer: wall %e s, user %U s, sys %S s, max RSS %M KB" \
        "$binary" bench --only "$figures" --data "$folder" | tail -n +2
    echo "load $(cut -d' ' -f1 /proc/loadavg)"
    /usr/bin/time -f "numpy: wall %e s, user %U s, sys %S s, max RSS %M KB" python3 Benchmarks/numpy_analyze.py "$folder"
done
