// onnxruntime-web, as files of its own beside the worker, never bundled into it: its script
// (ort.wasm.min.mjs, CPU only; or ort.min.mjs, the JSEP build with WebGPU, only when WebGPU is
// wanted), the Emscripten glue its WASM threads start from, and the .wasm. The worker names
// each in a literal `new URL(..., import.meta.url)`, the pattern every bundler copies as a
// file, and imports the script by URL at run time (bundlers leave such an import alone). So
// no bundler can fold the runtime into the worker: the threads always start from the glue's
// own URL, whatever the app's build did to worker.js.
// JSEP, not the native WebGPU EP of onnxruntime-web/webgpu, which computes this model's
// second convolution wrong. The .wasm bytes come through loadVerifiedFile (cache or network,
// SHA-256 checked) and are handed to ORT as env.wasm.wasmBinary: ORT fetches no .wasm.
import type * as OrtModule from 'onnxruntime-web';
import { ortWasmFiles } from 'virtual:ort-runtime';
import { ModelLoadError } from '../contract/errors.js';
import type { BackendName, ModelSource } from '../contract/types.js';
import { describeError } from './describe-error.js';
import { loadVerifiedFile, type LoadContext } from './verified-file.js';

export type Ort = typeof OrtModule;

/** Where one runtime build's three files are. */
export interface RuntimeFiles {
  /** onnxruntime-web's ES module. */
  script: string;
  /** The Emscripten glue (ES module) the runtime imports, and every WASM thread starts from. */
  glue: string;
  /** The WebAssembly binary. */
  wasm: string;
  /** The binary's name in se-edge's build, which finds its SHA-256 (bundlers may rename the file). */
  wasmFile: string;
}

const builtFiles: Record<BackendName, () => RuntimeFiles> = {
  wasm: () => ({
    script: new URL('./ort.wasm.min.mjs', import.meta.url).href,
    glue: new URL('./ort-wasm-simd-threaded.mjs', import.meta.url).href,
    wasm: new URL('./ort-wasm-simd-threaded.wasm', import.meta.url).href,
    wasmFile: 'ort-wasm-simd-threaded.wasm',
  }),
  webgpu: () => ({
    script: new URL('./ort.min.mjs', import.meta.url).href,
    glue: new URL('./ort-wasm-simd-threaded.jsep.mjs', import.meta.url).href,
    wasm: new URL('./ort-wasm-simd-threaded.jsep.wasm', import.meta.url).href,
    wasmFile: 'ort-wasm-simd-threaded.jsep.wasm',
  }),
};

const originalNames: Record<BackendName, [string, string]> = {
  wasm: ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs'],
  webgpu: ['ort.min.mjs', 'ort-wasm-simd-threaded.jsep.mjs'],
};

/** The files of the runtime build a backend needs: beside this worker, or under `wasmPaths`. */
export function runtimeFiles(backend: BackendName, wasmPaths?: string): RuntimeFiles {
  const files = builtFiles[backend]();
  if (!wasmPaths) return files;
  const [script, glue] = originalNames[backend];
  const at = (name: string) => new URL(name, wasmPaths).href;
  return { ...files, script: at(script), glue: at(glue), wasm: at(files.wasmFile) };
}

/** The runtime's .wasm bytes, verified against the hash fixed at build time (cache or network). */
export function loadRuntimeBinary(files: RuntimeFiles, context: LoadContext): Promise<{ bytes: Uint8Array; source: ModelSource }> {
  const info = ortWasmFiles[files.wasmFile]!;
  return loadVerifiedFile({ kind: 'runtime', family: `onnxruntime-web/${files.wasmFile}`, url: files.wasm, ...info }, context);
}

/** What to do when the runtime's files cannot be found, said once for every message. */
export const RUNTIME_FIX =
  "Serve the files of se-edge's dist/ folder (ort*.mjs, ort-wasm-simd-threaded*.mjs and .wasm) beside its worker.js, or set the wasmPaths option to where they are";

/**
 * Imports onnxruntime-web's script. `fresh` asks for a new instance of the runtime (a module
 * imported once more under another URL): an instance whose start failed cannot start again.
 */
export async function importOrt(files: RuntimeFiles, fresh = false): Promise<Ort> {
  const url = fresh ? `${files.script}${files.script.includes('?') ? '&' : '?'}instance=${crypto.randomUUID()}` : files.script;
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ url)) as Ort;
  } catch (cause) {
    throw new ModelLoadError(`onnxruntime-web's script ${files.script} could not be loaded (${describeError(cause)}). ${RUNTIME_FIX}`, { cause });
  }
}

/** Sets up a runtime instance: verified .wasm bytes, the glue's URL, the thread count. */
export function configureOrt(ort: Ort, files: RuntimeFiles, wasmBinary: Uint8Array, numThreads: number): void {
  ort.env.logLevel = 'error';
  ort.env.wasm.wasmBinary = wasmBinary;
  ort.env.wasm.wasmPaths = { mjs: files.glue };
  ort.env.wasm.numThreads = numThreads;
}
