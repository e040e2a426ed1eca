// The hand-written worker: onnxruntime-web and plain postMessage, nothing else.
import * as ort from 'onnxruntime-web/wasm';

let session: Promise<ort.InferenceSession> | null = null;
const model = new URL(location.href).searchParams.get('model') ?? '/dist/models/se-lenet-mnist.onnx';
const scope = self as unknown as { postMessage(message: unknown, transfer?: Transferable[]): void };

self.onmessage = async (event: MessageEvent<{ id: number; input?: Float32Array; count?: number }>) => {
  const { id, input, count } = event.data;
  session ??= ((ort.env.wasm.wasmPaths = { wasm: new URL('/dist/ort-wasm-simd-threaded.wasm', location.href).href }),
  ort.InferenceSession.create(model, { executionProviders: ['wasm'] }));
  const s = await session;
  if (!input) return scope.postMessage({ id });
  const out = await s.run({ input: new ort.Tensor('float32', input, [count!, 1, 28, 28]) });
  const logits = out.logits!.data as Float32Array;
  scope.postMessage({ id, logits }, [logits.buffer]);
};
