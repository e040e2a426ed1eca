"""Exports any PyTorch image classifier with Squeeze-and-Excitation blocks for se-edge: the
.onnx, whose outputs are the logits and the gate of each SE block, and the manifest the SDK
loads it by (`createClassifier({ model: '<name>.manifest.json' })`).

As a function (PyTorch from Debian: run with /usr/bin/python3):

    import sys; sys.path.insert(0, "node_modules/se-edge/models")   # or this folder
    from export import export_se_model

    export_se_model(
        model,                                  # a torch.nn.Module; its forward returns the logits
        "out/my-model.onnx",                    # also writes out/my-model.manifest.json
        labels=["cat", "dog", "bird"],
        input_shape=(3, 32, 32),                # channels, height, width
        preprocessing={"type": "fit", "color": "rgb",
                       "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25]},
        se_type=SEBlock,                        # or se_names=["stage1.se", "stage2.se"]
    )

As a command (the model comes from a factory function in a Python file, weights optional):

    /usr/bin/python3 models/export.py my_net.py:build --weights my_net.pt --out out/my-model.onnx \\
        --labels cat,dog,bird --input-shape 3,32,32 --se-type SEBlock \\
        --preprocessing '{"type": "fit", "color": "rgb"}'

What it does:
- finds the SE modules (every module of `se_type`, or the modules named in `se_names`, in
  the order the forward pass runs them) and takes each one's gate: the second value its
  forward returns, as models/se_lenet.py's SEBlock does (`return u * s, s`), or else the
  output of its sigmoid submodule (torchvision's SqueezeExcitation: `scale_activation`);
- runs the model on the probe inputs and refuses, with a message naming the block, a gate
  that is not [N, C] (or [N, C, 1, 1]) with every value in [0, 1], logits that are not one per
  label, or outputs that differ between a batch and its rows run alone;
- writes the ONNX graph (opset 17, input "input", outputs "logits" and one per block named
  after it, the batch dimension dynamic), rewritten for onnxruntime-web where a convolution
  covers its whole input (models/web_graph.py);
- writes the manifest: sha256 and size of the .onnx, input shape, value range and
  preprocessing, labels, the attention blocks (channels, bottleneck width where it can tell,
  position: the module and the map it gates), and a probe: the inputs with PyTorch's outputs
  and a tolerance, which the SDK reproduces before it trusts a GPU backend.

Preprocessings the SDK knows (the manifest's `input.preprocessing`):
  {"type": "mnist-digit"}      a handwritten digit, the way MNIST was made; input [1, 28, 28]
  {"type": "fit", "color": "grayscale" | "rgb", "invert": false, "pad": 0}
                               the picture as it is: grey (luma) or RGB, optionally inverted,
                               resized to fit the input keeping its aspect ratio, centred,
                               the rest filled with `pad` (a value in [0, 1])
  either with "mean" and "std" (one per channel): each value v in [0, 1] becomes (v - mean) / std.
"""
import argparse
import copy
import hashlib
import importlib.util
import json
import math
import os
import re
import sys

import numpy as np
import onnx
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from inspect_graph import InspectionGraphError, build_inspection_graph  # noqa: E402
from web_graph import full_extent_convs_to_gemm  # noqa: E402

OPSET = 17
INPUT_NAME = "input"
LOGITS_NAME = "logits"
PREPROCESSINGS = {"mnist-digit", "fit"}


class ExportError(ValueError):
    """The model, or what was said about it, cannot make a model se-edge serves."""


