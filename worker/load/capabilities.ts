// What this browser gives the worker, checked before anything is downloaded, so that a
// missing feature is a clear error (or, for threads, one thread and a warning) instead of a
// failure deep inside onnxruntime-web. Here in the worker, not on the main thread, whose
// bundle has a size budget. docs/browser-support.md lists each check (image reading, which
// only running needs, is checked in ../image-pixels.ts).

/** A WebAssembly module with one SIMD instruction (i32x4.dot_i16x8_s), as onnxruntime-web probes it. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 30, 1, 28, 0, 65, 0, 253, 15, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 253, 186, 1, 26, 11,
]);

/** Why onnxruntime-web's WASM runtime cannot run here at all; undefined when it can. */
export function runtimeProblem(scope: typeof globalThis = globalThis): string | undefined {
  if (typeof scope.WebAssembly?.validate !== 'function') {
    return 'WebAssembly is not available in this browser (it is turned off, as by Lockdown Mode on Apple devices or by a policy)';
  }
  if (!scope.WebAssembly.validate(SIMD_PROBE)) {
    return "this browser's WebAssembly has no SIMD, which onnxruntime-web needs (Chrome 91, Firefox 89, Safari 16.4 or later)";
  }
  return undefined;
}

/** Why WASM threads cannot run here; undefined when they can. */
export function threadsProblem(scope: typeof globalThis = globalThis): string | undefined {
  if (!scope.crossOriginIsolated) {
    return 'threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages (serve the page with the COOP and COEP headers)';
  }
  if (typeof scope.SharedArrayBuffer !== 'function') {
    return 'this browser gives no SharedArrayBuffer even to this cross-origin isolated page (WebKitGTK and WPE do not yet; Safari does)';
  }
  if (typeof scope.Worker !== 'function') return 'this browser cannot start workers from a worker (Safari before 15.5)';
  return undefined;
}
