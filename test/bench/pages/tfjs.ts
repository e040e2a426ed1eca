// TensorFlow.js running the same SE-LeNet with the same trained weights (read from the
// committed .onnx), on the main thread as TF.js apps do, on the backend named in the URL.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createTfjsSeLenet } from '../tfjs-se-lenet.mjs';
import { argmaxRows, sequentialCalls, type Target } from './target.js';

export function tfjsTarget(backend: 'wasm' | 'webgl' | 'webgpu'): Target {
  let model: ReturnType<typeof createTfjsSeLenet>;
  const run = async (input: Float32Array, count: number) => {
    const out = model.predict(input, count);
    const logits = await out.logits.data();
    for (const t of Object.values(out)) t.dispose();
    return argmaxRows(logits, count);
  };
  return {
    async load() {
      setWasmPaths(new URL('/node_modules/@tensorflow/tfjs-backend-wasm/dist/', location.href).href);
      if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} is not available`);
      await tf.ready();
      const bytes = await (await fetch('/dist/models/se-lenet-mnist.onnx')).arrayBuffer();
      model = createTfjsSeLenet(bytes);
    },
    ...sequentialCalls(run),
    async dispose() {
      model.dispose();
    },
  };
}
