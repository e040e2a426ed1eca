// Raw onnxruntime-web on the main thread: what an app does without an SDK.
import * as ort from 'onnxruntime-web/wasm';
import { argmaxRows, PIXELS, type Target } from './target.js';

export function ortMainTarget(): Target {
  let session: ort.InferenceSession;
  const run = async (input: Float32Array, count: number) => {
    const out = await session.run({ input: new ort.Tensor('float32', input, [count, 1, 28, 28]) });
    return argmaxRows(out.logits!.data as Float32Array, count);
  };
  return {
    async load() {
      // Only the .wasm location: the bundle carries its own JS glue.
      ort.env.wasm.wasmPaths = { wasm: new URL('/dist/ort-wasm-simd-threaded.wasm', location.href).href };
      session = await ort.InferenceSession.create('/dist/models/se-lenet-mnist.onnx', { executionProviders: ['wasm'] });
    },
    one: async (input) => (await run(input, 1))[0]!,
    // One session runs one call at a time: an app awaits each image in turn.
    async each(inputs) {
      const out: number[] = [];
      for (const x of inputs) out.push((await run(x, 1))[0]!);
      return out;
    },
    async batched(images, count, batchSize) {
      const out: number[] = [];
      for (let i = 0; i < count; i += batchSize) {
        const n = Math.min(batchSize, count - i);
        out.push(...(await run(images.subarray(i * PIXELS, (i + n) * PIXELS), n)));
      }
      return out;
    },
    dispose: () => session.release(),
  };
}
