// A minimal ONNX reader: just enough protobuf to pull the float initializers and the node
// list out of a model file, so a TF.js port can load the very same trained weights. No
// dependencies and no fs, so it runs unchanged in Node and in the browser.
//
// Fields read (onnx.proto3):
//   ModelProto.graph = 7
//   GraphProto.node = 1 (NodeProto), GraphProto.initializer = 5 (TensorProto)
//   NodeProto.input = 1, output = 2, op_type = 4
//   TensorProto.dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9
// Every other field is skipped by its wire type.

const FLOAT = 1; // TensorProto.DataType.FLOAT
const utf8 = new TextDecoder();

// Reads one varint at state.pos. Accumulates by multiplication, not bit shifts: JS shifts
// are 32-bit and int64 dims may need more. Exact up to 2^53, ample for tensor dims.
function varint(bytes, state, end) {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (state.pos >= end) throw new Error('onnx: truncated varint');
    const b = bytes[state.pos++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 128;
  }
}

// Calls visit({ num, wire, value, start, end }) for each field of the message in
// bytes[start, end): value for varints, start/end frame the payload of the other types.
function readMessage(bytes, start, end, visit) {
  const state = { pos: start };
  while (state.pos < end) {
    const tag = varint(bytes, state, end);
    const field = { num: Math.floor(tag / 8), wire: tag % 8 };
    switch (field.wire) {
      case 0: field.value = varint(bytes, state, end); break;
      case 1: field.start = state.pos; state.pos += 8; break;
      case 2: { const len = varint(bytes, state, end); field.start = state.pos; state.pos += len; break; }
      case 5: field.start = state.pos; state.pos += 4; break;
      default: throw new Error(`onnx: unsupported wire type ${field.wire} near byte ${state.pos}`);
    }
    if (state.pos > end) throw new Error('onnx: field runs past the end of its message');
    field.end = state.pos;
    visit(field);
  }
}

function readPackedVarints(bytes, start, end) {
  const state = { pos: start };
  const values = [];
  while (state.pos < end) values.push(varint(bytes, state, end));
  return values;
}

// Copies little-endian float32 bytes into a fresh Float32Array: raw_data sits at an
// arbitrary offset in the file (a Float32Array view needs 4-byte alignment), and
// DataView reads little-endian whatever the host's byte order.
function readFloats(bytes, start, end) {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const out = new Float32Array((end - start) / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function readTensor(bytes, start, end) {
  const tensor = { name: '', dims: [], dataType: 0, data: null };
  const floatData = []; // float_data: packed (wire 2) or one value per field (wire 5)
  readMessage(bytes, start, end, (f) => {
    if (f.num === 1) {
      if (f.wire === 0) tensor.dims.push(f.value);
      else if (f.wire === 2) tensor.dims.push(...readPackedVarints(bytes, f.start, f.end));
    } else if (f.num === 2 && f.wire === 0) tensor.dataType = f.value;
    else if (f.num === 4 && (f.wire === 2 || f.wire === 5)) floatData.push(...readFloats(bytes, f.start, f.end));
    else if (f.num === 8 && f.wire === 2) tensor.name = utf8.decode(bytes.subarray(f.start, f.end));
    else if (f.num === 9 && f.wire === 2) tensor.data = readFloats(bytes, f.start, f.end);
  });
  if (tensor.dataType !== FLOAT) return tensor;
  tensor.data ??= Float32Array.from(floatData);
  const size = tensor.dims.reduce((a, b) => a * b, 1);
  if (tensor.data.length !== size) {
    // Also catches data_location = EXTERNAL, where neither raw_data nor float_data is set.
    throw new Error(`onnx: ${tensor.name} holds ${tensor.data.length} floats for dims [${tensor.dims}]`);
  }
  return tensor;
}

function readNode(bytes, start, end) {
  const node = { opType: '', inputs: [], outputs: [] };
  readMessage(bytes, start, end, (f) => {
    if (f.wire !== 2) return;
    const text = () => utf8.decode(bytes.subarray(f.start, f.end));
    if (f.num === 1) node.inputs.push(text());
    else if (f.num === 2) node.outputs.push(text());
    else if (f.num === 4) node.opType = text();
  });
  return node;
}

/**
 * Reads an ONNX model's float initializers and its nodes (in graph order, which ONNX
 * requires to be topological).
 * @param {ArrayBuffer | Uint8Array} input the .onnx file
 * @returns {{ initializers: Map<string, { dims: number[], data: Float32Array }>,
 *             nodes: { opType: string, inputs: string[], outputs: string[] }[] }}
 * Initializers of other data types are left out: this reader serves float models only.
 */
export function readOnnxWeights(input) {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const initializers = new Map();
  const nodes = [];
  let graphFound = false;
  readMessage(bytes, 0, bytes.length, (model) => {
    if (model.num !== 7 || model.wire !== 2) return;
    graphFound = true;
    readMessage(bytes, model.start, model.end, (f) => {
      if (f.wire !== 2) return;
      if (f.num === 1) nodes.push(readNode(bytes, f.start, f.end));
      else if (f.num === 5) {
        const { name, dims, dataType, data } = readTensor(bytes, f.start, f.end);
        if (dataType === FLOAT) initializers.set(name, { dims, data });
      }
    });
  });
  if (!graphFound) throw new Error('onnx: no graph in this file (is it an ONNX model?)');
  return { initializers, nodes };
}
