// Faults the SDK must survive (issue: reliability). Each test names the fault it injects.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { cachedModelKeys, expect, golden, manifest, openSdkPage, test } from './fixtures.js';

const modelBytes = readFileSync(new URL('../../models/se-lenet-mnist.onnx', import.meta.url));

/**
 * A model server on its own port (cross-origin, with CORS) whose model answer is chosen per
 * path: /<fault>/manifest.json and /<fault>/model.onnx. `fixed` flips /flaky/ to healthy.
 */
async function faultServer() {
  const state = { fixed: false };
  const server: Server = createServer((req, res) => {
    const [, fault, file] = req.url!.split('/');
    const headers = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    if (file === 'manifest.json') {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ ...manifest, model: { ...manifest.model, url: 'model.onnx' } }));
    }
    switch (state.fixed && fault === 'flaky' ? 'ok' : fault) {
      case 'ok':
        res.writeHead(200, { ...headers, 'Content-Length': modelBytes.length });
        return res.end(modelBytes);
      case '404':
        res.writeHead(404, headers);
        return res.end('not here');
      case 'flaky':
      case '500':
        res.writeHead(500, headers);
        return res.end('broken');
      case 'html':
        res.writeHead(200, { ...headers, 'Content-Type': 'text/html' });
        return res.end('<!doctype html><title>Sign in</title><p>Please sign in.</p>');
      case 'truncated':
        // The connection drops after half the body.
        res.writeHead(200, { ...headers, 'Content-Length': modelBytes.length });
        res.write(modelBytes.subarray(0, modelBytes.length >> 1));
        return setTimeout(() => res.socket?.destroy(), 50);
      case 'hang':
        return; // never answers
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return { url: (fault: string) => `http://127.0.0.1:${port}/${fault}/manifest.json`, state, close: () => (server.closeAllConnections(), server.close()) };
}

/** Tries to create a classifier; returns the error (name, code, message, ms) or the prediction. */
async function attempt(page: Page, model: string, loadTimeoutMs = 20_000) {
  return page.evaluate(
    async ({ model, loadTimeoutMs, input }) => {
      const started = performance.now();
      try {
        const clf = await window.seEdge.createClassifier({ model, backend: 'wasm', loadTimeoutMs });
        const { label } = await clf.classify(Float32Array.from(input));
        await clf.dispose();
        return { ok: true as const, label };
      } catch (e) {
        const error = e as InstanceType<typeof window.seEdge.SeEdgeError>;
        return { ok: false as const, name: error.name, code: error.code, message: error.message, ms: performance.now() - started, typed: error instanceof window.seEdge.SeEdgeError };
      }
    },
    { model, loadTimeoutMs, input: golden.inputs[1]! },
  );
}

test('model URL faults give a typed load error naming the URL, cache nothing, and a fixed server then works', async ({ page }) => {
  const server = await faultServer();
  try {
    await openSdkPage(page);
    const expected: Record<string, [string, RegExp]> = {
      '404': ['ModelLoadError', /\/404\/model\.onnx failed: HTTP 404/],
      '500': ['ModelLoadError', /\/500\/model\.onnx failed: HTTP 500/],
      html: ['IntegrityError', /\/html\/model\.onnx has SHA-256 [0-9a-f]{64} but [0-9a-f]{64} was expected/],
      truncated: ['ModelLoadError', /Download of .*\/truncated\/model\.onnx failed after \d+ bytes/],
      hang: ['ModelLoadError', /No answer from .*\/hang\/model\.onnx within 1500 ms/],
    };
    for (const [fault, [name, message]] of Object.entries(expected)) {
      const result = await attempt(page, server.url(fault), 1500);
      expect(result, fault).toMatchObject({ ok: false, name, typed: true });
      if (!result.ok) {
        expect(result.message, fault).toMatch(message);
        expect(result.ms, `${fault}: bounded time`).toBeLessThan(10_000);
      }
      expect(await cachedModelKeys(page), `${fault}: nothing cached`).toEqual([]);
    }
    expect(await attempt(page, server.url('flaky'))).toMatchObject({ ok: false, code: 'MODEL_LOAD' });
    server.state.fixed = true;
    expect(await attempt(page, server.url('flaky'))).toEqual({ ok: true, label: String(golden.labels[1]) });
    expect(await cachedModelKeys(page)).toEqual([`file/se-lenet-mnist/${manifest.model.sha256}`]);
  } finally {
    server.close();
  }
});

test('IndexedDB whose open() throws: the classifier works from the network and warns once', async ({ page }) => {
  await openSdkPage(page);
  const result = await page.evaluate(async (input) => {
    const warnings: string[] = [];
    const clf = await window.seEdge.createClassifier({
      backend: 'wasm',
      worker: () => new Worker('/test/pages/worker-idb-open-throws.js', { type: 'module' }),
      onProgress: ({ warning }) => warning && warnings.push(warning),
    });
    const label = (await clf.classify(Float32Array.from(input))).label;
    await clf.dispose();
    return { label, warnings, source: clf.modelSource };
  }, golden.inputs[2]!);
  expect(result.label).toBe(String(golden.labels[2]));
  expect(result.source).toBe('network');
  expect(result.warnings).toHaveLength(1);
  expect(result.warnings[0]).toMatch(/IndexedDB could not be opened \(SecurityError: IndexedDB is disabled by policy\)/);
});

