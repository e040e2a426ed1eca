"""The SDK's `fit` preprocessing in Python (the twin of worker/preprocessing/fit.ts and
normalization.ts): what the browser makes of a picture, for models whose training data
should be prepared the same way, and for tests that compare the SDK with PyTorch.

    from preprocessing import fit
    x = fit(rgba, {"type": "fit", "color": "rgb", "mean": [...], "std": [...]}, (3, 32, 32))

rgba: uint8 [height, width, 4] (as ImageData). Returns float32 [channels, height, width].
The arithmetic follows the TypeScript step by step (doubles, stored as float32 where it
stores them), so the two agree to the last bit or within one float32 rounding.
"""
import math

import numpy as np


def area_weights(source: int, target: int) -> np.ndarray:
    """[target, source]: output pixel o is the mean of the source area it covers."""
    step = source / target
    weights = np.zeros((target, source))
    for o in range(target):
        start, end = o * step, o * step + step
        s = math.floor(start)
        while s < end and s < source:
            weights[o, s] = (min(end, s + 1) - max(start, s)) / step
            s += 1
    return weights


def resample_area(plane: np.ndarray, width: int, height: int) -> np.ndarray:
    """worker/preprocessing/resample.ts: rows first (stored as float32), then columns."""
    sh, sw = plane.shape
    rows = (plane.astype(np.float64) @ area_weights(sw, width).T).astype(np.float32)
    return (area_weights(sh, height) @ rows.astype(np.float64)).astype(np.float32)


def fit(rgba: np.ndarray, preprocessing: dict, input_shape) -> np.ndarray:
    channels, height, width = input_shape
    rgb = preprocessing.get("color", "grayscale") == "rgb"
    invert = preprocessing.get("invert", False)
    pad = preprocessing.get("pad", 0)
    px = rgba.astype(np.float64)
    alpha = px[..., 3] / 255
    colours = [px[..., c] / 255 for c in range(3)] if rgb else \
        [(0.299 * px[..., 0] + 0.587 * px[..., 1] + 0.114 * px[..., 2]) / 255]
    planes = []
    for colour in colours:
        v = alpha * colour + (1 - alpha)
        planes.append((1 - v if invert else v).astype(np.float32))
    h, w = rgba.shape[:2]
    scale = min(width / w, height / h)
    fw = min(width, max(1, _round(w * scale)))
    fh = min(height, max(1, _round(h * scale)))
    x0, y0 = (width - fw) // 2, (height - fh) // 2
    out = np.full((len(planes), height, width), pad, dtype=np.float32)
    for c, plane in enumerate(planes):
        out[c, y0:y0 + fh, x0:x0 + fw] = resample_area(plane, fw, fh)
    if "mean" in preprocessing:
        mean = np.array(preprocessing["mean"], dtype=np.float64)[:, None, None]
        std = np.array(preprocessing["std"], dtype=np.float64)[:, None, None]
        out = ((out.astype(np.float64) - mean) / std).astype(np.float32)
    assert out.shape[0] == channels
    return out


def _round(v: float) -> int:
    """JavaScript's Math.round: halves go up."""
    return math.floor(v + 0.5)
