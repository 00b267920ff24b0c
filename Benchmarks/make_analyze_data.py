"""Writes the model `bench --only analyze` and numpy_analyze.py both read: 100,000 x 512 float32 embeddings,
100,000 int64 labels and 10,000 x 512 float32 class weights, standard normal, seed 1, as .npy files in the folder
given (default /tmp/margin-explorer-bench): embeddings.npy (205 MB), labels.npy, weights.npy (20 MB).

    python3 Benchmarks/make_analyze_data.py [FOLDER]
"""
import os, sys
import numpy as np

folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/margin-explorer-bench"
os.makedirs(folder, exist_ok=True)
n, d, k = 100_000, 512, 10_000
rng = np.random.default_rng(1)
np.save(os.path.join(folder, "weights.npy"), rng.standard_normal((k, d), dtype=np.float32))
np.save(os.path.join(folder, "labels.npy"), rng.integers(0, k, n))
embeddings = np.lib.format.open_memmap(os.path.join(folder, "embeddings.npy"), mode="w+", dtype=np.float32,
                                       shape=(n, d))
for start in range(0, n, 10_000):
    embeddings[start:start + 10_000] = rng.standard_normal((10_000, d), dtype=np.float32)
embeddings.flush()
print(f"wrote {folder}/embeddings.npy, labels.npy, weights.npy")
