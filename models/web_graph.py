"""Rewrites the exported ONNX graph into an equivalent one that onnxruntime-web runs faster.

conv3 (16->120, 5x5) sees a 5x5 map: its kernel covers the whole input, so it is a fully
connected layer. As a Conv, onnxruntime's CPU kernels run it image by image (im2col, then a
120x400 by 400x1 product per image): half of the model's time in onnxruntime-web with batches
of 256. As Flatten + Gemm it is one 400x120 matrix product for the whole batch. Everything after
it then holds [N, 120, 1, 1] maps, which this keeps in 2D as [N, 120]: the SE block's squeeze
(a mean over a 1x1 map) and the Unsqueezes of its gate become no-ops, and so does the Flatten
before fc1. Same weights, same outputs up to float rounding (the tests compare them with
PyTorch's); `train.py` applies it at export, and it can be run on an exported file:

    /usr/bin/python3 models/web_graph.py models/se-lenet-mnist.onnx
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _is_full_extent_conv(node, shapes):
    if node.op_type != "Conv":
        return False
    a = _attrs(node)
    spatial = shapes.get(node.input[0], [])[2:]
    return (len(spatial) == 2 and list(a.get("kernel_shape", [])) == spatial
            and not any(a.get("pads", [0])) and set(a.get("strides", [1])) == {1}
            and set(a.get("dilations", [1])) == {1} and a.get("group", 1) == 1)


def _static_shapes(model):
    inferred = shape_inference.infer_shapes(model)
    shapes = {}
    for v in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
        dims = v.type.tensor_type.shape.dim
        shapes[v.name] = [d.dim_value if d.HasField("dim_value") else None for d in dims]
    return shapes


def _rename_input(graph, old, new):
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name == old:
                node.input[i] = new


def _drop_dead_nodes(graph):
    wanted = {o.name for o in graph.output}
    while True:
        used = wanted | {i for n in graph.node for i in n.input}
        dead = [n for n in graph.node if not any(o in used for o in n.output)]
        if not dead:
            return
        for n in dead:
            graph.node.remove(n)


def full_extent_convs_to_gemm(model):
    """Replaces each Conv whose kernel covers its input with Flatten + Gemm and carries the
    resulting [N, C] tensor through the ops after it (elementwise ops, SE squeeze and scale,
    Flatten). Raises on any other consumer rather than guess. Returns how many it replaced."""
    graph = model.graph
    shapes = _static_shapes(model)
    weights = {t.name: t for t in graph.initializer}
    replaced = 0
    for conv in [n for n in graph.node if _is_full_extent_conv(n, shapes)]:
        x, w_name, *bias = conv.input
        w = numpy_helper.to_array(weights[w_name])
        if sum(w_name in n.input for n in graph.node) != 1:
            raise ValueError(f"{conv.name}: its weight is shared; not rewriting")
        weights[w_name].CopyFrom(numpy_helper.from_array(w.reshape(w.shape[0], -1), w_name))
        flat = f"{conv.name}/flatten_output"
        at = list(graph.node).index(conv)
        graph.node.insert(at, helper.make_node("Flatten", [x], [flat], name=f"{conv.name}/Flatten", axis=1))
        gemm = helper.make_node("Gemm", [flat, w_name, *bias], [conv.output[0]], name=f"{conv.name}/Gemm", transB=1)
        graph.node.remove(conv)
        graph.node.insert(at + 1, gemm)
        _carry_2d(graph, conv.output[0])
        replaced += 1
    _drop_dead_nodes(graph)
    return replaced


def _unsqueezed_source(graph, name):
    """`s` when `name` is Unsqueeze(Unsqueeze(s, [2]), [3]) of a 2D `s` (the SE gate), else None."""
    producers = {o: n for n in graph.node for o in n.output}
    outer = producers.get(name)
    if outer is None or outer.op_type != "Unsqueeze":
        return None
    inner = producers.get(outer.input[0])
    if inner is None or inner.op_type != "Unsqueeze":
        return None
    axes = [_constant_ints(graph, n) for n in (inner, outer)]
    return inner.input[0] if axes == [[2], [3]] else None


def _constant_ints(graph, unsqueeze):
    for n in graph.node:
        if n.output[0] == unsqueeze.input[1] and n.op_type == "Constant":
            return numpy_helper.to_array(n.attribute[0].t).tolist()
    for t in graph.initializer:
        if t.name == unsqueeze.input[1]:
            return numpy_helper.to_array(t).tolist()
    return None


def _carry_2d(graph, start):
    """Follows a tensor that used to be [N, C, 1, 1] and is now [N, C] through its consumers."""
    outputs = {o.name for o in graph.output}
    pending = [start]
    while pending:
        name = pending.pop()
        if name in outputs:
            raise ValueError(f"{name} is a graph output; its shape would change")
        for node in [n for n in graph.node if name in n.input]:
            a = _attrs(node)
            if node.op_type in ("Relu", "Sigmoid"):
                pending.append(node.output[0])
            elif (node.op_type == "ReduceMean" and sorted(a.get("axes", [])) == [2, 3] and a.get("keepdims", 1) == 0) \
                    or (node.op_type == "Flatten" and a.get("axis", 1) == 1):
                # The mean over a 1x1 map, or flattening [N, C]: the tensor itself.
                _rename_input(graph, node.output[0], name)
                graph.node.remove(node)
            elif node.op_type == "Mul" and len(node.input) == 2:
                other = node.input[1] if node.input[0] == name else node.input[0]
                gate = _unsqueezed_source(graph, other)
                if gate is None:
                    raise ValueError(f"{node.name}: multiplies {name} by something other than an SE gate")
                node.input[list(node.input).index(other)] = gate
                pending.append(node.output[0])
            else:
                raise ValueError(f"{node.name} ({node.op_type}) consumes {name}; not rewriting")


def rewrite_file(path):
    model = onnx.load(path)
    count = full_extent_convs_to_gemm(model)
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return count


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(f"{path}: {rewrite_file(path)} full-extent Conv(s) rewritten as Gemm")
