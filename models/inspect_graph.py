"""Builds the inspection graph of an exported SE model: the serving graph (models/export.py,
after its web rewrite), with each SE block's maps and gate exposed and its gate open to an
intervention, for apps that show what a block sees and ask "what if this channel were off?".

For each block B (a graph output [N, C], the gate):
  input   B/override  float32 [N, C]: NaN keeps the model's gate; any other value replaces that
                      channel's gate for that row
  outputs B/maps      U, the map the block gates ([N, C, H, W], or [N, C] where the graph carries
                      a 1x1 map as a vector)
          B/scaled    the gated map, U * applied (what the rest of the network sees)
          B/squeeze   the mean of U over its positions [N, C]
          B/gate      the gate the block computed [N, C] (before any override)
          B/applied   the gate it applied: where(isnan(override), gate, override) [N, C]
The serving outputs (logits and each B) stay; later blocks compute from the intervened maps, so
every later gate and the logits are the model's answer under the intervention.

    /usr/bin/python3 models/inspect_graph.py MODEL.onnx OUT.inspect.onnx se1,se2,se3
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from web_graph import _drop_dead_nodes, _static_shapes

SHAPE_ONLY = {"Unsqueeze", "Reshape", "Flatten", "Squeeze", "Identity"}
OUTPUT_KINDS = ("maps", "scaled", "squeeze", "gate", "applied")


class InspectionGraphError(ValueError):
    """The serving graph is not one this surgery understands (it names the block)."""


def build_inspection_graph(model: onnx.ModelProto, blocks) -> onnx.ModelProto:
    """A new ModelProto: `model` (not changed) with, per block name in `blocks`, the input
    `<B>/override` and the outputs `<B>/maps|scaled|squeeze|gate|applied`."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    shapes = _static_shapes(model)
    outputs = {o.name for o in graph.output}
    new_inputs, new_outputs = [], []
    for block in blocks:
        if block not in outputs:
            raise InspectionGraphError(f"SE block {block}: no graph output named {block!r}")
        producers = {o: n for n in graph.node for o in n.output}
        consumers = {}
        for n in graph.node:
            for i in n.input:
                consumers.setdefault(i, []).append(n)
        gate = block
        gate_shape = shapes.get(gate)
        if gate_shape is None or len(gate_shape) != 2 or not gate_shape[1]:
            raise InspectionGraphError(f"SE block {block}: its gate output is not [N, C] (shape {gate_shape})")
        channels = gate_shape[1]
        source = gate
        maker = producers.get(gate)
        if maker is not None and maker.op_type in ("Flatten", "Reshape", "Squeeze"):
            before = shapes.get(maker.input[0])
            if before is not None and len(before) == 4 and before[1:] == [channels, 1, 1]:
                source = maker.input[0]

        # The one Mul that scales the map with the gate, reached through shape-only ops.
        muls, others, seen, pending = [], [], {source}, [source]
        while pending:
            name = pending.pop()
            for node in consumers.get(name, []):
                if node.op_type == "Mul":
                    muls.append((node, name))
                elif node.op_type in SHAPE_ONLY and node.input[0] == name:
                    for out in node.output:
                        if out not in seen:
                            seen.add(out)
                            pending.append(out)
                else:
                    others.append(f"{node.name or node.op_type} ({node.op_type})")
        if len(muls) != 1:
            found = "no Mul" if not muls else f"{len(muls)} Muls ({', '.join(m.name for m, _ in muls)})"
            extra = f"; it feeds {', '.join(others)}" if others else ""
            raise InspectionGraphError(f"SE block {block}: its gate scales no single map: {found} found after it "
                                       f"through shape-only ops{extra}")
        mul, gate_operand = muls[0]
        if list(mul.input).count(gate_operand) != 1:
            raise InspectionGraphError(f"SE block {block}: {mul.name} multiplies the gate by itself")
        maps = mul.input[1] if mul.input[0] == gate_operand else mul.input[0]
        map_shape = shapes.get(maps)
        if map_shape is None or len(map_shape) not in (2, 4) or map_shape[1] != channels:
            raise InspectionGraphError(f"SE block {block}: {mul.name} scales {maps!r} of shape {map_shape}; "
                                       f"expected [N, {channels}, H, W] or [N, {channels}]")
        scaled = mul.output[0]

        # applied = Where(IsNaN(override), gate, override), into the Mul in the gate's place.
        override, applied = f"{block}/override", f"{block}/applied"
        isnan = f"{block}/inspect/IsNaN_output_0"
        nodes = [helper.make_node("IsNaN", [override], [isnan], name=f"{block}/inspect/IsNaN"),
                 helper.make_node("Where", [isnan, gate, override], [applied], name=f"{block}/inspect/Where")]
        if len(map_shape) == 4:
            axes = f"{block}/inspect/axes"
            graph.initializer.append(numpy_helper.from_array(np.array([2, 3], dtype=np.int64), axes))
            operand = f"{block}/inspect/Unsqueeze_output_0"
            nodes.append(helper.make_node("Unsqueeze", [applied, axes], [operand], name=f"{block}/inspect/Unsqueeze"))
            squeeze = helper.make_node("ReduceMean", [maps], [f"{block}/squeeze"], name=f"{block}/inspect/ReduceMean",
                                       axes=[2, 3], keepdims=0)
        else:
            operand = applied
            squeeze = helper.make_node("Identity", [maps], [f"{block}/squeeze"], name=f"{block}/inspect/squeeze")
        mul.input[list(mul.input).index(gate_operand)] = operand
        nodes += [squeeze,
                  helper.make_node("Identity", [maps], [f"{block}/maps"], name=f"{block}/inspect/maps"),
                  helper.make_node("Identity", [scaled], [f"{block}/scaled"], name=f"{block}/inspect/scaled"),
                  helper.make_node("Identity", [gate], [f"{block}/gate"], name=f"{block}/inspect/gate")]
        graph.node.extend(nodes)

        dims = lambda shape: ["N", *shape[1:]]  # noqa: E731
        new_inputs.append(helper.make_tensor_value_info(override, TensorProto.FLOAT, ["N", channels]))
        kinds = {"maps": map_shape, "scaled": map_shape, "squeeze": gate_shape, "gate": gate_shape, "applied": gate_shape}
        new_outputs += [helper.make_tensor_value_info(f"{block}/{k}", TensorProto.FLOAT, dims(kinds[k])) for k in OUTPUT_KINDS]

    graph.input.extend(new_inputs)
    graph.output.extend(new_outputs)
    _drop_dead_nodes(graph)
    _topological_sort(graph)
    used = {i for n in graph.node for i in n.input}
    for t in [t for t in graph.initializer if t.name not in used]:
        graph.initializer.remove(t)
    del graph.value_info[:]
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as error:  # noqa: BLE001 - any checker failure means the surgery went wrong
        raise InspectionGraphError(f"the inspection graph does not check: {error}") from error
    return model


def _topological_sort(graph):
    """Orders the nodes so that each comes after the producers of its inputs (stable: keeps the
    original order where it already does)."""
    available = {i.name for i in graph.input} | {t.name for t in graph.initializer} | {""}
    remaining, ordered = list(graph.node), []
    while remaining:
        progressed = False
        for node in list(remaining):
            if all(i in available for i in node.input):
                ordered.append(node)
                remaining.remove(node)
                available.update(node.output)
                progressed = True
                break
        if not progressed:
            raise InspectionGraphError(f"the graph has a cycle or a missing input at {remaining[0].name}")
    copies = [onnx.NodeProto.FromString(n.SerializeToString()) for n in ordered]
    del graph.node[:]
    graph.node.extend(copies)


def build_file(model_path, out_path, blocks):
    model = build_inspection_graph(onnx.load(model_path), blocks)
    onnx.save(model, out_path)
    return model


if __name__ == "__main__":
    build_file(sys.argv[1], sys.argv[2], sys.argv[3].split(","))
    print(f"wrote {sys.argv[2]}")
