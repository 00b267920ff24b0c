#!/usr/bin/env bash
# Times the whole `analyze` process (release build) on bench's model, 100,000 x 512 float32 embeddings against
# 10,000 classes, for ArcFace (the paper losses' scan) and each newer loss, one after another, ROUNDS times, so that
# the newer losses' extra work per row (the farthest class, CurricularFace's threshold neighbours, the rule's test
# per sample, dynamic AdaCos's exponentials and its double-precision product, the sub-centre rows) is measured
# against the paper path on the same machine state. Sub-center ArcFace reads the 10,000 rows as 5,000 classes of
# 2 sub-centres (labels halved, written once next to the model as labels_half.npy). Each line: the load average
# before it, wall and CPU time, peak memory.
# Usage: Benchmarks/analyze_losses.sh [ROUNDS] [FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}
folder=${2:-/tmp/margin-explorer-bench}
binary=.build/release/margin-explorer
mkdir -p "$folder"
[ -f "$folder/embeddings.npy" ] || "$binary" bench --only analyze_samples_100000x512_10000_ms --data "$folder" > /dev/null
[ -f "$folder/labels_half.npy" ] || python3 -c "import numpy as np, sys; \
np.save(sys.argv[1] + '/labels_half.npy', np.load(sys.argv[1] + '/labels.npy') // 2)" "$folder"
model=(--embeddings "$folder/embeddings.npy" --weights "$folder/weights.npy")
losses=("arcface" "adacos" "adacos --dynamic" "curricularface" "magface" "adaface" "elastic_arcface" "circle"
        "subcenter_arcface --sub-centers 2")
for round in $(seq "$rounds"); do
    for loss in "${losses[@]}"; do
        labels="$folder/labels.npy"
        [[ $loss == subcenter* ]] && labels="$folder/labels_half.npy"
        printf '%-36s load %s  ' "$loss" "$(cut -d' ' -f1 /proc/loadavg)"
        # shellcheck disable=SC2086
        /usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M KB" \
            "$binary" analyze "${model[@]}" --labels "$labels" --loss $loss --json 2>&1 > /dev/null | tail -n 1
    done
done
