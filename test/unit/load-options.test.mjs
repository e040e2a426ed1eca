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
    expectedBatch: 1,
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
    [{ expectedBatch: 0 }, /expectedBatch must be a positive integer; got 0/],
    [{ expectedBatch: '64' }, /expectedBatch must be a positive integer; got 64/],
    [{ loadTimeoutMs: 0 }, /loadTimeoutMs must be a positive number; got 0/],
    [{ loadTimeoutMs: '100' }, /loadTimeoutMs must be a positive number/],
  ];
  for (const [request, message] of cases) {
    assert.throws(() => checkLoadOptions(request), (e) => e instanceof OptionError && message.test(e.message), JSON.stringify(request));
  }
});

test('default threads when cross-origin isolated: the cores, at most 4; in WebKit, which reports a bucket of 4 or 8, half of it', () => {
  const agents = {
    chromium: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0',
    firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
    safari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15',
    webkitgtk: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
    chromeOnIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 26_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/156.0 Mobile/15E148 Safari/604.1',
  };
  const saved = Object.getOwnPropertyDescriptors(globalThis);
  const threads = (userAgent, hardwareConcurrency) => {
    Object.defineProperty(globalThis, 'crossOriginIsolated', { value: true, configurable: true });
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent, hardwareConcurrency }, configurable: true });
    return checkLoadOptions({}).numThreads;
  };
  try {
    assert.deepEqual([threads(agents.chromium, 2), threads(agents.chromium, 16), threads(agents.edge, 3), threads(agents.firefox, 2)], [2, 4, 3, 2]);
    assert.deepEqual([threads(agents.safari, 4), threads(agents.safari, 8), threads(agents.webkitgtk, 4), threads(agents.chromeOnIos, 4)], [2, 4, 2, 2]);
    assert.equal(threads(undefined, undefined), 1);
  } finally {
    for (const name of ['crossOriginIsolated', 'navigator']) {
      if (saved[name]) Object.defineProperty(globalThis, name, saved[name]);
      else delete globalThis[name];
    }
  }
});
