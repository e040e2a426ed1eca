// Raw onnxruntime-web on the main thread: what an app does without an SDK.
import * as ort from 'onnxruntime-web/wasm';
import { argmaxRows, sequentialCalls, type Target } from './target.js';

export function ortMainTarget(threads?: number): Target {
  let session: ort.InferenceSession;
  const run = async (input: Float32Array, count: number) => {
    const out = await session.run({ input: new ort.Tensor('float32', input, [count, 1, 28, 28]) });
    return argmaxRows(out.logits!.data as Float32Array, count);
  };
  return {
    async load() {
      // Only the .wasm location: the bundle carries its own JS glue.
      ort.env.wasm.wasmPaths = { wasm: new URL('/dist/ort-wasm-simd-threaded.wasm', location.href).href };
      if (threads) ort.env.wasm.numThreads = threads;
      session = await ort.InferenceSession.create('/dist/models/se-lenet-mnist.onnx', { executionProviders: ['wasm'] });
    },
    ...sequentialCalls(run),
    dispose: () => session.release(),
    threads: () => ort.env.wasm.numThreads ?? 1,
  };
}
