// Modules written by rollup.config.mjs at build time.
declare module 'virtual:ort-runtime' {
  /** onnxruntime-web's version. */
  export const ortVersion: string;
  /** Each .wasm the build ships, by file name: its SHA-256 and size. */
  export const ortWasmFiles: Record<string, { sha256: string; bytes: number }>;
}

declare module 'virtual:bundled-model' {
  /** The bundled model's manifest (models/se-lenet-mnist.manifest.json), checked at load like any other. */
  export const manifest: unknown;
}
