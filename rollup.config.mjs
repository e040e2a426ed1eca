// The SDK's build (npm run build): three bundles, each one self-contained file with no
// imports and no chunks, so that any bundler takes them as they are. The demo
// (demo/rollup.config.mjs) and the benchmark pages (test/bench/rollup.config.mjs) have
// builds of their own, made from this one's output as an app would use it.
//   dist/index.js           the main-thread SDK (Comlink included, never onnxruntime-web)
//   dist/server.js          the same exports where there is no browser (the `node` condition):
//                           importing it is safe, and what would classify rejects
//   dist/worker.js          the worker with onnxruntime-web's CPU-only build
//   dist/worker-webgpu.js   the worker with onnxruntime-web's JSEP build (WebGPU + CPU)
//   dist/digit-input.js     <se-digit-input> (se-edge/digit-input), which imports the SDK from
//                           ./index.js rather than holding a copy of it; and its server twin,
//                           dist/digit-input-server.js, which imports ./server.js. Both are in
//                           package.json's sideEffects: apps import them bare
//                           (`import 'se-edge/digit-input'`), which a bundler drops, with a
//                           warning, from a module said to have none (esbuild, in Angular's
//                           server build)
// Each worker is also the script its runtime's WASM threads start from. Copied beside them:
// the runtime's .wasm files, the bundled model and the Fashion-MNIST model.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const modelFiles = ['se-lenet-mnist.manifest.json', 'se-lenet-mnist.onnx', 'se-lenet-mnist.inspect.onnx'];
// Shipped beside the bundled model, loaded by URL: createClassifier({ model: '.../se-lenet-fashion.manifest.json' }).
const otherModelFiles = ['se-lenet-fashion.manifest.json', 'se-lenet-fashion.onnx', 'se-lenet-fashion.inspect.onnx'];

/** Emits files verbatim into dist/ under the given names. */
function copyAssets(files) {
  return {
    name: 'copy-assets',
    generateBundle() {
      for (const [fileName, path] of files) this.emitFile({ type: 'asset', fileName, source: readFileSync(path) });
    },
  };
}

/** A virtual module `id` whose source is `source()`, computed when a build asks for it. */
function virtualModule(id, source) {
  return {
    name: id,
    resolveId: (request) => (request === id ? '\0' + id : null),
    load: (resolved) => (resolved === '\0' + id ? source() : null),
  };
}

/**
 * `virtual:bundled-model`: the bundled model's manifest, inside each worker. Bundlers would
 * otherwise have to copy it as a JSON file, and some turn a JSON file into a JavaScript module
 * (Parcel does), which the worker could not read. It also saves a request at every start.
 */
const bundledModel = () =>
  virtualModule('virtual:bundled-model', () => `export const manifest = ${readFileSync(`models/${modelFiles[0]}`, 'utf8')};\n`);

/**
 * onnxruntime-web finds its own file through `import.meta.url`: to start its WASM threads
 * (from that file) and to resolve its .wasm. Bundled into a worker, that file is the worker,
 * and `self.location.href` is its URL as served, which an app's bundler cannot rewrite
 * (webpack rewrites `import.meta.url` into a file: URL of the build machine).
 */
function ortUsesWorkerUrl() {
  return {
    name: 'ort-uses-worker-url',
    transform(code, id) {
      if (!id.includes('/onnxruntime-web/dist/')) return null;
      const rewritten = code.replaceAll('import.meta.url', 'self.location.href');
      if (rewritten === code) this.error(`${id} no longer mentions import.meta.url: check how it finds its own file`);
      return { code: rewritten, map: null };
    },
  };
}

/**
 * `virtual:ort-runtime`: the version and SHA-256 of each onnxruntime-web .wasm this build
 * ships, so the worker can verify runtime bytes (from the network or its cache) before use.
 */
const ortRuntimeInfo = () =>
  virtualModule('virtual:ort-runtime', () => {
    const files = Object.fromEntries(ortWasmFiles.map((f) => {
      const bytes = readFileSync(ortFile(f));
      return [f, { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }];
    }));
    return `export const ortVersion = ${JSON.stringify(ortVersion)};\nexport const ortWasmFiles = ${JSON.stringify(files)};\n`;
  });

/**
 * An entry that imports another of the SDK's entries (`../index.js` from src/digit-input/) as
 * that entry's built file beside it (`./index.js`), so that an app importing both gets one copy
 * of the SDK, one worker and one shared classifier. `entries` maps each source to its file.
 */
function importsBuiltEntries(entries) {
  const built = new Map(Object.entries(entries).map(([source, file]) => [fileURLToPath(new URL(source, import.meta.url)), file]));
  const target = (source, importer) => importer && source.startsWith('.') && built.get(resolve(dirname(importer), source));
  return {
    external: (source, importer) => Boolean(target(source, importer)) || built.has(source),
    paths: (id) => built.get(id) ?? id,
  };
}

const digitInputImports = importsBuiltEntries({ './src/index.js': './index.js' });
const digitInputServerImports = importsBuiltEntries({ './src/server.js': './server.js' });

export default [
  {
    input: 'src/index.ts',
    output: { file: 'dist/index.js', format: 'es', sourcemap: true },
    plugins: [
      nodeResolve({ browser: true }),
      transpileTypeScript(),
      minify,
      copyAssets([
        ...[...modelFiles, ...otherModelFiles].map((f) => [`models/${f}`, `models/${f}`]),
        // `ng add se-edge` (angular/): Angular's builder needs telling to copy the files above.
        ...['collection.json', 'ng-add.cjs'].map((f) => [`angular/${f}`, `angular/${f}`]),
      ]),
    ],
  },
  {
    input: 'src/server.ts',
    output: { file: 'dist/server.js', format: 'es', sourcemap: true },
    plugins: [transpileTypeScript(), minify],
  },
  {
    input: 'src/digit-input/index.ts',
    external: digitInputImports.external,
    output: { file: 'dist/digit-input.js', format: 'es', sourcemap: true, paths: digitInputImports.paths },
    plugins: [transpileTypeScript(), minify],
  },
  {
    input: 'src/digit-input/server.ts',
    external: digitInputServerImports.external,
    output: { file: 'dist/digit-input-server.js', format: 'es', sourcemap: true, paths: digitInputServerImports.paths },
    plugins: [transpileTypeScript(), minify],
  },
  ...[
    ['worker/entry-wasm.ts', 'dist/worker.js', 'ort-wasm-simd-threaded.wasm'],
    ['worker/entry-webgpu.ts', 'dist/worker-webgpu.js', 'ort-wasm-simd-threaded.jsep.wasm'],
  ].map(([input, file, wasm]) => ({
    input,
    output: { file, format: 'es', sourcemap: true },
    plugins: [
      ortRuntimeInfo(),
      bundledModel(),
      nodeResolve({ browser: true }),
      ortUsesWorkerUrl(),
      transpileTypeScript(),
      minify,
      copyAssets([[wasm, ortFile(wasm)]]),
    ],
  })),
];
