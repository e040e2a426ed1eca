// worker/load/options.ts, from its TypeScript source: the worker checks every option the
// page sent (an app may be plain JavaScript) and fills in the defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OptionError } from '../../contract/errors.ts';
import { checkLoadOptions } from '../../worker/load/options.ts';

test('defaults: the bundled model, auto backend, the SDK cache, one thread outside isolation', () => {
  assert.deepEqual(checkLoadOptions({}), {
    manifestUrl: undefined,
    backend: 'auto',
    cacheName: 'se-edge-cache',
    wasmPaths: undefined,
    numThreads: 1,
    loadTimeoutMs: 30_000,
    maxBatch: 256,
    canSwitchWorker: false,
  });
  assert.equal(checkLoadOptions({ workerSwitch: true }).canSwitchWorker, true);
});

test('given values are kept; a named cache is namespaced; wasmPaths becomes a folder', () => {
  const options = checkLoadOptions({
    manifestUrl: 'https://app.test/m.json', backend: 'wasm', cache: { name: 'mine' }, wasmPaths: 'https://app.test/ort', numThreads: 2, loadTimeoutMs: 500, maxBatch: 8,
  });
  assert.equal(options.cacheName, 'se-edge-cache:mine');
  assert.equal(options.wasmPaths, 'https://app.test/ort/');
  assert.deepEqual([options.manifestUrl, options.backend, options.numThreads, options.loadTimeoutMs, options.maxBatch], ['https://app.test/m.json', 'wasm', 2, 500, 8]);
  assert.equal(checkLoadOptions({ cache: false }).cacheName, false);
});

test('each invalid option is an OptionError that names it and what it got', () => {
  const cases = [
    [{ backend: 'cpu' }, /backend must be 'auto', 'webgpu' or 'wasm'; got "cpu"/],
    [{ cache: 'yes' }, /cache must be true, false or \{ name: string \}/],
    [{ cache: { name: '' } }, /non-empty name/],
    [{ cache: null }, /cache must be/],
    [{ numThreads: 0 }, /numThreads must be a positive integer; got 0/],
    [{ numThreads: 1.5 }, /numThreads must be a positive integer; got 1.5/],
    [{ maxBatch: -1 }, /maxBatch must be a positive integer/],
    [{ loadTimeoutMs: 0 }, /loadTimeoutMs must be a positive number; got 0/],
    [{ loadTimeoutMs: '100' }, /loadTimeoutMs must be a positive number/],
  ];
  for (const [request, message] of cases) {
    assert.throws(() => checkLoadOptions(request), (e) => e instanceof OptionError && message.test(e.message), JSON.stringify(request));
  }
});
