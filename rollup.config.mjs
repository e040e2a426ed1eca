// Two builds, each self-contained:
//   dist/index.js   the main-thread SDK (Comlink included, never onnxruntime-web)
//   dist/worker.js  the worker; each onnxruntime-web build is a chunk it imports on demand
//                   (ort-wasm: CPU only; ort-webgpu: JSEP WebGPU + CPU), so a page loads
//                   only the runtime its backend needs.
// Assets copied beside them: onnxruntime-web's .wasm files and the bundled model.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const require = createRequire(import.meta.url);
const projectRoot = dirname(new URL(import.meta.url).pathname);
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

/** `heldout-500.bin`: the demo's sample, the first 500 held-out digits (50 per class) as bytes + labels. */
function demoSample() {
  return {
    name: 'demo-sample',
    async generateBundle() {
      const { loadHeldout, PIXELS } = await import('./models/mnist-split.mjs');
      const { images, labels } = loadHeldout();
      const count = 500;
      const source = new Uint8Array(count * (PIXELS + 1));
      for (let i = 0; i < count * PIXELS; i++) source[i] = Math.round(images[i] * 255);
      source.set(labels.subarray(0, count), count * PIXELS);
      this.emitFile({ type: 'asset', fileName: 'heldout-500.bin', source });
    },
  };
}

/**
 * `virtual:demo-precache`: what the demo's service worker keeps for offline visits: the
 * demo page and the SDK's JavaScript, by paths relative to dist/demo/sw.js, and a version
 * that changes with their contents. Runs after the other builds, so it sees their chunks.
 */
function demoPrecache() {
  const id = 'virtual:demo-precache';
  return {
    name: 'demo-precache',
    resolveId: (source) => (source === id ? '\0' + id : null),
    load(resolved) {
      if (resolved !== '\0' + id) return null;
      const sdk = readdirSync('dist').filter((f) => /\.m?js$/.test(f)).map((f) => `../${f}`);
      const files = [...sdk, '../models/se-lenet-mnist.manifest.json', './main.js', './heldout-500.bin',
        '../../demo/index.html', '../../demo/demo.css', '../../demo/favicon.svg'];
      const hash = createHash('sha256');
      for (const f of files) if (!f.endsWith('.bin')) hash.update(readFileSync(new URL(f, new URL('dist/demo/', import.meta.url))));
      const precache = ['../../demo/', ...files];
      return `export const precache = ${JSON.stringify(precache)};\n` +
        `export const version = ${JSON.stringify(hash.digest('hex').slice(0, 12))};\n`;
    },
  };
}

/**
 * Source maps that work from the installed package: each TypeScript source is embedded
 * (inlineSources), and sourceRoot tells the plugin where the sources are, so that rollup
 * names them relative to each map (`../src/...`). Without it the paths came out relative to
 * where tsc would have put each .js (dist/src/...), one level off: outside the package,
 * which bundlers warn about.
 */
const typescriptMaps = { sourceMap: true, inlineSources: true, sourceRoot: projectRoot };

const minify = terser({
  module: true,
  ecma: 2022,
  format: { comments: false },
  compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
});

export default [
  {
    input: 'src/index.ts',
    output: { file: 'dist/index.js', format: 'es', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true }),
      typescript({ tsconfig: 'tsconfig.src.json', declaration: false, outDir: 'dist', ...typescriptMaps }),
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
      typescript({ tsconfig: 'tsconfig.worker.json', declaration: false, outDir: 'dist', ...typescriptMaps }),
      minify,
      copyAssets(ortWasmFiles.map((f) => [f, ortFile(f)])),
    ],
  },
  {
    // The demo, built against the SDK's public entry as an app would use it.
    input: 'demo/main.ts',
    external: ['se-edge'],
    output: { file: 'dist/demo/main.js', format: 'es', sourcemap: true, paths: { 'se-edge': '../index.js' } },
    plugins: [
      typescript({ tsconfig: 'tsconfig.demo.json', declaration: false, outDir: 'dist/demo', ...typescriptMaps }),
      minify,
      demoSample(),
    ],
  },
  {
    input: 'demo/sw.ts',
    output: { file: 'dist/demo/sw.js', format: 'es', sourcemap: true },
    plugins: [
      demoPrecache(),
      typescript({ tsconfig: 'tsconfig.sw.json', declaration: false, outDir: 'dist/demo', ...typescriptMaps }),
      minify,
    ],
  },
];
