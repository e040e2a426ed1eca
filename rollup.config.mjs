// The SDK's build (npm run build): two bundles, each one self-contained file with no
// imports and no chunks, so that any bundler can take them as they are. The demo
// (demo/rollup.config.mjs) and the benchmark pages (test/bench/rollup.config.mjs) have
// builds of their own, made from this one's output as an app would use it.
//   dist/index.js   the main-thread SDK (Comlink included, never onnxruntime-web)
//   dist/worker.js  the worker (Comlink and idb-keyval included, never onnxruntime-web)
// Copied beside them, verbatim: onnxruntime-web's files (its script for each build, the
// Emscripten glue its threads start from, the .wasm), which the worker loads by URL, and
// the bundled model.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import nodeResolve from '@rollup/plugin-node-resolve';
import { minify, minifyKeepingBundlerHints } from './scripts/minify.mjs';
import { transpileTypeScript } from './scripts/transpile-typescript.mjs';

const require = createRequire(import.meta.url);
// onnxruntime-web's exports map hides package.json and the .wasm paths from require:
// find its folder from the main entry instead.
const ortDir = new URL('./', `file://${require.resolve('onnxruntime-web')}`).pathname;
const ortVersion = JSON.parse(readFileSync(`${ortDir}../package.json`, 'utf8')).version;
const ortFile = (name) => `${ortDir}${name}`;
const ortWasmFiles = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.jsep.wasm'];
/** CPU-only build (script + glue), then the JSEP build (WebGPU + CPU). */
const ortScripts = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort.min.mjs', 'ort-wasm-simd-threaded.jsep.mjs'];
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
    output: { file: 'dist/worker.js', format: 'es', sourcemap: true },
    plugins: [
      ortRuntimeInfo(),
      nodeResolve({ browser: true }),
      transpileTypeScript(),
      minifyKeepingBundlerHints,
      copyAssets([...ortWasmFiles, ...ortScripts].map((f) => [f, ortFile(f)])),
    ],
  },
];
