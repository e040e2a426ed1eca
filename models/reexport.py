"""Re-exports the committed SE-LeNet models (MNIST and Fashion-MNIST) through the export tool
(models/export.py), without retraining: each one's weights are read back from its .onnx into
models/se_lenet.py's SELeNet (batch norm already folded; widths from its manifest), and exported
again with the arguments models/train.py passes, the figures measured after training (metrics,
data, training) kept from the manifest.

    /usr/bin/python3 models/reexport.py [--out DIR] [--model mnist|fashion|all] [--version X.Y.Z]

--out defaults to models/ (in place); --version to the manifest's (one version for every model
named: use it with --model). The .onnx comes out byte-identical and the probe identical
(test/node/export.test.mjs checks both): the tool exports exactly what train.py exported before
it existed. Besides, the tool writes each model's inspection graph (<name>.inspect.onnx) and its
PyTorch reference (<name>.inspect-golden.json). In place, the manifest is written the way
models/finalize.mjs writes it (JSON.stringify, two-space indents), so that only what changed
shows in a diff.
"""
import argparse
import json
import os
import subprocess
import sys

import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from data import load_mnist  # noqa: E402
from export import export_se_model  # noqa: E402
from se_lenet import REDUCTION, SEBlock, SELeNet, attention_blocks  # noqa: E402

MODELS = {"mnist": "se-lenet-mnist", "fashion": "se-lenet-fashion"}


def model_from_onnx(path, widths=(6, 16, 120)):
    """The folded SELeNet holding the weights of an exported one. The SE blocks' bias-free
    linear layers were exported as MatMul with transposed weights (named onnx::MatMul_<k>, in
    the order of the forward pass); conv3 as a Gemm over its flattened kernel."""
    graph = onnx.load(path).graph
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
    matmuls = iter(sorted((k for k in weights if k.startswith("onnx::MatMul_")), key=lambda k: int(k.rsplit("_", 1)[1])))
    model = SELeNet(batch_norm=False, widths=widths)
    state = model.state_dict()
    for key in state:
        value = weights[next(matmuls)].t() if key.startswith("se") else weights[key]
        state[key] = value.reshape(state[key].shape)
    model.load_state_dict(state)
    return model.eval()


def reexport(dataset, out, version=None):
    name = MODELS[dataset]
    manifest = json.load(open(os.path.join(HERE, f"{name}.manifest.json")))
    widths = tuple(b["channels"] for b in manifest["attention"])
    model = model_from_onnx(os.path.join(HERE, f"{name}.onnx"), widths)
    images, labels = load_mnist("test", dataset)
    probe = manifest["probe"]
    export_se_model(
        model, os.path.join(out, f"{name}.onnx"), name=name, version=version or manifest["version"],
        labels=manifest["labels"], input_shape=(1, 28, 28), preprocessing=manifest["input"]["preprocessing"],
        convention=manifest["input"]["convention"], se_type=SEBlock,
        blocks={b["name"]: {"position": b["position"], "reduction": REDUCTION} for b in attention_blocks(widths)},
        probe_inputs={"inputs": torch.from_numpy(images[probe["testIndex"]]).unsqueeze(1),
                      "labels": [int(labels[i]) for i in probe["testIndex"]], "testIndex": probe["testIndex"]},
        extra={"task": manifest["task"], **{k: manifest[k] for k in ("metrics", "data", "training")}})
    manifest_path = os.path.join(out, f"{name}.manifest.json")
    if os.path.abspath(out) == HERE:
        # As models/finalize.mjs writes it (the committed form).
        subprocess.run(["node", "-e", "const fs = require('fs'); const p = process.argv[1]; "
                        "fs.writeFileSync(p, JSON.stringify(JSON.parse(fs.readFileSync(p, 'utf8')), null, 2) + '\\n');",
                        manifest_path], check=True)
    print(f"re-exported {name} into {out}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=HERE)
    p.add_argument("--model", choices=["mnist", "fashion", "all"], default="all")
    p.add_argument("--version", help="the version to write (default: the manifest's)")
    args = p.parse_args()
    if args.version and args.model == "all":
        p.error("--version needs --model mnist or --model fashion (the models have their own versions)")
    for dataset in (MODELS if args.model == "all" else [args.model]):
        reexport(dataset, args.out, args.version)


if __name__ == "__main__":
    main()
