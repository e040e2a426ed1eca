// worker/load/gpu-worth.ts and pickBackend (worker/load/backend.ts), from their TypeScript
// sources: 'auto' weighs the model's work per run (manifest model.macs x expectedBatch) before
// it asks for any adapter; only a run of 20 G multiply-accumulates or more goes on to the
// adapter check. (In a browser, with the request counts at the server: test/browser/backend.spec.ts.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { pickBackend } from '../../worker/load/backend.ts';
import { gpuWorth, WEBGPU_MIN_MACS_PER_RUN } from '../../worker/load/gpu-worth.ts';

const manifestOf = (path) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
const mnist = manifestOf('models/se-lenet-mnist.manifest.json');
const fashion = manifestOf('models/se-lenet-fashion.manifest.json');
const withMacs = (macs) => ({ model: { ...mnist.model, macs } });

test('the shipped models are small for a GPU at any batch an app sends in one call; the reason gives the sums', () => {
  assert.deepEqual([mnist.model.macs, fashion.model.macs], [425_568, 2_505_208]);
  const one = gpuWorth(mnist, 1);
  assert.equal(one.worthIt, false);
  assert.equal(
    one.reason,
    "auto chose WASM: the model is small for a GPU (0.43 M multiply-accumulates per image x expectedBatch 1 = 0.43 M per run, below the 20 G from which WebGPU can be faster; models this small ran 3 to 38 times slower on a GPU); pass backend: 'webgpu' to run on the GPU anyway",
  );
  assert.match(gpuWorth(fashion, 256).reason, /\(2\.5 M multiply-accumulates per image x expectedBatch 256 = 641 M per run, below the 20 G/);
  // The largest batch the SDK runs at once by default (maxBatch 256), and far beyond it.
  assert.equal(gpuWorth(fashion, 4096).worthIt, false, 'the Fashion model at 4,096: 10.3 G, where the CPU was measured ahead');
  assert.equal(gpuWorth(mnist, 40_000).worthIt, false);
});

test('a model large enough, or a batch large enough, makes WebGPU worth an adapter', () => {
  assert.equal(WEBGPU_MIN_MACS_PER_RUN, 20e9);
  assert.deepEqual(gpuWorth(withMacs(20e9), 1), { worthIt: true, reason: 'auto: the model is large enough for a GPU (20 G multiply-accumulates per image x expectedBatch 1 = 20 G per run, at least 20 G)' });
  assert.equal(gpuWorth(withMacs(20e9 - 1), 1).worthIt, false);
  assert.equal(gpuWorth(withMacs(4.1e9), 8).worthIt, true, 'a ResNet-50-sized model at batch 8');
  assert.equal(gpuWorth(mnist, 50_000).worthIt, true, 'the MNIST model at batch 50,000 (21 G)');
});

test('a manifest without model.macs: WASM, saying what is missing and where it comes from', () => {
  const { macs, ...model } = mnist.model;
  const worth = gpuWorth({ model }, 1);
  assert.equal(worth.worthIt, false);
  assert.match(worth.reason, /^auto chose WASM: the manifest does not say how much work the model is \("model\.macs", which models\/export\.py writes\)/);
});

test("pickBackend: 'auto' on a small model asks for no adapter; on a large one it needs a real adapter; 'webgpu' always tries", async () => {
  const adapters = [];
  const fakeAdapter = (isFallbackAdapter) => ({ info: { vendor: 'test', architecture: 'gpu', description: '', isFallbackAdapter } });
  let next = fakeAdapter(false);
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu: { requestAdapter: async () => (adapters.push(next), next) } },
    configurable: true,
  });
  try {
    const small = await pickBackend('auto', gpuWorth(mnist, 1));
    assert.deepEqual([small.backend, adapters.length], ['wasm', 0]);
    assert.match(small.reason, /^auto chose WASM: the model is small for a GPU/);

    const large = await pickBackend('auto', gpuWorth(withMacs(30e9), 1));
    assert.deepEqual([large.backend, adapters.length], ['webgpu', 1]);
    assert.equal(large.reason, 'auto: the model is large enough for a GPU (30 G multiply-accumulates per image x expectedBatch 1 = 30 G per run, at least 20 G), and a WebGPU adapter (test gpu)');

    next = fakeAdapter(true);
    const software = await pickBackend('auto', gpuWorth(withMacs(30e9), 1));
    assert.equal(software.backend, 'wasm');
    assert.match(software.reason, /at least 20 G\), but the adapter is a fallback adapter \(test gpu\): software WebGPU is slower than WASM; running on WASM$/);

    next = null;
    assert.match((await pickBackend('auto', gpuWorth(withMacs(30e9), 1))).reason, /, but no WebGPU adapter; running on WASM$/);

    next = fakeAdapter(false);
    const requested = await pickBackend('webgpu');
    assert.deepEqual([requested.backend, requested.reason], ['webgpu', 'requested (adapter: test gpu)']);
    assert.deepEqual(await pickBackend('wasm'), { backend: 'wasm', reason: 'requested' });
  } finally {
    if (saved) Object.defineProperty(globalThis, 'navigator', saved);
    else delete globalThis.navigator;
  }
});
