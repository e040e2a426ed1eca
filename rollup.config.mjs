// The SDK's build (npm run build): two bundles, each self-contained. The demo
// (demo/rollup.config.mjs) and the benchmark pages (test/bench/rollup.config.mjs) have
// builds of their own, made from this one's output as an app would use it.
//   dist/index.js   the main-thread SDK (Comlink included, never onnxruntime-web)
//   dist/worker.js  the worker; each onnxruntime-web build is a chunk it imports on demand
//                   (ort-wasm: CPU only; ort-webgpu: JSEP WebGPU + CPU), so a page loads
//                   only the runtime its backend needs.
// Assets copied beside them: onnxruntime-web's .wasm files and the bundled model.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import nodeResolve from '@rollup/plugin-node-resolve';
import { minify } from './scripts/minify.mjs';
import { transpileTypeScript } from './scripts/transpile-typescript.mjs';

const require = createRequire(import.meta.url);
// onnxruntime-web's exports map hides package.json and the .wasm paths from require:
// find its folder from the main entry instead.
const ortDir = new URL('./', `file://${require.resolve('onnxruntime-web')}`).pathname;
const ortVersion = JSON.parse(readFileSync(`${ortDir}../package.json`, 'utf8')).version;
const ortFile = (name) => `${ortDir}${name}`;
const ortWasmFiles = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.jsep.wasm'];
const modelFiles = ['se-lenet-mnist.manifest.json', 'se-lenet-mnist.onnx'];

/** Emits files verbatim into dist/ under the given names. */
function copyAssets(files) {
  return {
    name: 'copy-assets',
    generateBundle() {
      for (const [fileName, path] of files) this.emitFile({ type: 'asset', fileName, source: readFileSync(path) });
    },
  };
}

/**
 * `virtual:ort-runtime`: the version and SHA-256 of each onnxruntime-web .wasm this build
 * ships, so the worker can verify runtime bytes (from the network or its cache) before use.
 */
function ortRuntimeInfo() {
  const id = 'virtual:ort-runtime';
  return {
    name: 'ort-runtime-info',
    resolveId: (source) => (source === id ? '\0' + id : null),
    load(resolved) {
      if (resolved !== '\0' + id) return null;
      const files = Object.fromEntries(ortWasmFiles.map((f) => {
        const bytes = readFileSync(ortFile(f));
        return [f, { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }];
      }));
      return `export const ortVersion = ${JSON.stringify(ortVersion)};\n` +
        `export const ortWasmFiles = ${JSON.stringify(files)};\n`;
    },
  };
}

export default [
  {
    input: 'src/index.ts',
    output: { file: 'dist/index.js', format: 'es', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true }),
      transpileTypeScript(),
      minify,
      copyAssets(modelFiles.map((f) => [`models/${f}`, `models/${f}`])),
    ],
  },
  {
    input: 'worker/index.ts',
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: 'worker.js',
      // onnxruntime-web's bundles name their own file in `new URL('ort….bundle.min.mjs',
      // import.meta.url)` (for Node); webpack resolves that literal at build time, so the
      // chunks keep those exact names.
      chunkFileNames: (chunk) => (chunk.name.startsWith('ort.') ? '[name].mjs' : '[name]-[hash].js'),
    },
    plugins: [
      ortRuntimeInfo(),
      nodeResolve({ browser: true }),
      transpileTypeScript(),
      minify,
      copyAssets(ortWasmFiles.map((f) => [f, ortFile(f)])),
    ],
  },
];
