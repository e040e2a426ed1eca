// The build's shape (npm run build): the main-thread bundle without onnxruntime-web and within
// its size budget, the size figures the docs state, and each worker one self-contained file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BUDGET_BROTLI_BYTES, mainBundleSize } from '../../scripts/check-size.mjs';
import { docFiles } from '../support/doc-examples.mjs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

describe('build output', () => {
  const bundle = () => read('dist/index.js');

  test('the main-thread bundle does not contain onnxruntime-web', () => {
    assert.ok(existsSync(new URL('dist/index.js', root)), 'run npm run build first');
    for (const marker of ['InferenceSession', 'onnxruntime', 'ort-wasm']) {
      assert.ok(!bundle().includes(marker), `dist/index.js mentions ${marker}`);
    }
  });

  test('each worker is one file with no imports that bundles its onnxruntime-web build, which finds the worker by its served URL', () => {
    for (const [file, wasm] of [['dist/worker.js', 'ort-wasm-simd-threaded.wasm'], ['dist/worker-webgpu.js', 'ort-wasm-simd-threaded.jsep.wasm']]) {
      const worker = read(file);
      assert.doesNotMatch(worker, /^\s*import[\s{*]|\bimport\(["'`]/m, `${file} imports another file`);
      assert.ok(worker.includes('em-pthread'), `${file} holds the runtime, whose threads start from it`);
      // Bundlers rewrite import.meta.url (webpack: a file: URL); the runtime uses self.location.href.
      assert.deepEqual(worker.match(/new URL\("[^"]+",import\.meta\.url\)/g), [
        'new URL("./models/se-lenet-mnist.onnx",import.meta.url)',
        'new URL("./models/se-lenet-mnist.inspect.onnx",import.meta.url)',
        `new URL("./${wasm}",import.meta.url)`,
      ]);
      assert.equal(worker.match(/import\.meta\.url/g).length, 3, `${file}: only the three asset URLs use import.meta.url`);
    }
    // About 150 KB with the CPU-only runtime; the JSEP one makes a worker of about 490 KB.
    assert.ok(read('dist/worker.js').length < 200_000, 'the CPU worker holds the CPU-only runtime, not the JSEP one');
  });

  test('the main-thread bundle, Comlink included, is within its budget of 4.1 KB brotli', () => {
    const { brotli } = mainBundleSize();
    assert.ok(brotli <= BUDGET_BROTLI_BYTES, `dist/index.js is ${brotli} bytes brotli`);
  });

  test('the size figures in the README and docs/ are current (within 0.3 KB)', () => {
    const { minified, brotli } = mainBundleSize();
    const stated = docFiles().flatMap((file) => [...read(file).matchAll(/dist\/index\.js[^\n]*?([\d.]+) KB minified, ([\d.]+) KB brotli/g)].map((m) => [file, ...m.slice(1)]));
    assert.ok(stated.length > 0, 'the README or a guide states the main bundle size');
    for (const [file, kbMinified, kbBrotli] of stated) {
      assert.ok(Math.abs(Number(kbMinified) - minified / 1024) <= 0.3, `${file}: minified is ${(minified / 1024).toFixed(1)} KB`);
      assert.ok(Math.abs(Number(kbBrotli) - brotli / 1024) <= 0.3, `${file}: brotli is ${(brotli / 1024).toFixed(1)} KB`);
    }
  });

  test('the runtime\'s one import of a URL carries the bundler hints, so app builds do not warn about it', () => {
    for (const file of ['dist/worker.js', 'dist/worker-webgpu.js']) {
      const imports = read(file).match(/\bimport\([^)]*\)/g);
      assert.equal(imports?.length, 1, `${file}: ${imports}`);
      assert.match(imports[0], /^import\(\/\*webpackIgnore:true\*\/ \/\*@vite-ignore\*\/\w+\)$/, file);
    }
  });

  test('on a server (the `node` condition), se-edge has the browser entry\'s exports, no worker or runtime, and rejects with an UnsupportedError', async () => {
    const pkg = JSON.parse(read('package.json'));
    assert.deepEqual(Object.keys(pkg.exports['.']), ['types', 'node', 'default'], 'types first, node before default');
    const server = read(pkg.exports['.'].node);
    assert.ok(server.length < 2_000, `dist/server.js is ${server.length} bytes`);
    assert.doesNotMatch(server, /new Worker|worker\.js|import\.meta|\.onnx|\.wasm/);
    // Node resolves the `node` condition: the package's own name, from inside it, is dist/server.js.
    const seEdge = await import('se-edge');
    const browser = await import(new URL('dist/index.js', root).href);
    assert.deepEqual(Object.keys(seEdge).sort(), Object.keys(browser).sort());
    for (const entry of [seEdge, browser]) {
      await assert.rejects(entry.createClassifier(), (error) => error instanceof entry.UnsupportedError && error.code === 'UNSUPPORTED' && /^se-edge runs in browsers, not here/.test(error.message));
      await assert.rejects(entry.clearCache(), entry.UnsupportedError);
    }
    assert.notEqual(seEdge.createClassifier, browser.createClassifier, 'Node took dist/server.js');
  });
});
