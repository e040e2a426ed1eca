"""Re-exports the committed SE-LeNet MNIST model through the export tool (models/export.py),
without retraining: its weights are read back from models/se-lenet-mnist.onnx into
models/se_lenet.py's SELeNet (batch norm already folded), and exported again with the
arguments models/train.py passes, the figures measured after training (metrics, data,
training) kept from the manifest.

    /usr/bin/python3 models/reexport.py [--out DIR]    (default: models/, in place)

The .onnx comes out byte-identical and the probe identical (test/node/export.test.mjs
checks both): the tool exports exactly what train.py exported before it existed.
"""
import argparse
import json
import os
import sys

import onnx
import torch
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from data import load_mnist  # noqa: E402
from export import export_se_model  # noqa: E402
from se_lenet import REDUCTION, SEBlock, SELeNet, attention_blocks  # noqa: E402

NAME = "se-lenet-mnist"


def model_from_onnx(path):
    """The folded SELeNet holding the weights of an exported one. The SE blocks' bias-free
    linear layers were exported as MatMul with transposed weights (named onnx::MatMul_<k>, in
    the order of the forward pass); conv3 as a Gemm over its flattened kernel."""
    graph = onnx.load(path).graph
    weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
    matmuls = iter(sorted((k for k in weights if k.startswith("onnx::MatMul_")), key=lambda k: int(k.rsplit("_", 1)[1])))
    model = SELeNet(batch_norm=False)
    state = model.state_dict()
    for key in state:
        value = weights[next(matmuls)].t() if key.startswith("se") else weights[key]
        state[key] = value.reshape(state[key].shape)
    model.load_state_dict(state)
    return model.eval()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=HERE)
    args = p.parse_args()
    manifest = json.load(open(os.path.join(HERE, f"{NAME}.manifest.json")))
    model = model_from_onnx(os.path.join(HERE, f"{NAME}.onnx"))
    images, labels = load_mnist("test")
    probe = manifest["probe"]
    export_se_model(
        model, os.path.join(args.out, f"{NAME}.onnx"), name=NAME, version=manifest["version"],
        labels=manifest["labels"], input_shape=(1, 28, 28), preprocessing=manifest["input"]["preprocessing"],
        convention=manifest["input"]["convention"], se_type=SEBlock,
        blocks={b["name"]: {"position": b["position"], "reduction": REDUCTION} for b in attention_blocks()},
        probe_inputs={"inputs": torch.from_numpy(images[probe["testIndex"]]).unsqueeze(1),
                      "labels": [int(labels[i]) for i in probe["testIndex"]], "testIndex": probe["testIndex"]},
        extra={"task": manifest["task"], "model": {"macs": manifest["model"]["macs"]},
               **{k: manifest[k] for k in ("metrics", "data", "training")}})
    print(f"re-exported {NAME} into {args.out}")


if __name__ == "__main__":
    main()
