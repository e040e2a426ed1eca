// Project-level promises: the README's commands and size, what CI runs, and the build's shape.
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BUDGET_BROTLI_BYTES, mainBundleSize } from '../../scripts/check-size.mjs';
import { docBlocks, docFiles } from '../support/doc-examples.mjs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

describe('README and CI', () => {
  const setup = docBlocks(['README.md']).find((b) => b.lang === 'sh')?.code.trim().split('\n') ?? [];

  test('the README opens with exactly two set-up commands: npm start and npm test', () => {
    assert.equal(setup.length, 2, `set-up block: ${JSON.stringify(setup)}`);
    assert.match(setup[0], /npm start$/);
    assert.match(setup[1], /npm test$/);
  });

  test('.ci/run runs the README test command exactly as written there', () => {
    const ci = read('.ci/run').split('\n').filter((line) => line && !/^(#|set |cd )/.test(line));
    assert.deepEqual(ci, [setup[1]]);
  });

  test('the README is at most 15 KB: the rest is in the guides of docs/', () => {
    const bytes = readFileSync(new URL('README.md', root)).length;
    assert.ok(bytes <= 15 * 1024, `README.md is ${bytes} bytes, over 15,360`);
  });
});

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
        `new URL("./${wasm}",import.meta.url)`,
      ]);
      assert.equal(worker.match(/import\.meta\.url/g).length, 2, `${file}: only the two asset URLs use import.meta.url`);
    }
    assert.ok(read('dist/worker.js').length < 150_000, 'the CPU worker holds the CPU-only runtime, not the JSEP one');
  });

  test('the main-thread bundle, Comlink included, is within its budget of 4 KB brotli', () => {
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
});
