// The TF.js port of SE-LeNet (test/bench/), checked on the CPU backend against PyTorch's
// golden outputs: same weights read from the ONNX file, same numbers out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readOnnxWeights } from '../bench/onnx-weights.mjs';
import { createTfjsSeLenet, predictArrays } from '../bench/tfjs-se-lenet.mjs';

const models = new URL('../../models/', import.meta.url);
const onnxBytes = readFileSync(new URL('se-lenet-mnist.onnx', models));
const golden = JSON.parse(readFileSync(new URL('se-lenet-mnist.golden.json', models), 'utf8'));
const TOLERANCE = 1e-4;

const worstDiff = (actual, expectedRows) => {
  const expected = expectedRows.flat();
  assert.equal(actual.length, expected.length);
  return expected.reduce((worst, v, i) => Math.max(worst, Math.abs(actual[i] - v)), 0);
};

test('readOnnxWeights finds every initializer with its dims', () => {
  const { initializers, nodes } = readOnnxWeights(onnxBytes);
  const dims = Object.fromEntries([...initializers].map(([name, t]) => [name, t.dims]));
  assert.deepEqual(dims, {
    'conv1.weight': [6, 1, 5, 5], 'conv1.bias': [6],
    'conv2.weight': [16, 6, 5, 5], 'conv2.bias': [16],
    'conv3.weight': [120, 400], 'conv3.bias': [120], // conv3 is stored as a Gemm: models/web_graph.py
    'fc1.weight': [84, 120], 'fc1.bias': [84],
    'fc2.weight': [10, 84], 'fc2.bias': [10],
    'onnx::MatMul_65': [6, 2], 'onnx::MatMul_66': [2, 6],
    'onnx::MatMul_67': [16, 4], 'onnx::MatMul_68': [4, 16],
    'onnx::MatMul_69': [120, 30], 'onnx::MatMul_70': [30, 120],
  });
  for (const [name, t] of initializers) {
    assert.equal(t.data.length, t.dims.reduce((a, b) => a * b, 1), name);
  }
  assert.deepEqual(nodes.at(-1), { opType: 'Gemm', inputs: ['/Relu_3_output_0', 'fc2.weight', 'fc2.bias'], outputs: ['logits'] });
});

test('TF.js SE-LeNet (CPU) matches the golden logits and attention within 1e-4', async () => {
  tf.env().set('IS_TEST', true); // keeps the "install tfjs-node" hint out of the test output
  await tf.setBackend('cpu');
  await tf.ready();
  const model = createTfjsSeLenet(onnxBytes);
  try {
    const count = golden.inputs.length;
    const before = tf.memory().numTensors;
    const out = await predictArrays(model, Float32Array.from(golden.inputs.flat()), count);
    assert.equal(tf.memory().numTensors, before, 'predictArrays leaves no tensors behind');
    const expected = { logits: golden.logits, ...golden.attention };
    for (const name of ['logits', 'se1', 'se2', 'se3']) {
      const worst = worstDiff(out[name], expected[name]);
      assert.ok(worst <= TOLERANCE, `${name}: worst difference ${worst}`);
    }
  } finally {
    model.dispose();
  }
});
