// dist/worker.js: the SDK's worker with onnxruntime-web's CPU-only build (WASM backend).
import * as ort from 'onnxruntime-web/wasm';
import { startWorker } from './start-worker.js';

startWorker({
  ort,
  backends: ['wasm'],
  wasmFile: 'ort-wasm-simd-threaded.wasm',
  wasmUrl: () => new URL('./ort-wasm-simd-threaded.wasm', import.meta.url),
});
