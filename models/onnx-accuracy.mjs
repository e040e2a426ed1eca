// Accuracy of an ONNX model on a standard test set (by default MNIST's t10k, 10,000 digits), computed
// with onnxruntime-node (native CPU). Shared by models/finalize.mjs (which records it in the
// manifest) and the unit tests (which recheck it).
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { loadMnist, PIXELS } from './mnist-idx.mjs';

const { version } = createRequire(import.meta.url)('onnxruntime-node/package.json');

/**
 * @returns {Promise<{ correct: number, count: number, runtime: string,
 *   perClass: number[], errors: Record<string, number> }>}
 *   perClass[d]: the share of test digits of class d predicted right;
 *   errors: "<true>-><predicted>" -> how many test digits, for every pair seen.
 */
export async function testAccuracy(modelBytes, { batch = 500, data = loadMnist('test') } = {}) {
  const session = await ort.InferenceSession.create(modelBytes);
  const { images, labels, count } = data;
  const confusion = Array.from({ length: 10 }, () => new Array(10).fill(0));
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const input = new ort.Tensor('float32', images.subarray(start * PIXELS, (start + n) * PIXELS), [n, 1, 28, 28]);
    const { logits } = await session.run({ input }, ['logits']);
    for (let i = 0; i < n; i++) confusion[labels[start + i]][argmax(logits.data.subarray(i * 10, i * 10 + 10))]++;
  }
  await session.release();
  const correct = confusion.reduce((sum, row, d) => sum + row[d], 0);
  const perClass = confusion.map((row, d) => row[d] / row.reduce((a, b) => a + b, 0));
  const errors = {};
  confusion.forEach((row, t) => row.forEach((n, p) => { if (t !== p && n) errors[`${t}->${p}`] = n; }));
  return { correct, count, runtime: `onnxruntime-node ${version}`, perClass, errors };
}

export function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
