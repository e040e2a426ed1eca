// Written by rollup.config.mjs at build time from the .wasm files the build ships.
declare module 'virtual:ort-runtime' {
  export const ortVersion: string;
  export const ortWasmFiles: Record<string, { sha256: string; bytes: number }>;
}
