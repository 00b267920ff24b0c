"""The computation behind `margin-explorer analyze`, in NumPy (its OpenBLAS, both cores), to compare speeds.

100,000 x 512 float32 embeddings, 10,000 classes: normalise embeddings and class weights, cosines in chunks of rows
(E_chunk @ W.T), then per sample the angle to its own class and the smallest angle to any other class.
Reads the .npy files `margin-explorer bench --only analyze_samples_100000x512_10000_ms` writes and reads (standard
normal from its seeded generator, in /tmp/margin-explorer-bench unless FOLDER is given) into memory first, then
prints the time of the computation alone, three runs, each with the CPU time of all the process's threads
(OpenBLAS's waiting threads included): python3 Benchmarks/numpy_analyze.py [FOLDER]
"""
import os, sys, time, numpy as np

folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/margin-explorer-bench"
e = np.load(os.path.join(folder, "embeddings.npy"))
w = np.load(os.path.join(folder, "weights.npy"))
labels = np.load(os.path.join(folder, "labels.npy"))
(n, d), k, chunk = e.shape, len(w), 4096

def analyze(e, w, labels):
    w = w / np.linalg.norm(w, axis=1, keepdims=True)
    target = np.empty(n, np.float32)
    nearest = np.empty(n, np.float32)
    nearest_class = np.empty(n, np.int64)
    for start in range(0, n, chunk):
        x = e[start:start + chunk]
        x = x / np.linalg.norm(x, axis=1, keepdims=True)
        c = x @ w.T
        rows = np.arange(len(x))
        own = labels[start:start + chunk]
        target[start:start + chunk] = c[rows, own]
        c[rows, own] = -np.inf
        best = c.argmax(1)
        nearest_class[start:start + chunk] = best
        nearest[start:start + chunk] = c[rows, best]
    return np.degrees(np.arccos(np.clip(target, -1, 1))), np.degrees(np.arccos(np.clip(nearest, -1, 1))), nearest_class

times, cpu = [], []
for _ in range(3):
    t0, c0 = time.perf_counter(), time.process_time()
    analyze(e, w, labels)
    times.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
print(f"numpy {np.__version__}: analyze 100000x512 vs 10000 classes: " + ", ".join(f"{t:.2f} s" for t in times)
      + " (CPU of all threads " + ", ".join(f"{c:.2f} s" for c in cpu) + ")")
