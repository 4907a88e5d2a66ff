#!/usr/bin/env python3
"""Load an `era train` checkpoint (checkpoint.safetensors) into an equivalent PyTorch module.

    python3 docs/interop/load_era4j_checkpoint.py RUN_DIR [REFERENCE.safetensors]

RUN_DIR holds checkpoint.safetensors written by `era train --model fcn|cnn --activation era`.
REFERENCE (optional) holds era4j's own `input` (N,1,28,28) and `logits` (N,10), written by
org.era4j.cli.PyTorchReference (src/app tests); the script then prints the max |logit difference|.

Needs torch and numpy only: the safetensors format is read with struct + json (the `safetensors`
package, if installed, reads the same files: safetensors.torch.load_file).
"""
import json
import struct
import sys
from collections import OrderedDict

import numpy as np
import torch
from torch import nn


def read_safetensors(path):
    """{name: torch.Tensor} and the metadata of a safetensors file (F32 only, as era4j writes)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", (name, info["dtype"])
        begin, end = info["data_offsets"]
        data = np.frombuffer(raw, dtype="<f4", count=(end - begin) // 4, offset=8 + n + begin)
        tensors[name] = torch.from_numpy(data.copy()).reshape(info["shape"])
    return tensors, metadata


# The era4j tensors this loader reads and their shapes, for 1x28x28 input and 10 classes:
# `era train --model fcn --activation era` (layer-wide ERA) and
# `era train --model cnn --activation era --sharing channel`, both with the default --degree 4
# (n = 2 fractions, 4n+2 = 10 parameters per set). CheckpointForPyTorchTest (src/app) parses these
# lines and checks them against freshly written checkpoints.
TENSORS = {
    "fcn": {
        "model.dense0.weight": (512, 784),
        "model.dense0.bias": (512,),
        "model.norm0.gamma": (512,),
        "model.norm0.beta": (512,),
        "model.act0.era": (1, 10),
        "model.dense1.weight": (256, 512),
        "model.dense1.bias": (256,),
        "model.norm1.gamma": (256,),
        "model.norm1.beta": (256,),
        "model.act1.era": (1, 10),
        "model.dense2.weight": (128, 256),
        "model.dense2.bias": (128,),
        "model.norm2.gamma": (128,),
        "model.norm2.beta": (128,),
        "model.act2.era": (1, 10),
        "model.logits.weight": (10, 128),
        "model.logits.bias": (10,),
    },
    "cnn": {
        "model.conv0.weight": (64, 1, 3, 3),
        "model.conv0.bias": (64,),
        "model.norm0.gamma": (64, 1, 1),
        "model.norm0.beta": (64, 1, 1),
        "model.act0.era": (64, 10),
        "model.conv1.weight": (64, 64, 3, 3),
        "model.conv1.bias": (64,),
        "model.norm1.gamma": (64, 1, 1),
        "model.norm1.beta": (64, 1, 1),
        "model.act1.era": (64, 10),
        "model.dense.weight": (128, 12544),
        "model.dense.bias": (128,),
        "model.norm2.gamma": (128,),
        "model.norm2.beta": (128,),
        "model.act2.era": (128, 10),
        "model.logits.weight": (10, 128),
        "model.logits.bias": (10,),
    },
}

ERA_EPS = 1e-3   # EraSpec.DEFAULT_EPS, added to every denominator
NORM_EPS = 1e-3  # NormLayer.DEFAULT_EPS, added to the (biased) variance


class Era(nn.Module):
    """sigma(x) = a x + b + sum_i (c_i x + d_i) / ((x - e_i)^2 + f_i^2 + eps).

    `era` has shape (sets, 4n+2), each row [a, b, c1, d1, e1, f1, ..., cn, dn, en, fn]; one set
    for the whole layer, or one per channel (channel axis 1 for NCHW, the last axis for features);
    `sets` < channels means contiguous groups of channels // sets channels.
    """

    def __init__(self, sets, n, channel_axis, eps=ERA_EPS):
        super().__init__()
        self.era = nn.Parameter(torch.zeros(sets, 4 * n + 2))
        self.n, self.channel_axis, self.eps = n, channel_axis, eps

    def forward(self, x):
        p = self.era
        if p.shape[0] > 1:
            channels = x.shape[self.channel_axis]
            p = p.repeat_interleave(channels // p.shape[0], dim=0)           # (C, 4n+2)
            view = [1] * x.dim()
            view[self.channel_axis] = channels
            col = lambda k: p[:, k].reshape(view)
        else:
            col = lambda k: p[0, k]
        y = col(0) * x + col(1)
        for i in range(self.n):
            c, d, e, f = (col(2 + 4 * i + j) for j in range(4))
            y = y + (c * x + d) / ((x - e) ** 2 + f * f + self.eps)
        return y


class Norm(nn.Module):
    """era4j's LayerNorm (over the features of (N, F)) and InstanceNorm (over H, W of each NCHW
    channel): (x - mean) / sqrt(biased var + eps) * gamma + beta, gamma/beta shaped (F) or (C,1,1)."""

    def __init__(self, shape, dims, eps=NORM_EPS):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        self.dims, self.eps = dims, eps

    def forward(self, x):
        mean = x.mean(dim=self.dims, keepdim=True)
        var = ((x - mean) ** 2).mean(dim=self.dims, keepdim=True)
        return (x - mean) / torch.sqrt(var + self.eps) * self.gamma + self.beta


def fcn(shapes):
    n = (shapes["model.act0.era"][1] - 2) // 4
    layers = [("flatten", nn.Flatten())]
    for i in range(3):
        out, inp = shapes[f"model.dense{i}.weight"]
        layers += [(f"dense{i}", nn.Linear(inp, out)), (f"norm{i}", Norm((out,), (-1,))),
                   (f"act{i}", Era(shapes[f"model.act{i}.era"][0], n, -1))]
    out, inp = shapes["model.logits.weight"]
    return nn.Sequential(OrderedDict(layers + [("logits", nn.Linear(inp, out))]))


def cnn(shapes):
    n = (shapes["model.act0.era"][1] - 2) // 4
    layers = []
    for i in range(2):
        out, inp = shapes[f"model.conv{i}.weight"][:2]
        layers += [(f"conv{i}", nn.Conv2d(inp, out, 3, padding=1)),     # era4j SAME, stride 1
                   (f"norm{i}", Norm((out, 1, 1), (2, 3))),               # instance norm
                   (f"act{i}", Era(shapes[f"model.act{i}.era"][0], n, 1))]
    out, inp = shapes["model.dense.weight"]
    layers += [("pool", nn.MaxPool2d(2, 2)), ("flatten", nn.Flatten()), ("dense", nn.Linear(inp, out)),
               ("norm2", Norm((out,), (-1,))),                            # instance norm on (N, F) = layer norm
               ("act2", Era(shapes["model.act2.era"][0], n, -1))]
    out, inp = shapes["model.logits.weight"]
    return nn.Sequential(OrderedDict(layers + [("logits", nn.Linear(inp, out))]))


def load(run_dir):
    tensors, metadata = read_safetensors(f"{run_dir}/checkpoint.safetensors")
    kind = metadata["era4j.config.model"]
    expected = TENSORS[kind]
    for name, shape in expected.items():
        if tuple(tensors[name].shape) != shape:
            raise ValueError(f"{name}: shape {tuple(tensors[name].shape)}, this loader expects {shape}")
    shapes = {name: tuple(t.shape) for name, t in tensors.items()}
    model = (fcn if kind == "fcn" else cnn)(shapes)
    # PyTorch names = era4j names without "model."; strict: every parameter present, none left over
    model.load_state_dict({name[len("model."):]: tensors[name] for name in expected}, strict=True)
    return model.eval()


if __name__ == "__main__":
    model = load(sys.argv[1])
    print(model)
    if len(sys.argv) > 2:
        reference, _ = read_safetensors(sys.argv[2])
        with torch.no_grad():
            logits = model(reference["input"])
        diff = (logits - reference["logits"]).abs().max().item()
        same = (logits.argmax(1) == reference["logits"].argmax(1)).float().mean().item()
        print(f"{len(logits)} images: max |logit difference| vs era4j {diff:.3g}, same class on {same:.0%}")
