// SE-LeNet in TensorFlow.js, loaded with the trained weights of the committed ONNX model,
// for a side-by-side benchmark against onnxruntime-web. Mirrors the ONNX graph op for op,
// but in NHWC, the layout TF.js convolutions take.
import * as tf from '@tensorflow/tfjs-core';
import { readOnnxWeights } from './onnx-weights.mjs';

const PIXELS = 28 * 28;
const SE_CHANNELS = { se1: 6, se2: 16, se3: 120 };

/**
 * @param {ArrayBuffer | Uint8Array} onnxBytes models/se-lenet-mnist.onnx
 * @returns {{ predict(input: Float32Array, count: number): { logits: tf.Tensor2D,
 *   se1: tf.Tensor2D, se2: tf.Tensor2D, se3: tf.Tensor2D }, dispose(): void }}
 * Build it after the TF.js backend is chosen: the weights are uploaded to that backend.
 */
export function createTfjsSeLenet(onnxBytes) {
  const { initializers, nodes } = readOnnxWeights(onnxBytes);
  const tensor = (name) => {
    const t = initializers.get(name);
    if (!t) throw new Error(`tfjs-se-lenet: no initializer ${name} in the ONNX model`);
    return tf.tensor(t.data, t.dims);
  };

  // The SE weights carry exporter-made names (onnx::MatMul_65 ...), so find them by
  // position instead: the MatMuls with a constant operand, in graph order, are se1.fc1,
  // se1.fc2, se2.fc1, ... ONNX already stores them as [in, out], as tf.matMul wants.
  const seNames = nodes
    .filter((n) => n.opType === 'MatMul' && initializers.has(n.inputs[1]))
    .map((n) => n.inputs[1]);
  if (seNames.length !== 6) throw new Error(`tfjs-se-lenet: expected 6 SE MatMuls, found ${seNames.length}`);

  const weights = tf.tidy(() => {
    // Conv [out, in, kh, kw] -> [kh, kw, in, out]; Gemm (transB = 1) [out, in] -> [in, out].
    // conv3 may be stored as a Gemm's [out, in * kh * kw] (models/web_graph.py): same weights.
    const conv = (name, shape) => ({ w: tf.transpose(tf.reshape(tensor(`${name}.weight`), shape), [2, 3, 1, 0]), b: tensor(`${name}.bias`) });
    const dense = (name) => ({ w: tf.transpose(tensor(`${name}.weight`)), b: tensor(`${name}.bias`) });
    const se = (i, channels) => {
      const [w1, w2] = [tensor(seNames[2 * i]), tensor(seNames[2 * i + 1])];
      if (w1.shape[0] !== channels || w2.shape[1] !== channels || w1.shape[1] !== w2.shape[0]) {
        throw new Error(`tfjs-se-lenet: SE block ${i + 1} has shapes [${w1.shape}] and [${w2.shape}]`);
      }
      return { w1, w2 };
    };
    return {
      conv1: conv('conv1', [6, 1, 5, 5]), conv2: conv('conv2', [16, 6, 5, 5]), conv3: conv('conv3', [120, 16, 5, 5]),
      fc1: dense('fc1'), fc2: dense('fc2'),
      se1: se(0, SE_CHANNELS.se1), se2: se(1, SE_CHANNELS.se2), se3: se(2, SE_CHANNELS.se3),
    };
  });

  // Squeeze (mean over H, W), excite (C -> hidden -> C, bias-free), scale each channel.
  const seBlock = (u, { w1, w2 }) => {
    const s = tf.sigmoid(tf.matMul(tf.relu(tf.matMul(tf.mean(u, [1, 2]), w1)), w2));
    return [tf.mul(u, tf.reshape(s, [s.shape[0], 1, 1, s.shape[1]])), s];
  };
  const convRelu = (x, { w, b }, pad) => tf.relu(tf.add(tf.conv2d(x, w, 1, pad), b));

  return {
    predict(input, count) {
      if (input.length < count * PIXELS) throw new Error(`tfjs-se-lenet: ${count} images need ${count * PIXELS} floats`);
      return tf.tidy(() => {
        // One channel, so MNIST's row-major 28x28 (NCHW) is already NHWC in memory.
        let x = tf.tensor4d(input.subarray(0, count * PIXELS), [count, 28, 28, 1]);
        // 'same' = ONNX pads 2 on every side, for a 5x5 kernel at stride 1.
        x = tf.maxPool(convRelu(x, weights.conv1, 'same'), 2, 2, 'valid'); // [N,14,14,6]
        let se1, se2, se3;
        [x, se1] = seBlock(x, weights.se1);
        x = tf.maxPool(convRelu(x, weights.conv2, 'valid'), 2, 2, 'valid'); // [N,5,5,16]
        [x, se2] = seBlock(x, weights.se2);
        x = convRelu(x, weights.conv3, 'valid'); // [N,1,1,120]
        [x, se3] = seBlock(x, weights.se3);
        // H = W = 1, so NHWC flattens to the same order as ONNX's NCHW Flatten.
        x = tf.reshape(x, [count, 120]);
        x = tf.relu(tf.add(tf.matMul(x, weights.fc1.w), weights.fc1.b));
        const logits = tf.add(tf.matMul(x, weights.fc2.w), weights.fc2.b);
        return { logits, se1, se2, se3 };
      });
    },
    dispose() {
      tf.dispose(weights);
    },
  };
}

/**
 * Runs the model and reads every output back, disposing the tensors.
 * @returns {Promise<{ logits: Float32Array, se1: Float32Array, se2: Float32Array, se3: Float32Array }>}
 */
export async function predictArrays(model, input, count) {
  const outputs = model.predict(input, count);
  try {
    const names = Object.keys(outputs);
    const data = await Promise.all(names.map((name) => outputs[name].data()));
    return Object.fromEntries(names.map((name, i) => [name, data[i]]));
  } finally {
    tf.dispose(outputs);
  }
}
