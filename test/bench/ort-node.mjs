// onnxruntime-node (native CPU) on the same model and digits: the machine's practical limit.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { loadMnist, PIXELS } from '../../models/mnist-idx.mjs';
import { argmax } from '../../models/onnx-accuracy.mjs';

export async function measureOrtNode({ latencyCalls, burstImages, batchSize, repetitions }) {
  const session = await ort.InferenceSession.create(readFileSync(new URL('../../models/se-lenet-mnist.onnx', import.meta.url)));
  const { images, labels, count } = loadMnist('test'); // the standard 10,000 MNIST test digits
  const run = (start, n) =>
    session.run({ input: new ort.Tensor('float32', images.subarray(start * PIXELS, (start + n) * PIXELS), [n, 1, 28, 28]) });
  const started = performance.now();
  await run(0, 1);
  const loadMs = performance.now() - started;

  let correct = 0;
  for (let i = 0; i < count; i += batchSize) {
    const n = Math.min(batchSize, count - i);
    const { logits } = await run(i, n);
    for (let k = 0; k < n; k++) if (argmax(logits.data.subarray(k * 10, k * 10 + 10)) === labels[i + k]) correct++;
  }
  const latencies = [];
  for (let i = 0; i < latencyCalls; i++) {
    const t = performance.now();
    await run(i % count, 1);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const timeBatches = async (size) => {
    const times = [];
    for (let r = 0; r < repetitions; r++) {
      const t = performance.now();
      for (let done = 0; done < burstImages; done += size) {
        const n = Math.min(size, burstImages - done);
        await run(done % (count - n), n);
      }
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[times.length >> 1];
  };
  const batchedMs = await timeBatches(batchSize);
  const eachMs = await timeBatches(1);
  await session.release();
  return {
    loadMs,
    latency: { p50: latencies[latencies.length >> 1], p95: latencies[Math.floor(0.95 * latencies.length)], calls: latencyCalls },
    burst: { images: burstImages, ms: eachMs, perSecond: (1000 * burstImages) / eachMs, longTasks: 0, longestTaskMs: NaN, longTaskMs: 0 },
    batched: { images: burstImages, ms: batchedMs, perSecond: (1000 * burstImages) / batchedMs, batchSize },
    accuracy: { correct, count },
  };
}
