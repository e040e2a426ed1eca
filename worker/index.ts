// The worker's entry point: exposes the API to the main thread over Comlink, with the
// error transfer that keeps the SDK's error classes intact.
import * as Comlink from 'comlink';
import { registerErrorTransfer } from '../contract/error-transfer.js';
import { createWorkerApi } from './api.js';

// onnxruntime-web names its WASM threads "em-pthread...". If this file runs as one, an app's
// bundler has served it in place of the runtime's glue: fail loudly at once (the runtime
// start sees the error and goes on with one thread) instead of never answering.
if (self.name.startsWith('em-pthread')) {
  throw new Error("se-edge's worker.js was started as an onnxruntime-web thread: the app's build served it in place of ort-wasm-simd-threaded.mjs");
}

registerErrorTransfer();
Comlink.expose(createWorkerApi(self));
