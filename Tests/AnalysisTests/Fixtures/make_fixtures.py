"""Makes the model fixtures of AnalysisTests and the README's "Your own model" example, and computes the numbers
analyze must report with NumPy in float64, independently of the Swift code: per-sample angles, nearest classes,
norms, the ArcFace (m = 0.5, s = 64, with insightface's fallback) margin test and predictions, and the summary.

Run from this folder: python3 make_fixtures.py  (numpy only). It writes
  model.npz            embeddings (300 x 16 float32), labels (300 int64), weights (10 x 16 float32)
  weights_dxk.npy      the same weights transposed (16 x 10), as pytorch-metric-learning stores them
  expected_samples.csv index,label,theta_target_deg,theta_nearest_deg,nearest_class,norm,meets_margin,predicted
  expected_summary.json
"""
import json
import numpy as np

rng = np.random.default_rng(2024)
n, d, k = 300, 16, 10
w = rng.standard_normal((k, d)).astype(np.float32)
w[7] = (w[3] + 0.15 * rng.standard_normal(d)).astype(np.float32)  # two close classes: a small weight gap
labels = rng.integers(0, k, n).astype(np.int64)
unit_w = w / np.linalg.norm(w, axis=1, keepdims=True)
spread = rng.uniform(0.2, 1.2, n)[:, None]
x = (unit_w[labels] + spread * rng.standard_normal((n, d)) / np.sqrt(d)) * rng.uniform(5, 40, n)[:, None]
x = x.astype(np.float32)
np.savez("model.npz", embeddings=x, labels=labels, weights=w)
np.save("weights_dxk.npy", np.ascontiguousarray(w.T))

# The independent computation, in float64 from the float32 values.
xd, wd = x.astype(np.float64), w.astype(np.float64)
norm = np.linalg.norm(xd, axis=1)
cos = np.clip((xd / norm[:, None]) @ (wd / np.linalg.norm(wd, axis=1, keepdims=True)).T, -1, 1)
rows = np.arange(n)
target = cos[rows, labels]
others = cos.copy()
others[rows, labels] = -np.inf
nearest_class = others.argmax(1)
nearest = others[rows, nearest_class]
theta_target = np.degrees(np.arccos(target))
theta_nearest = np.degrees(np.arccos(nearest))
m, s = 0.5, 64.0
theta = np.arccos(target)
arc = np.where(theta + m <= np.pi, np.cos(theta + m), target - m * np.sin(m))
meets = s * arc > s * nearest
predicted = cos.argmax(1)

with open("expected_samples.csv", "w") as f:
    f.write("index,label,theta_target_deg,theta_nearest_deg,nearest_class,norm,meets_margin,predicted\n")
    for i in range(n):
        f.write(f"{i},{labels[i]},{float(theta_target[i])!r},{float(theta_nearest[i])!r},{nearest_class[i]},{float(norm[i])!r},"
                f"{int(meets[i])},{predicted[i]}\n")

def distribution(v):
    return {"mean": float(v.mean()), "median": float(np.percentile(v, 50)), "p05": float(np.percentile(v, 5)),
            "p95": float(np.percentile(v, 95)), "min": float(v.min()), "max": float(v.max())}

def min_gap(vectors):
    u = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    g = np.clip(u @ u.T, -1, 1)
    np.fill_diagonal(g, -np.inf)
    return float(np.degrees(np.arccos(g.max())))

centres = np.stack([(xd[labels == c] / norm[labels == c][:, None]).sum(0) for c in range(k)])
summary = {
    "samples": n, "classes": k, "dimension": d,
    "theta_target_deg": distribution(theta_target), "theta_nearest_deg": distribution(theta_nearest),
    "norm": distribution(norm),
    "fraction_meeting_margin": float(meets.mean()), "fraction_misclassified": float((predicted != labels).mean()),
    "min_weight_gap_deg": min_gap(wd), "min_center_gap_deg": min_gap(centres),
    "histogram_theta_target": np.histogram(np.minimum(theta_target, 180), bins=36, range=(0, 180))[0].tolist(),
}
with open("expected_summary.json", "w") as f:
    json.dump(summary, f, indent=1)
print("fraction meeting the margin", summary["fraction_meeting_margin"])
