// The hand-written worker: onnxruntime-web and plain postMessage, nothing else.
import * as ort from 'onnxruntime-web/wasm';

let session: Promise<ort.InferenceSession> | null = null;
const query = new URL(location.href).searchParams;
const model = query.get('model') ?? '/dist/models/se-lenet-mnist.onnx';
const threads = query.get('threads');
const scope = self as unknown as { postMessage(message: unknown, transfer?: Transferable[]): void };

// onnxruntime-web starts its WASM threads from this same file (named "em-pthread"): there, its
// own code, imported above, answers the messages, and this handler must stay out of the way.
if (!self.name.startsWith('em-pthread')) self.onmessage = async (event: MessageEvent<{ id: number; input?: Float32Array; count?: number }>) => {
  const { id, input, count } = event.data;
  if (threads) ort.env.wasm.numThreads = Number(threads);
  session ??= ((ort.env.wasm.wasmPaths = { wasm: new URL('/dist/ort-wasm-simd-threaded.wasm', location.href).href }),
  ort.InferenceSession.create(model, { executionProviders: ['wasm'] }));
  const s = await session;
  if (!input) return scope.postMessage({ id, threads: ort.env.wasm.numThreads });
  const out = await s.run({ input: new ort.Tensor('float32', input, [count!, 1, 28, 28]) });
  const logits = out.logits!.data as Float32Array;
  scope.postMessage({ id, logits }, [logits.buffer]);
};
