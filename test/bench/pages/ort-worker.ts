// Raw onnxruntime-web in a minimal hand-written worker: the floor any worker design pays.
import { argmaxRows, PIXELS, type Target } from './target.js';

/**
 * The hand-written worker running the committed model, or the .onnx at `model` (same input and
 * output names), on `threads` WASM threads (default: onnxruntime-web's own choice).
 */
export function ortWorkerTarget(threads?: number, model?: string): Target {
  // Both travel in the worker's URL (its WASM threads start from the same file).
  const url = new URL('./ort-worker-thread.js', import.meta.url);
  if (threads) url.searchParams.set('threads', String(threads));
  if (model) url.searchParams.set('model', model);
  const worker = new Worker(url, { type: 'module' });
  let used = 1;
  const pending = new Map<number, (logits: Float32Array) => void>();
  let next = 0;
  let failed: ((error: Error) => void) | null = null;
  worker.onerror = (event) => failed?.(new Error(`worker: ${event.message}`));
  worker.onmessage = (event: MessageEvent<{ id: number; logits: Float32Array; threads?: number }>) => {
    used = event.data.threads ?? used;
    pending.get(event.data.id)!(event.data.logits);
    pending.delete(event.data.id);
  };
  const call = (input: Float32Array | undefined, count: number) =>
    new Promise<Float32Array>((resolve, reject) => {
      failed = reject;
      const id = next++;
      pending.set(id, resolve);
      // A copy, as any worker design needs: the caller keeps its array.
      const copy = input?.slice();
      worker.postMessage({ id, input: copy, count }, copy ? [copy.buffer] : []);
    });
  return {
    load: () => call(undefined, 0).then(() => undefined),
    one: async (input) => argmaxRows(await call(input, 1), 1)[0]!,
    each: async (inputs) => (await Promise.all(inputs.map((x) => call(x, 1)))).map((l) => argmaxRows(l, 1)[0]!),
    async batched(images, count, batchSize) {
      const calls: Promise<number[]>[] = [];
      for (let i = 0; i < count; i += batchSize) {
        const n = Math.min(batchSize, count - i);
        calls.push(call(images.subarray(i * PIXELS, (i + n) * PIXELS), n).then((l) => argmaxRows(l, n)));
      }
      return (await Promise.all(calls)).flat();
    },
    async dispose() {
      worker.terminate();
    },
    threads: () => used,
  };
}