test('two pages of the origin loading the model at the same moment: both work, one valid cache entry', async ({ context }) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  await Promise.all([openSdkPage(a), openSdkPage(b)]);
  const load = (page: Page) =>
    page.evaluate(async (input) => {
      const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
      const { label } = await clf.classify(Float32Array.from(input));
      await clf.dispose();
      return label;
    }, golden.inputs[3]!);
  expect(await Promise.all([load(a), load(b)])).toEqual([String(golden.labels[3]), String(golden.labels[3])]);
  expect(await cachedModelKeys(a)).toEqual([`file/se-lenet-mnist/${manifest.model.sha256}`]);
  // And the entry is intact: a third load uses it.
  const third = await a.evaluate(async () => {
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    await clf.dispose();
    return [clf.modelSource, clf.warnings.length];
  });
  expect(third).toEqual(['cache', 0]);
});

test('the worker dies mid-flight: pending calls reject with WorkerError, the next call starts a fresh worker', async ({ page }) => {
  await openSdkPage(page);
  const outcome = await page.evaluate(async (input) => {
    let worker!: Worker;
    const clf = await window.seEdge.createClassifier({
      backend: 'wasm',
      worker: () => (worker = new Worker('/test/pages/worker-crashable.js', { type: 'module' })),
    });
    const x = Float32Array.from(input);
    const pending = Array.from({ length: 3000 }, () => clf.classify(x).then(() => 'resolved', (e) => `${e.name}:${e.code}:${e instanceof window.seEdge.WorkerError}`));
    await new Promise((r) => setTimeout(r, 0));
    const first = worker;
    first.postMessage({ seEdgeTest: 'crash' });
    const settled = await Promise.all(pending);
    const next = await clf.classify(x);
    const restarted = worker !== first;
    await clf.dispose();
    return { settled: [...new Set(settled)], rejected: settled.filter((s) => s !== 'resolved').length, label: next.label, restarted };
  }, golden.inputs[4]!);
  expect(outcome.rejected).toBeGreaterThan(0);
  for (const s of outcome.settled) expect(['resolved', 'WorkerError:WORKER:true']).toContain(s);
  expect(outcome).toMatchObject({ label: String(golden.labels[4]), restarted: true });
});

test('WebGPU device lost: the classifier falls back to WASM, says why, and calls keep working', async ({ page }) => {
  test.slow();
  await openSdkPage(page);
  const outcome = await page.evaluate(async (input) => {
    let worker!: Worker;
    const clf = await window.seEdge.createClassifier({
      backend: 'webgpu',
      worker: () => (worker = new Worker('/test/pages/worker-losable-gpu.js', { type: 'module' })),
    });
    const before = clf.backend;
    const x = Float32Array.from(input);
    worker.postMessage({ seEdgeTest: 'lose-device' });
    const during = await Promise.all(Array.from({ length: 4 }, () => clf.classify(x).then((p) => p.label, (e) => e.name)));
    await new Promise((r) => setTimeout(r, 200));
    const after = await clf.classify(x);
    const result = { before, during, backend: clf.backend, reason: clf.backendReason, label: after.label };
    await clf.dispose();
    return result;
  }, golden.inputs[6]!);
  expect(outcome.before).toBe('webgpu');
  for (const d of outcome.during) expect([String(golden.labels[6]), 'WorkerError', 'BackendError']).toContain(d);
  expect(outcome).toMatchObject({ backend: 'wasm', label: String(golden.labels[6]) });
  expect(outcome.reason).toMatch(/WebGPU device lost .*running on WASM/);
});

test('dispose() during loading and with calls in flight: everything settles, no worker is left', async ({ page }) => {
  await openSdkPage(page);
  const outcome = await page.evaluate(async (input) => {
    // Cancelled while loading.
    const controller = new AbortController();
    const loading = window.seEdge.createClassifier({ backend: 'wasm', signal: controller.signal }).then(() => 'loaded', (e) => e.name);
    setTimeout(() => controller.abort(), 5);
    const cancelled = await loading;
    // Disposed with calls in flight.
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const x = Float32Array.from(input);
    const calls = Array.from({ length: 1000 }, () => clf.classify(x).then(() => 'resolved', (e) => e.name));
    await clf.dispose();
    return { cancelled, settled: [...new Set(await Promise.all(calls))] };
  }, golden.inputs[0]!);
  expect(outcome.cancelled).toBe('AbortError');
  for (const s of outcome.settled) expect(['resolved', 'DisposedError']).toContain(s);
  await expect.poll(() => page.workers().length).toBe(0);
});

test('a call whose timeoutMs expires rejects with TimeoutError and does not poison the queue', async ({ page }) => {
  await openSdkPage(page);
  const outcome = await page.evaluate(async (input) => {
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const x = Float32Array.from(input);
    // 0 ms: expires before any worker can answer.
    const timedOut = await clf.classify(x, { timeoutMs: 0 }).then(() => 'resolved', (e) => [e.name, e.code, e instanceof window.seEdge.TimeoutError]);
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => clf.classify(x, i % 2 ? { timeoutMs: 0 } : { timeoutMs: 5000 }).then((p) => p.label, (e) => e.name)));
    const next = (await clf.classify(x, { timeoutMs: 5000 })).label;
    await clf.dispose();
    return { timedOut, burst: [...new Set(burst)].sort(), next };
  }, golden.inputs[8]!);
  expect(outcome.timedOut).toEqual(['TimeoutError', 'TIMEOUT', true]);
  expect(outcome.burst).toEqual([String(golden.labels[8]), 'TimeoutError'].sort());
  expect(outcome.next).toBe(String(golden.labels[8]));
});