def export_se_model(model: nn.Module, onnx_path: str, *, labels, input_shape, preprocessing,
                    se_type=None, se_names=None, name=None, version="1.0.0", probe_inputs=None,
                    probe_count=None, tolerance=1e-3, blocks=None, web_graph=True, extra=None,
                    convention=None, seed=0, inspection=True):
    """Writes `onnx_path` and, beside it, `<name>.manifest.json`; returns the manifest (a dict).

    model           a torch.nn.Module whose forward takes [N, C, H, W] floats and returns the
                    logits [N, len(labels)] (or a tuple whose first item is them). Exported in
                    eval mode; the caller's module is not changed.
    labels          one string per class, in logit order.
    input_shape     (C, H, W) of one input.
    preprocessing   how the SDK turns a picture into an input (see the module's docstring).
    se_type         the SE module class: every module of that type is a block. Or:
    se_names        the qualified names of the SE modules (as in `model.named_modules()`).
    name            the model's name (default: the .onnx file's name without its extension).
    probe_inputs    a few inputs [K, C, H, W] (or a dict with "inputs" and extra fields such as
                    "labels"); default `probe_count` seeded random inputs in the input range
                    (multiples of 1/16: short in JSON), as many as fit in about 4,000 values
                    (at least one, at most 4): the manifest is fetched at every first load.
    tolerance       the largest difference from PyTorch's outputs a backend may show.
    blocks          per block name, fields to add or override in its manifest entry
                    (e.g. {"se1": {"position": "after conv1 ..."}}).
    web_graph       rewrite full-extent convolutions as matrix products (faster in
                    onnxruntime-web; the same outputs); a graph it cannot rewrite is kept as is.
    extra           further manifest fields (task, metrics, data, training...), merged in.
    convention      the input convention, in words (manifest `input.convention`).
    inspection      also write `<name>.inspect.onnx` (models/inspect_graph.py: each block's maps,
                    squeeze, gate and scaled map as outputs, and an override input per block;
                    manifest `inspection`) and `<name>.inspect-golden.json` (PyTorch's answers
                    for the first probe inputs, with and without overrides). A graph the
                    surgery does not understand gets a warning, and no inspection field.
    """
    labels = [str(label) for label in labels]
    shape = tuple(int(v) for v in input_shape)
    if len(shape) != 3 or min(shape) < 1:
        raise ExportError(f"input_shape must be (channels, height, width); got {input_shape}")
    value_range = input_range(preprocessing, shape[0])
    name = name or os.path.splitext(os.path.basename(onnx_path))[0]
    model = copy.deepcopy(model).eval()
    found = find_se_modules(model, se_type, se_names)

    probe = dict(probe_inputs) if isinstance(probe_inputs, dict) else {"inputs": probe_inputs}
    if probe["inputs"] is None:
        gen = torch.Generator().manual_seed(seed)
        low, high = math.ceil(value_range[0] * 16), math.floor(value_range[1] * 16)
        count = probe_count or max(1, min(4, 4096 // math.prod(shape)))
        probe["inputs"] = torch.randint(low, high + 1, (count, *shape), generator=gen) / 16
    x = torch.as_tensor(probe["inputs"], dtype=torch.float32)
    if tuple(x.shape[1:]) != shape or len(x) < 1:
        raise ExportError(f"probe inputs must be [K, {', '.join(map(str, shape))}]; got {list(x.shape)}")
    x = _float32_exact(x)

    with _GateTaps(model, found) as taps:
        with torch.no_grad():
            taps.run(x[:1])
            found.sort(key=lambda block: taps.order.index(block[0]))  # the order the forward pass runs them
            logits, gates, maps = taps.run(x)
            single = [taps.run(x[i:i + 1]) for i in range(min(len(x), 2))]
        _check_outputs(logits, gates, labels, found, len(x))
        for i, (l1, g1, _) in enumerate(single):
            worst = max([float((l1[0] - logits[i]).abs().max())] + [float((a[0] - b[i]).abs().max()) for a, b in zip(g1, gates)])
            if worst > 1e-4:
                raise ExportError(f"input {i} alone gives outputs {worst:.2e} away from the same input in a batch: "
                                  "the model mixes the items of a batch (batch norm in training mode?)")
        os.makedirs(os.path.dirname(os.path.abspath(onnx_path)), exist_ok=True)
        outputs = [LOGITS_NAME] + [n for n, _ in found]
        taps.exporting = True
        torch.onnx.export(model, x[:1], onnx_path, opset_version=OPSET, input_names=[INPUT_NAME],
                          output_names=outputs, dynamic_axes={n: {0: "N"} for n in [INPUT_NAME, *outputs]},
                          do_constant_folding=True)
    if web_graph:
        _rewrite_for_web(onnx_path)
    onnx_bytes = open(onnx_path, "rb").read()
    folder = os.path.dirname(os.path.abspath(onnx_path))
    inspection_field = None
    if inspection:
        inspection_field = _write_inspection(model, found, onnx_path, name, x)

    block_entries = []
    for (block_name, module), gate, fmap in zip(found, gates, maps):
        channels = gate.shape[1]
        entry = {"name": block_name, "channels": channels,
                 "map": list(fmap) if fmap else [channels, 1, 1]}
        hidden = _bottleneck(module, channels)
        if hidden:
            entry["hidden"] = hidden
        where = f"module {block_name} ({type(module).__name__})"
        entry["position"] = f"{where}, on a {'x'.join(map(str, fmap))} map" if fmap else where
        entry["output"] = block_name
        entry.update((blocks or {}).get(block_name, {}))
        entry["shape"] = ["N", channels]
        block_entries.append(entry)
    model_macs = count_macs(model, x[:1], [entry["map"] for entry in block_entries])

    manifest = {
        "name": name,
        "version": version,
        **({"task": extra["task"]} if extra and "task" in extra else {}),
        "model": {"url": os.path.basename(onnx_path), "sha256": hashlib.sha256(onnx_bytes).hexdigest(),
                  "bytes": len(onnx_bytes), "format": "onnx", "opset": OPSET,
                  "parameters": sum(p.numel() for p in model.parameters()), "macs": model_macs},
        **({"inspection": inspection_field} if inspection_field else {}),
        "input": {"name": INPUT_NAME, "shape": ["N", *shape], "dtype": "float32", "range": list(value_range),
                  "preprocessing": preprocessing, **({"convention": convention} if convention else {})},
        "outputs": {"logits": {"name": LOGITS_NAME, "shape": ["N", len(labels)]}},
        "labels": labels,
        "attention": block_entries,
    }
    for key, value in (extra or {}).items():
        if key in ("model", "input") and isinstance(value, dict):
            manifest[key].update(value)
        elif key != "task":
            manifest[key] = value
    probe_fields = {k: v for k, v in probe.items() if k != "inputs"}
    manifest["probe"] = {
        "tolerance": tolerance,
        **probe_fields,
        "inputs": shortest_float32(x.reshape(len(x), -1).numpy()),
        "logits": rounded_rows(logits),
        "attention": {n: rounded_rows(g) for (n, _), g in zip(found, gates)},
    }
    manifest_path = os.path.join(folder, f"{name}.manifest.json")
    with open(manifest_path, "w") as f:
        f.write(manifest_json(manifest))
    return manifest


def count_macs(model, x1, block_maps):
    """Multiply-accumulates for one input: each convolution (weights per output position times
    the output positions) and fully connected layer (in x out), counted by hooks on the modules
    of a forward pass, plus each SE block's scaling (one multiplication per element of the map
    it gates). Pooling, activations, the squeeze (a mean) and the sigmoid are not counted, nor
    is arithmetic done by functions rather than modules (F.conv2d, a matmul in forward). This
    is the figure backend 'auto' weighs (manifest model.macs). `block_maps`: each SE block's
    map shape (C, H, W)."""
    counts = []

    def on_layer(module, inputs, output):
        per_output = (module.in_channels // module.groups) * math.prod(module.kernel_size) \
            if isinstance(module, nn.modules.conv._ConvNd) else module.in_features
        if isinstance(module, nn.modules.conv._ConvTransposeNd):
            counts.append(inputs[0][0].numel() * (module.out_channels // module.groups) * math.prod(module.kernel_size))
        else:
            counts.append(output[0].numel() * per_output)

    hooks = [m.register_forward_hook(on_layer) for m in model.modules() if isinstance(m, (nn.modules.conv._ConvNd, nn.Linear))]
    try:
        with torch.no_grad():
            model(x1)
    finally:
        for hook in hooks:
            hook.remove()
    return int(sum(counts) + sum(math.prod(fmap) for fmap in block_maps))


def _write_inspection(model, found, onnx_path, name, x):
    """Writes `<name>.inspect.onnx` and `<name>.inspect-golden.json` beside `onnx_path`; returns
    the manifest's `inspection` field, or None (with a warning) where the surgery refuses."""
    folder = os.path.dirname(os.path.abspath(onnx_path))
    blocks = [n for n, _ in found]
    try:
        graph = build_inspection_graph(onnx.load(onnx_path), blocks)
    except InspectionGraphError as error:
        print(f"export.py: warning: no inspection graph for {name}: {error}", file=sys.stderr)
        return None
    url = f"{name}.inspect.onnx"
    data = graph.SerializeToString()
    with open(os.path.join(folder, url), "wb") as f:
        f.write(data)
    golden = inspection_golden(model, found, x[:2])
    golden = {"model": url, "source": "PyTorch " + torch.__version__, **golden}
    with open(os.path.join(folder, f"{name}.inspect-golden.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))
    return {"url": url, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def _gate_sigmoid(module):
    for sub in module.modules():
        if sub is not module and isinstance(sub, (nn.Sigmoid, nn.Hardsigmoid)):
            return sub
    return None


@torch.no_grad()
def inspect_forward(model, found, x, overrides=None):
    """PyTorch's answer to the inspection graph: runs `model` (eval mode) on `x` [N, C, H, W]
    with each SE block's output replaced by U * s', s' = where(isnan(override), s, override)
    (U: the block's input, s: its gate). overrides: {block: tensor [N, C] with NaN where the
    gate is kept}. Returns (logits, {block: {"maps", "squeeze", "gate", "applied", "scaled"}})."""
    overrides = overrides or {}
    records, handles, sigmoid_out = {}, [], {}
    for block, module in found:
        sigmoid = _gate_sigmoid(module)
        if sigmoid is not None:
            handles.append(sigmoid.register_forward_hook(
                lambda mod, inputs, output, block=block: sigmoid_out.__setitem__(block, output)))

        def on_block(mod, inputs, output, block=block):
            u = inputs[0]
            is_tuple = isinstance(output, (tuple, list)) and len(output) >= 2 and isinstance(output[1], torch.Tensor)
            s = output[1] if is_tuple else sigmoid_out[block]
            gate = s.flatten(1) if s.dim() == 4 else s
            override = overrides.get(block)
            applied = gate if override is None else torch.where(torch.isnan(override), gate, override)
            scaled = u * (applied.reshape(*applied.shape, 1, 1) if u.dim() == 4 else applied)
            squeeze = u.mean(dim=(2, 3)) if u.dim() == 4 else u
            records[block] = {"maps": u, "squeeze": squeeze, "gate": gate, "applied": applied, "scaled": scaled}
            return (scaled, *output[1:]) if is_tuple else scaled

        handles.append(module.register_forward_hook(on_block))
    try:
        out = model(x)
    finally:
        for h in handles:
            h.remove()
    logits = out[0] if isinstance(out, (tuple, list)) else out
    return logits, records


def inspection_golden(model, found, x):
    """The golden cases of the inspection graph for the inputs `x` (at most 2): each input
    without overrides, then with overrides on the channels with the largest gates."""
    blocks = [n for n, _ in found]

    def number(v):
        return int(v) if float(v).is_integer() else float(v)

    def case(i, overrides):
        inp = x[i:i + 1]
        tensors = {}
        for block, chans in overrides.items():
            t = torch.full((1, plain[1][block]["gate"].shape[1]), float("nan"))
            for ch, value in chans.items():
                t[0, int(ch)] = value
            tensors[block] = t
        logits, records = inspect_forward(model, found, inp, tensors)
        flat = lambda t: rounded_rows(t.reshape(1, -1))[0]  # noqa: E731
        return {"input": i, "overrides": {b: {c: number(v) for c, v in o.items()} for b, o in overrides.items()},
                "logits": flat(logits),
                "blocks": {b: {k: flat(records[b][k]) for k in ("maps", "squeeze", "gate", "applied", "scaled")}
                           for b in blocks}}

    plain = inspect_forward(model, found, x[:1])
    order = {b: [int(c) for c in torch.argsort(plain[1][b]["gate"][0], descending=True)] for b in blocks}
    first, second = blocks[0], blocks[1] if len(blocks) > 1 else blocks[0]
    second_channel = order[second][0] if second != first or len(order[second]) < 2 else order[second][1]
    intervene = {first: {str(order[first][0]): 0}}
    intervene.setdefault(second, {})[str(second_channel)] = 0.5
    last = blocks[-1]
    cases = [case(0, {}), case(0, intervene)]
    if len(x) > 1:
        cases += [case(1, {}), case(1, {last: {"0": 1, **({"1": 0} if len(order[last]) > 1 else {})}})]
    return {"inputs": shortest_float32(x.reshape(len(x), -1).numpy()), "cases": cases}


def manifest_json(manifest):
    """JSON with two-space indents, arrays of numbers on one line each (probe rows stay short)."""
    text = json.dumps(manifest, indent=2)
    return re.sub(r"\[[-0-9.eE+,\s]*\]", lambda m: "[" + ", ".join(m.group(0)[1:-1].split()).replace(",,", ",") + "]", text) + "\n"


def input_range(preprocessing, channels):
    """The values a preprocessing gives, [lowest, highest]: [0, 1], or what mean/std make of it.
    Raises ExportError for a preprocessing the SDK does not know or cannot give `channels`."""
    if not isinstance(preprocessing, dict) or preprocessing.get("type") not in PREPROCESSINGS:
        raise ExportError(f"preprocessing must be a dict whose 'type' is one of {sorted(PREPROCESSINGS)}; got {preprocessing!r}")
    kind = preprocessing["type"]
    if kind == "mnist-digit" and channels != 1:
        raise ExportError(f"'mnist-digit' preprocessing gives 1 channel; the input has {channels}")
    if kind == "fit":
        color = preprocessing.get("color", "grayscale")
        if color not in ("grayscale", "rgb"):
            raise ExportError(f"'fit' preprocessing: color must be 'grayscale' or 'rgb'; got {color!r}")
        if channels != (3 if color == "rgb" else 1):
            raise ExportError(f"'fit' preprocessing with color {color!r} gives {3 if color == 'rgb' else 1} "
                              f"channel(s); the input has {channels}")
    if ("mean" in preprocessing) != ("std" in preprocessing):
        raise ExportError("preprocessing needs both 'mean' and 'std', or neither")
    if "mean" not in preprocessing:
        return (0, 1)
    mean, std = preprocessing["mean"], preprocessing["std"]
    if len(mean) != channels or len(std) != channels or not all(s > 0 for s in std):
        raise ExportError(f"'mean' and 'std' need one value per channel ({channels}), std > 0; got {mean}, {std}")
    # The float32 the SDK computes for v = 0 and v = 1, widened by a rounding step.
    lows = [np.float32((0 - m) / s) for m, s in zip(mean, std)]
    highs = [np.float32((1 - m) / s) for m, s in zip(mean, std)]
    low, high = float(min(lows)), float(max(highs))
    return (low - 1e-6 * max(1.0, abs(low)), high + 1e-6 * max(1.0, abs(high)))


def find_se_modules(model, se_type=None, se_names=None):
    """[(qualified name, module)] of the SE blocks, in the order the model holds them
    (export_se_model puts them in the order its forward pass runs them)."""
    if (se_type is None) == (se_names is None):
        raise ExportError("name the SE modules: se_type (a class) or se_names (qualified names), one of the two")
    modules = dict(model.named_modules())
    if se_names is not None:
        missing = [n for n in se_names if n not in modules]
        if missing:
            raise ExportError(f"no module named {missing} in the model; its modules are {[n for n in modules if n][:40]}")
        found = [(n, modules[n]) for n in se_names]
    else:
        found = [(n, m) for n, m in modules.items() if isinstance(m, se_type) and n]
        # A block nested in another block of the same type is part of it.
        found = [(n, m) for n, m in found if not any(n.startswith(o + ".") for o, _ in found)]
    if not found:
        raise ExportError(f"the model has no module of type {se_type.__name__}" if se_type else "se_names is empty")
    for n, _ in found:
        if n in (INPUT_NAME, LOGITS_NAME):
            raise ExportError(f"an SE module may not be named {n!r}: the output names must be distinct")
    return found


class _GateTaps:
    """Forward hooks that record each SE block's gate (and the shape of the map it gates)
    while the model runs; `run` returns the logits and the gates in block order. For the
    ONNX export the model's forward is wrapped so that the gates are outputs of the graph."""

    def __init__(self, model, found):
        self.model, self.found = model, found
        self.exporting = False

    def __enter__(self):
        self.handles = []
        self.gates, self.maps, self.order = {}, {}, []
        for name, module in self.found:
            sigmoid = None
            for sub in module.modules():
                if sub is not module and isinstance(sub, (nn.Sigmoid, nn.Hardsigmoid)):
                    sigmoid = sub
                    break

            def on_block(mod, inputs, output, name=name, sigmoid=sigmoid):
                if name not in self.order:
                    self.order.append(name)
                first = inputs[0] if inputs else None
                if isinstance(first, torch.Tensor) and first.dim() == 4:
                    self.maps[name] = list(first.shape[1:])
                if isinstance(output, (tuple, list)) and len(output) >= 2 and isinstance(output[1], torch.Tensor):
                    self.gates[name] = output[1]
                elif sigmoid is None:
                    raise ExportError(f"SE module {name} ({type(mod).__name__}): cannot find its gate; its forward "
                                      "must return (output, gate), or it must hold an nn.Sigmoid submodule")

            self.handles.append(module.register_forward_hook(on_block))
            if sigmoid is not None:
                self.handles.append(sigmoid.register_forward_hook(
                    lambda mod, inputs, output, name=name: self.gates.setdefault(name, output)))
        original = self.model.forward
        taps = self

        def forward(*args, **kwargs):
            taps.gates.clear()
            out = original(*args, **kwargs)
            logits = out[0] if isinstance(out, (tuple, list)) else out
            missing = [n for n, _ in taps.found if n not in taps.gates]
            if missing:
                raise ExportError(f"the SE modules {missing} did not run in the forward pass")
            gates = [taps.gates[n] for n, _ in taps.found]
            if taps.exporting:
                # A gate kept as [N, C, 1, 1] (to scale the map with; checked before) is the [N, C] one.
                gates = [g.flatten(1) if g.dim() == 4 else g for g in gates]
            return (logits, *gates)

        self.model.forward = forward
        return self

    def run(self, x):
        logits, *gates = self.model(x)
        gates = [g.flatten(1) if g.dim() == 4 and tuple(g.shape[2:]) == (1, 1) else g for g in gates]
        return logits, gates, [self.maps.get(n) for n, _ in self.found]

    def __exit__(self, *exc):
        for h in self.handles:
            h.remove()
        del self.model.forward
        return False


def _check_outputs(logits, gates, labels, found, n):
    if logits.dim() != 2 or tuple(logits.shape) != (n, len(labels)):
        raise ExportError(f"the logits are {list(logits.shape)} for {n} inputs; expected [{n}, {len(labels)}] "
                          f"(one per label)")
    if not torch.isfinite(logits).all():
        raise ExportError("the logits hold NaN or infinite values")
    for (name, _), gate in zip(found, gates):
        if gate.dim() != 2 or gate.shape[0] != n:
            raise ExportError(f"SE block {name}: its gate is {list(gate.shape)} for {n} inputs; se-edge needs "
                              f"[N, C] (one weight per channel, [N, C, 1, 1] is taken as [N, C])")
        low, high = float(gate.min()), float(gate.max())
        if not (low >= 0 and high <= 1):
            raise ExportError(f"SE block {name}: its gate spans [{low:.4g}, {high:.4g}]; se-edge needs values in "
                              f"[0, 1] (a sigmoid's): is this the gate, or the scaled map?")


def _bottleneck(module, channels):
    """The width of the excitation's bottleneck: the first linear or 1x1 conv fed the C channels."""
    for sub in module.modules():
        if isinstance(sub, nn.Linear) and sub.in_features == channels:
            return sub.out_features
        if isinstance(sub, nn.Conv2d) and sub.in_channels == channels and sub.kernel_size == (1, 1):
            return sub.out_channels
    return None


def _rewrite_for_web(path):
    model = onnx.load(path)
    trial = copy.deepcopy(model)
    try:
        if not full_extent_convs_to_gemm(trial):
            return
        onnx.checker.check_model(trial)
    except ValueError:
        return  # a graph it does not know how to rewrite: kept as exported
    onnx.save(trial, path)


def _float32_exact(x):
    return torch.from_numpy(x.numpy().astype(np.float32))


def shortest_float32(values: np.ndarray):
    """Each float32 as the shortest decimal that reads back as the same float32 (JSON numbers
    that Float32Array.from turns into exactly the values PyTorch ran on)."""
    table = {float(v): float(np.format_float_positional(v, unique=True)) for v in np.unique(values)}
    return [[table[float(v)] for v in row] for row in values]


def rounded_rows(t: torch.Tensor, decimals: int = 7):
    """Rows of floats rounded to `decimals` decimals: reference outputs for JSON."""
    return np.round(t.detach().numpy().astype(np.float64), decimals).tolist()


def _load_factory(spec):
    path, _, func = spec.partition(":")
    if not func:
        raise ExportError(f"name the model as FILE.py:FUNCTION; got {spec!r}")
    module_spec = importlib.util.spec_from_file_location("se_edge_user_model", path)
    module = importlib.util.module_from_spec(module_spec)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    module_spec.loader.exec_module(module)
    return module, getattr(module, func)


def main(argv=None):
    p = argparse.ArgumentParser(description="Export a PyTorch SE model for se-edge (.onnx + manifest).")
    p.add_argument("model", help="FILE.py:FUNCTION, a function that returns the torch.nn.Module")
    p.add_argument("--weights", help="a state_dict saved with torch.save, loaded into the module")
    p.add_argument("--out", required=True, help="the .onnx to write; the manifest goes beside it")
    p.add_argument("--name", help="model name (default: the .onnx file's name)")
    p.add_argument("--version", default="1.0.0")
    p.add_argument("--labels", required=True, help="comma-separated, or @FILE with one label per line")
    p.add_argument("--input-shape", required=True, help="C,H,W")
    p.add_argument("--preprocessing", required=True, help='JSON, e.g. {"type": "fit", "color": "rgb"}')
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--se-type", help="class name of the SE modules (defined in the model's file)")
    group.add_argument("--se-names", help="comma-separated qualified names of the SE modules")
    p.add_argument("--tolerance", type=float, default=1e-3)
    args = p.parse_args(argv)
    module, factory = _load_factory(args.model)
    model = factory()
    if args.weights:
        model.load_state_dict(torch.load(args.weights, map_location="cpu"))
    if args.labels.startswith("@"):
        labels = [line.strip() for line in open(args.labels[1:]) if line.strip()]
    else:
        labels = args.labels.split(",")
    try:
        manifest = export_se_model(
            model, args.out, labels=labels, input_shape=[int(v) for v in args.input_shape.split(",")],
            preprocessing=json.loads(args.preprocessing), name=args.name, version=args.version,
            se_type=getattr(module, args.se_type) if args.se_type else None,
            se_names=args.se_names.split(",") if args.se_names else None, tolerance=args.tolerance)
    except ExportError as error:
        sys.exit(f"export.py: {error}")
    blocks = ", ".join(f"{b['name']} [N, {b['channels']}]" for b in manifest["attention"])
    print(f"wrote {args.out} ({manifest['model']['bytes']} bytes) and {manifest['name']}.manifest.json; SE blocks: {blocks}")


if __name__ == "__main__":
    main()
