"""Regenerates the committed test resources of privet-onnx (not run by the tests).

Run from the repository root with Debian's PyTorch (torch 1.13, numpy):

    PYENV_VERSION=system python3 privet-onnx/src/test/python/make_models.py

It writes, into privet-onnx/src/test/resources/org/privet/onnx/:

  data.csv            1,200 records: f0..f19 (float features), label (0..3), member (1 = the
                      target trained on it, 0 = held out and audited, -1 = attacker population)
  mlp_logits.onnx     the target, an MLP 20-64-4 trained in PyTorch on the 400 member rows;
                      output 'logits' [batch, 4]
  mlp_softmax.onnx    the same weights with a final Softmax; output 'probabilities'
  expected_proba.npy  float32 [1200, 4]: PyTorch's softmax of the target on every record
  scores.csv          per record: id, label, member, logit_0..logit_3 (the target's logits)
  logits.npy          float32 [1200, 4], the same logits; labels.npy int64 [1200];
                      member.npy int8 [1200] (1 / 0 / -1 as above)
  ref_logits.npy      float32 [8, 1200, 4]: logits of 8 reference MLPs (same recipe) on every record
  ref_keep.npy        bool [8, 1200]: whether reference model m trained on record i (each
                      record IN for exactly 4 of the 8 models, as Carlini et al.'s LiRA code assigns)

The data: a 4-class Gaussian mixture in 20 dimensions with overlapping classes and 10 % label
noise, so a 400-record training set is fitted perfectly while test accuracy stays well below:
the target overfits and leaks, which the tests then measure.
"""
import os

import numpy as np
import torch

SEED = 20261128
N, D, C = 1200, 20, 4
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org", "privet", "onnx")


def make_data(rng):
    centres = rng.normal(0.0, 1.0, size=(C, D))
    y = rng.integers(0, C, size=N)
    x = centres[y] + rng.normal(0.0, 1.6, size=(N, D))
    flip = rng.random(N) < 0.10
    y = np.where(flip, rng.integers(0, C, size=N), y)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return x.astype(np.float32), y.astype(np.int64)


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(D, 64), torch.nn.ReLU(), torch.nn.Linear(64, C))


def train(x, y, seed, epochs=300):
    torch.manual_seed(seed)
    model = mlp()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(xt), yt)
        loss.backward()
        opt.step()
    model.eval()
    return model


def logits_of(model, x):
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy().astype(np.float32)


def export(model, path, softmax):
    net = torch.nn.Sequential(model, torch.nn.Softmax(dim=1)) if softmax else model
    name = "probabilities" if softmax else "logits"
    torch.onnx.export(net, torch.zeros(1, D), path, input_names=["features"], output_names=[name],
                      dynamic_axes={"features": {0: "batch"}, name: {0: "batch"}}, opset_version=13)


def main():
    torch.set_num_threads(1)
    rng = np.random.default_rng(SEED)
    x, y = make_data(rng)
    member = np.full(N, -1, dtype=np.int8)
    perm = rng.permutation(N)
    member[perm[:400]] = 1
    member[perm[400:800]] = 0
    target = train(x[member == 1], y[member == 1], SEED)
    z = logits_of(target, x)
    acc_in = float((z[member == 1].argmax(1) == y[member == 1]).mean())
    acc_out = float((z[member == 0].argmax(1) == y[member == 0]).mean())
    print(f"target: train accuracy {acc_in:.3f}, held-out accuracy {acc_out:.3f}")

    os.makedirs(OUT, exist_ok=True)
    export(target, os.path.join(OUT, "mlp_logits.onnx"), softmax=False)
    export(target, os.path.join(OUT, "mlp_softmax.onnx"), softmax=True)
    proba = torch.softmax(torch.from_numpy(z).double(), dim=1).float().numpy()
    np.save(os.path.join(OUT, "expected_proba.npy"), proba)

    with open(os.path.join(OUT, "data.csv"), "w") as f:
        f.write(",".join([f"f{j}" for j in range(D)] + ["label", "member"]) + "\n")
        for i in range(N):
            f.write(",".join(str(v) for v in x[i]) + f",{y[i]},{member[i]}\n")
    with open(os.path.join(OUT, "scores.csv"), "w") as f:
        f.write(",".join(["id", "label", "member"] + [f"logit_{k}" for k in range(C)]) + "\n")
        for i in range(N):
            f.write(f"{i},{y[i]},{member[i]}," + ",".join(f"{v:.9g}" for v in z[i]) + "\n")
    np.save(os.path.join(OUT, "logits.npy"), z)
    np.save(os.path.join(OUT, "labels.npy"), y)
    np.save(os.path.join(OUT, "member.npy"), member)

    models = 8
    keep = np.zeros((models, N), dtype=bool)
    ref = np.zeros((models, N, C), dtype=np.float32)
    # Carlini et al.'s assignment: each record is IN for exactly half of the models
    order = rng.uniform(0, 1, size=(models, N)).argsort(0)
    keep = order < models // 2
    for m in range(models):
        ref[m] = logits_of(train(x[keep[m]], y[keep[m]], SEED + 1 + m), x)
    np.save(os.path.join(OUT, "ref_logits.npy"), ref)
    np.save(os.path.join(OUT, "ref_keep.npy"), keep)
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
