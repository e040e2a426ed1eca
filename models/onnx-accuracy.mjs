// Held-out accuracy of an ONNX model, computed with onnxruntime-node (native CPU).
// Shared by models/finalize.mjs (which records it) and the unit tests (which recheck it).
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { loadHeldout, PIXELS } from './mnist-split.mjs';

const { version } = createRequire(import.meta.url)('onnxruntime-node/package.json');

export async function heldoutAccuracy(modelBytes, batch = 500) {
  const session = await ort.InferenceSession.create(modelBytes);
  const { images, labels, count } = loadHeldout();
  let correct = 0;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const input = new ort.Tensor('float32', images.subarray(start * PIXELS, (start + n) * PIXELS), [n, 1, 28, 28]);
    const { logits } = await session.run({ input }, ['logits']);
    for (let i = 0; i < n; i++) {
      const row = logits.data.subarray(i * 10, i * 10 + 10);
      if (argmax(row) === labels[start + i]) correct++;
    }
  }
  await session.release();
  return { correct, count, runtime: `onnxruntime-node ${version}` };
}

export function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
