// dist/worker-webgpu.js: the SDK's worker with onnxruntime-web's JSEP build (WebGPU and WASM
// backends), for pages that run WebGPU.
import * as ort from 'onnxruntime-web';
import { startWorker } from './start-worker.js';

startWorker({
  ort,
  backends: ['webgpu', 'wasm'],
  wasmFile: 'ort-wasm-simd-threaded.jsep.wasm',
  wasmUrl: () => new URL('./ort-wasm-simd-threaded.jsep.wasm', import.meta.url),
});
