// onnxruntime-web, bundled into the worker file that needs it: worker.js holds the CPU-only
// build (ort.wasm.bundle.min.mjs, 14 MB of .wasm), worker-webgpu.js the JSEP build (WebGPU +
// CPU, ort.bundle.min.mjs, 28 MB of .wasm) for pages that run WebGPU. Each build embeds its
// Emscripten glue, so its WASM threads start from the worker file itself (named
// "em-pthread...", which start-worker.ts leaves to the runtime). The SDK's build rewrites the
// runtime's `import.meta.url` to `self.location.href`, the URL the worker file was really
// served from, which no app's bundler can rewrite: wherever the app's build puts the
// worker, its threads find it.
// JSEP, not the native WebGPU EP of onnxruntime-web/webgpu, which computes this model's
// second convolution wrong. The .wasm bytes come through loadVerifiedFile (cache or network,
// SHA-256 checked) and are handed to ORT as env.wasm.wasmBinary: ORT fetches nothing.
import type * as OrtModule from 'onnxruntime-web';
import { ortWasmFiles } from 'virtual:ort-runtime';
import type { BackendName } from '../../contract/types.js';
import { loadVerifiedFile, type LoadContext, type Verified } from './verified-file.js';

export type Ort = typeof OrtModule;

/** The runtime bundled into this worker file. */
export interface BundledRuntime {
  ort: Ort;
  /** The backends it can run: the CPU-only build runs 'wasm' only. */
  backends: readonly BackendName[];
  /** Its .wasm, by its name in se-edge's build (which finds its SHA-256). */
  wasmFile: string;
  /**
   * Where its .wasm is, named in a literal `new URL(..., import.meta.url)` in the entry file:
   * the pattern bundlers follow to copy the file (they may rename it).
   */
  wasmUrl: () => URL;
}

/** The runtime's .wasm, verified, and the module compiled from its bytes while they were hashed. */
export interface RuntimeBinary extends Verified {
  /** Undefined when the bytes did not compile: the runtime then compiles them itself, and says why it cannot. */
  module: Promise<WebAssembly.Module | undefined>;
}

/**
 * The runtime's .wasm bytes, verified against the hash fixed at build time (cache or
 * network). They are compiled while they are hashed: compiling runs nothing, and the module
 * is instantiated only once the bytes are verified (runtime-start.ts).
 */
export async function loadRuntimeBinary(runtime: BundledRuntime, wasmPaths: string | undefined, context: LoadContext): Promise<RuntimeBinary> {
  const url = wasmPaths ? new URL(runtime.wasmFile, wasmPaths) : runtime.wasmUrl();
  const info = ortWasmFiles[runtime.wasmFile]!;
  let module: RuntimeBinary['module'] = Promise.resolve(undefined);
  const verified = await loadVerifiedFile({ kind: 'runtime', family: `onnxruntime-web/${runtime.wasmFile}`, url: url.href, ...info }, context, (bytes) => {
    module = WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  });
  return { ...verified, module };
}

/**
 * Sets up the runtime: verified .wasm bytes, the thread count. The bytes go as their whole
 * buffer where they fill it, which the runtime views rather than copies.
 */
export function configureOrt(ort: Ort, wasmBinary: Uint8Array, numThreads: number): void {
  ort.env.logLevel = 'error';
  ort.env.wasm.wasmBinary = wholeBuffer(wasmBinary) ?? wasmBinary;
  ort.env.wasm.numThreads = numThreads;
}

/** The buffer of a view that covers all of it; undefined for a view into part of one. */
export function wholeBuffer(bytes: Uint8Array): ArrayBufferLike | undefined {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : undefined;
}
