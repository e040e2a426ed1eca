// What each worker file runs: the API exposed over Comlink, with the error transfer that
// keeps the SDK's error classes intact. The worker files differ only in the runtime they
// bundle (entry-wasm.ts, entry-webgpu.ts).
import * as Comlink from 'comlink';
import { registerErrorTransfer } from '../contract/error-transfer.js';
import { createWorkerApi } from './api.js';
import type { BundledRuntime } from './load/ort-runtime.js';

export function startWorker(runtime: BundledRuntime): void {
  // onnxruntime-web starts its WASM threads from this very file, named "em-pthread...": the
  // runtime's own code, evaluated with this file's imports, has already made this one a thread.
  if (self.name.startsWith('em-pthread')) return;
  registerErrorTransfer();
  Comlink.expose(createWorkerApi(self, runtime));
}
