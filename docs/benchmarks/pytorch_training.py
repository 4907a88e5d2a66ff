#!/usr/bin/env python3
"""PyTorch twin of `era train` for the throughput comparison in docs/benchmarks-training.md.

Same networks as org.era4j.nn.Models (paper FCN / CNN), same recipe (Adam lr 1e-3, L2 1e-3 on
non-rational parameters, batch 64, shuffled full Fashion-MNIST), same ERA formula (n = 2, layer
or per-channel sharing) written with plain autograd ops. Prints training images/s measured like
`era train` (wall time of the training loop over an epoch, evaluation excluded).

Run (Debian python3-torch 1.13):
  OPENBLAS_NUM_THREADS=1 python3 docs/benchmarks/pytorch_training.py --model cnn --act relu --threads 2
"""
import argparse
import gzip
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Era(nn.Module):
    """y = a x + b + sum_i (c_i x + d_i) / ((x - e_i)^2 + f_i^2 + eps), n = 2 terms."""

    def __init__(self, channels, sharing, channels_first):
        super().__init__()
        sets = 1 if sharing == "layer" else channels
        init = torch.tensor([0.5, 0.1, 0.5, 0.0, 0.0, 1.0, 0.2, 0.1, 1.0, 0.8])
        self.p = nn.Parameter(init.repeat(sets, 1))  # (sets, 10)
        self.sharing = sharing
        self.channels_first = channels_first
        self.eps = 1e-6

    def forward(self, x):
        p = self.p
        if self.sharing == "layer":
            cols = [p[0, i] for i in range(10)]
        else:
            shape = (1, -1, 1, 1) if self.channels_first else (1, -1)
            cols = [p[:, i].reshape(shape) for i in range(10)]
        a, b, c1, d1, e1, f1, c2, d2, e2, f2 = cols
        y = a * x + b
        y = y + (c1 * x + d1) / ((x - e1) ** 2 + f1 * f1 + self.eps)
        y = y + (c2 * x + d2) / ((x - e2) ** 2 + f2 * f2 + self.eps)
        return y


def act(kind, channels, sharing, channels_first):
    return nn.ReLU() if kind == "relu" else Era(channels, sharing, channels_first)


class LayerNorm(nn.Module):
    """era4j's LayerNorm on (N, F): standardise each row, per-feature scale and shift."""

    def __init__(self, f):
        super().__init__()
        self.norm = nn.LayerNorm(f)

    def forward(self, x):
        return self.norm(x)


def cnn(kind, sharing):
    # conv3x3 64 same -> instance norm (affine) -> act, twice; maxpool 2; dense 128 -> layer norm -> act; dense 10
    return nn.Sequential(
        nn.Conv2d(1, 64, 3, padding=1), nn.InstanceNorm2d(64, affine=True), act(kind, 64, sharing, True),
        nn.Conv2d(64, 64, 3, padding=1), nn.InstanceNorm2d(64, affine=True), act(kind, 64, sharing, True),
        nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(64 * 14 * 14, 128), LayerNorm(128), act(kind, 128, sharing, False),
        nn.Linear(128, 10))


def fcn(kind, sharing):
    layers = [nn.Flatten()]
    width = 28 * 28
    for h in (512, 256, 128):
        layers += [nn.Linear(width, h), LayerNorm(h), act(kind, h, sharing, False)]
        width = h
    layers.append(nn.Linear(width, 10))
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="cnn", choices=["cnn", "fcn"])
    ap.add_argument("--act", default="relu", choices=["relu", "era"])
    ap.add_argument("--sharing", default="layer", choices=["layer", "channel"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="first N training images only (0: all)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--data", default=os.environ.get("ERA4J_DATA", "/usr/share/datasets/fashion-mnist"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    x = idx(os.path.join(args.data, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    y = idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    if args.limit:
        x, y = x[:args.limit], y[:args.limit]
    x = torch.from_numpy(x).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(y)
    model = (cnn if args.model == "cnn" else fcn)(args.act, args.sharing)
    decay = [p for n, p in model.named_parameters() if not isinstance(dict(model.named_modules())[n.rsplit(".", 1)[0]], Era)]
    rational = [p for n, p in model.named_parameters() if isinstance(dict(model.named_modules())[n.rsplit(".", 1)[0]], Era)]
    opt = torch.optim.Adam([{"params": decay, "weight_decay": 1e-3}, {"params": rational, "weight_decay": 0.0}],
                           lr=1e-3, eps=1e-7)
    model.train()
    for epoch in range(args.epochs):
        order = torch.randperm(len(x))
        began = time.perf_counter()
        cpu_began = time.process_time()
        seen = 0
        for i in range(0, len(x), args.batch):
            idxs = order[i:i + args.batch]
            xb, yb = x[idxs], y[idxs]
            opt.zero_grad(set_to_none=False)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            seen += len(idxs)
        seconds = time.perf_counter() - began
        cpu = time.process_time() - cpu_began
        print(f"torch {args.model} {args.act}{'' if args.act == 'relu' else ':' + args.sharing} threads={args.threads} "
              f"epoch {epoch + 1}: {seen} images {seconds:.1f} s {seen / seconds:.0f} img/s loss {loss.item():.4f} "
              f"(process CPU {cpu:.1f} s, {1000 * cpu / max(1, seen // args.batch):.1f} ms CPU per batch)",
              flush=True)


if __name__ == "__main__":
    main()
