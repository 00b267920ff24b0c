"""One epoch of the digits in PyTorch on one CPU thread, the loop margin-explorer's train_epoch_ms is compared with.

Network 64-128-128-2 (ReLU), class weights W (10 x 2, no bias), softmax cross-entropy, Adam lr 0.01 with weight
decay 5e-4 on weights, batch 128, 1,438 training images scaled to [0, 1] per column. Prints the median epoch time
over 20 epochs after 3 untimed ones.
"""
import sys, time, numpy as np, torch

torch.set_num_threads(1)
torch.manual_seed(1)
path = sys.argv[1]
data = np.loadtxt(path, delimiter=",")
x, y = data[:, :-1].astype(np.float32), data[:, -1].astype(np.int64)
rng = np.random.default_rng(1)
order = rng.permutation(len(x))
train = order[:1438]
x, y = x[train], y[train]
low, high = x.min(0), x.max(0)
span = np.where(high > low, high - low, 1)
x = (x - low) / span
x, y = torch.from_numpy(x), torch.from_numpy(y)

net = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128), torch.nn.ReLU(),
                          torch.nn.Linear(128, 2))
head = torch.nn.Linear(2, 10, bias=False)
params = list(net.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=0.01, weight_decay=5e-4)
loss_fn = torch.nn.CrossEntropyLoss()

def epoch(generator):
    perm = torch.randperm(len(x), generator=generator)
    for start in range(0, len(x), 128):
        idx = perm[start:start + 128]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(head(net(x[idx])), y[idx])
        loss.backward()
        opt.step()

g = torch.Generator().manual_seed(1)
for _ in range(3):
    epoch(g)
times = []
for _ in range(20):
    t0 = time.perf_counter()
    epoch(g)
    times.append((time.perf_counter() - t0) * 1e3)
times.sort()
print(f"torch {torch.__version__}, threads {torch.get_num_threads()}: median epoch {times[len(times)//2]:.3f} ms "
      f"(min {times[0]:.3f}, max {times[-1]:.3f})")
