// The floor of a start: onnxruntime-web in a plain worker, written by hand, doing only what
// any start must do: fetch the .wasm (streamed, from an HTTP-cacheable URL) and the model,
// create a session, run it once. No SDK, no cache of its own, no checks.
import * as ort from 'onnxruntime-web/wasm';

// onnxruntime-web's bundle starts its WASM threads from this same file (named "em-pthread"):
// there, its own code, imported above, answers the messages.
if (!self.name.startsWith('em-pthread')) self.onmessage = async (event: MessageEvent<{ threads: number; input: Float32Array }>) => {
  const started = performance.now();
  ort.env.wasm.numThreads = event.data.threads;
  ort.env.wasm.wasmPaths = { wasm: new URL('/node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm', location.href).href };
  const model = new Uint8Array(await (await fetch('/models/se-lenet-mnist.onnx')).arrayBuffer());
  const fetched = performance.now();
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const created = performance.now();
  const out = await session.run({ input: new ort.Tensor('float32', event.data.input, [1, 1, 28, 28]) });
  const ran = performance.now();
  const logits = out.logits!.data as Float32Array;
  const label = String(logits.indexOf(Math.max(...logits)));
  self.postMessage({ label, phases: { workerStart: started, modelFetch: fetched - started, sessionCreate: created - fetched, firstRun: ran - created } });
};
