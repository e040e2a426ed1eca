// onnxruntime-web, loaded on demand: the CPU-only build for WASM (14 MB of .wasm), the
// JSEP build (WebGPU + CPU, 28 MB) only when WebGPU is wanted. JSEP, not the native WebGPU
// EP of onnxruntime-web/webgpu, which computes this model's second convolution wrong.
// The .wasm bytes come through loadVerifiedFile (cache or network, SHA-256 checked) and are
// handed to ORT as env.wasm.wasmBinary, so ORT itself fetches nothing.
import type * as OrtModule from 'onnxruntime-web';
import { ortWasmFiles } from 'virtual:ort-runtime';
import type { BackendName, ModelSource } from '../contract/types.js';
import { loadVerifiedFile, type LoadContext } from './verified-file.js';

export type Ort = typeof OrtModule;

// Each .wasm is named in a literal `new URL(..., import.meta.url)`, the pattern bundlers
// (Vite, webpack, rollup plugins) recognise, so that an app's build copies it.
const buildFor = {
  wasm: {
    file: 'ort-wasm-simd-threaded.wasm',
    url: () => new URL('./ort-wasm-simd-threaded.wasm', import.meta.url),
    load: () => import('onnxruntime-web/wasm'),
  },
  webgpu: {
    file: 'ort-wasm-simd-threaded.jsep.wasm',
    url: () => new URL('./ort-wasm-simd-threaded.jsep.wasm', import.meta.url),
    load: () => import('onnxruntime-web'),
  },
} as const;

export interface RuntimeOptions {
  /** Base URL of the .wasm files; by default where this worker's build put them. */
  wasmPaths?: string;
  numThreads: number;
}

export async function loadOrt(
  backend: BackendName,
  options: RuntimeOptions,
  context: LoadContext,
): Promise<{ ort: Ort; source: ModelSource }> {
  const build = buildFor[backend];
  const info = ortWasmFiles[build.file]!;
  const url = options.wasmPaths ? new URL(build.file, options.wasmPaths) : build.url();
  const [ort, wasm] = await Promise.all([
    build.load() as Promise<Ort>,
    loadVerifiedFile(
      { kind: 'runtime', family: `onnxruntime-web/${build.file}`, url: url.href, ...info },
      context,
    ),
  ]);
  ort.env.logLevel = 'error';
  ort.env.wasm.numThreads = options.numThreads;
  ort.env.wasm.wasmBinary = wasm.bytes;
  return { ort, source: wasm.source };
}

