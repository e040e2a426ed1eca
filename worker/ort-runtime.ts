// onnxruntime-web, loaded on demand: the CPU-only build for WASM (14 MB of .wasm), the
// JSEP build (WebGPU + CPU, 28 MB) only when WebGPU is wanted. JSEP, not the native WebGPU
// EP of onnxruntime-web/webgpu, which computes this model's second convolution wrong.
// The .wasm bytes come through loadVerifiedFile (cache or network, SHA-256 checked) and are
// handed to ORT as env.wasm.wasmBinary, so ORT itself fetches nothing.
import type * as OrtModule from 'onnxruntime-web';
import { ortWasmFiles } from 'virtual:ort-runtime';
import type { BackendName, ModelSource } from '../src/types.js';
import { loadVerifiedFile, type LoadContext } from './verified-file.js';

export type Ort = typeof OrtModule;

const buildFor = {
  wasm: { file: 'ort-wasm-simd-threaded.wasm', load: () => import('onnxruntime-web/wasm') },
  webgpu: { file: 'ort-wasm-simd-threaded.jsep.wasm', load: () => import('onnxruntime-web') },
} as const;

export interface RuntimeOptions {
  /** Base URL of the .wasm files; by default the folder this worker was served from. */
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
  const base = options.wasmPaths ? new URL(options.wasmPaths, self.location.href) : new URL('./', import.meta.url);
  const [ort, wasm] = await Promise.all([
    build.load() as Promise<Ort>,
    loadVerifiedFile(
      { kind: 'runtime', family: `onnxruntime-web/${build.file}`, url: new URL(build.file, base).href, ...info },
      context,
    ),
  ]);
  ort.env.logLevel = 'error';
  ort.env.wasm.numThreads = options.numThreads;
  ort.env.wasm.wasmBinary = wasm.bytes;
  return { ort, source: wasm.source };
}

