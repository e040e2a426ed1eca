// The runtime's start never hangs (issue: zero-config bundlers). Whatever stops
// onnxruntime-web from starting (a worker file or .wasm missing, threads that cannot load
// their script, a thread that never answers), createClassifier settles in bounded time,
// with a typed error whose message names the file and the fix; the same after a worker
// restart. The runtime is bundled into the worker, and its threads start from the worker's
// own file. Faults are injected by a proxy in front of the test server that answers chosen
// requests itself: Playwright's routes do not see the requests of the runtime's threads
// (workers started by a worker).
import { createServer, type ServerResponse } from 'node:http';
import type { Page } from '@playwright/test';
import { isolationHeaders } from '../../scripts/serve.mjs';
import { expect, golden, SDK_PAGE, test } from './fixtures.js';

const WORKER = /\/dist\/worker\.js(\?.*)?$/;
const WEBGPU_WORKER = /\/dist\/worker-webgpu\.js(\?.*)?$/;
const WASM = /\/dist\/ort-wasm-simd-threaded\.wasm(\?.*)?$/;

type Reply = (n: number, res: ServerResponse) => 'pass' | void;

/**
 * A proxy to the test server (the page's origin for this test) that answers the n-th request
 * (from 1) whose path matches `pattern` with `reply`, unless it returns 'pass'.
 */
async function faultyOrigin(pattern: RegExp, reply: Reply) {
  const upstream = test.info().project.use.baseURL!;
  let n = 0;
  const server = createServer(async (req, res) => {
    const faulty = pattern.test(req.url!);
    if (faulty && reply(++n, res) !== 'pass') return;
    const answer = await fetch(new URL(req.url!, upstream));
    // Not from the HTTP cache next time: each request of a faulty file reaches the proxy.
    res.writeHead(answer.status, { ...Object.fromEntries(answer.headers), ...(faulty ? { 'cache-control': 'no-store' } : {}) });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    /** Requests of the faulty file so far. */
    count: () => n,
    close: () => (server.closeAllConnections(), server.close()),
  };
}
const headers = { ...isolationHeaders, 'Cache-Control': 'no-store' };
const notFound: Reply = (_, res) => void res.writeHead(404, headers).end('not here');
const script = (body: string): Reply => (_, res) => void res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(body);
const firstOnly = (then: Reply): Reply => (n, res) => (n === 1 ? 'pass' : then(n, res));

/**
 * Through an origin with `fault`: createClassifier and one classify; the outcome and how
 * long createClassifier took to settle.
 */
async function start(page: Page, fault: [RegExp, Reply], options: { loadTimeoutMs?: number; backend?: 'wasm' | 'webgpu'; numThreads?: number } = {}) {
  const origin = await faultyOrigin(...fault);
  try {
    await page.goto(`${origin.url}${SDK_PAGE}`);
    await page.waitForFunction(() => (window as unknown as { seEdgeReady?: boolean }).seEdgeReady === true);
    return await page.evaluate(
      async ({ input, options }) => {
        const started = performance.now();
        try {
          const clf = await window.seEdge.createClassifier({ backend: 'wasm', cache: false, ...options });
          const ms = performance.now() - started;
          const { label } = await clf.classify(Float32Array.from(input));
          const out = { ok: true as const, ms, label, threads: clf.threads, warnings: [...clf.warnings] };
          await clf.dispose();
          return out;
        } catch (e) {
          const error = e as InstanceType<typeof window.seEdge.SeEdgeError>;
          const ms = performance.now() - started;
          return { ok: false as const, ms, name: error.name, code: error.code, message: error.message, typed: error instanceof window.seEdge.SeEdgeError };
        }
      },
      { input: golden.inputs[3]!, options },
    );
  } finally {
    origin.close();
  }
}
const label = String(golden.labels[3]);
const healthy: [RegExp, Reply] = [/^$/, () => 'pass'];

test('a healthy start on a cross-origin isolated page runs on several threads, started from the worker file', async ({ page }) => {
  const outcome = await start(page, healthy);
  expect(outcome).toMatchObject({ ok: true, label, warnings: [] });
  expect(outcome.ok && outcome.threads).toBeGreaterThan(1);
});

test("the runtime's .wasm missing: a ModelLoadError that names its URL, at once", async ({ page }) => {
  const outcome = await start(page, [WASM, notFound]);
  expect(outcome).toMatchObject({ ok: false, name: 'ModelLoadError', code: 'MODEL_LOAD', typed: true });
  expect(!outcome.ok && outcome.message).toMatch(/\/dist\/ort-wasm-simd-threaded\.wasm failed: HTTP 404/);
  expect(outcome.ms).toBeLessThan(10_000);
});

test('the WebGPU worker file missing: a WorkerError that names it and what to serve, at once', async ({ page }) => {
  const outcome = await start(page, [WEBGPU_WORKER, notFound], { backend: 'webgpu' });
  expect(outcome).toMatchObject({ ok: false, name: 'WorkerError', code: 'WORKER', typed: true });
  expect(!outcome.ok && outcome.message).toMatch(/did not start \(is se-edge's worker-webgpu\.js served beside index\.js\?\)/);
  expect(outcome.ms).toBeLessThan(10_000);
});

test('the worker file served once, then 404 to its threads: a BackendError that names it and the fix, at once', async ({ page }) => {
  const outcome = await start(page, [WORKER, firstOnly(notFound)]);
  expect(outcome).toMatchObject({ ok: false, name: 'BackendError', code: 'BACKEND', typed: true });
  expect(!outcome.ok && outcome.message).toMatch(/WASM threads could not start: a thread could not load .*\/dist\/worker\.js.*Serve .*worker\.js to every request \(each thread loads it again\), or pass numThreads: 1/);
  expect(outcome.ms).toBeLessThan(10_000);
});

test('threads whose script never answers: a BackendError once the load time limit passes', async ({ page }) => {
  const outcome = await start(page, [WORKER, firstOnly(script('/* loads, then never answers */'))], { loadTimeoutMs: 3000 });
  expect(outcome).toMatchObject({ ok: false, name: 'BackendError', typed: true });
  expect(!outcome.ok && outcome.message).toMatch(/onnxruntime-web did not start within 3000 ms \(its \d+ WASM threads start from .*worker\.js\)\. Serve/);
  expect(outcome.ms).toBeGreaterThan(2900);
  expect(outcome.ms).toBeLessThan(13_000);
});

test('with numThreads: 1 no thread is started, so a worker file served once is enough', async ({ page }) => {
  const outcome = await start(page, [WORKER, firstOnly(notFound)], { loadTimeoutMs: 3000, numThreads: 1 });
  expect(outcome).toMatchObject({ ok: true, label, threads: 1, warnings: [] });
});

test('a worker restarted after a crash, when threads can no longer start: the call settles with the same error', async ({ page }) => {
  // Healthy until the crash; then the restarted worker's file loads once, and its threads get 404.
  let allowed = Infinity;
  const origin = await faultyOrigin(/\/test\/pages\/worker-crashable\.js(\?.*)?$/, (n, res) => (n <= allowed ? 'pass' : notFound(n, res)));
  try {
    await page.goto(`${origin.url}${SDK_PAGE}`);
    await page.waitForFunction(() => (window as unknown as { seEdgeReady?: boolean }).seEdgeReady === true);
    await page.evaluate(async () => {
      let worker!: Worker;
      const clf = await window.seEdge.createClassifier({
        backend: 'wasm',
        cache: false,
        worker: () => (worker = new Worker('/test/pages/worker-crashable.js', { type: 'module' })),
      });
      Object.assign(window, { clf, crash: () => worker.postMessage({ seEdgeTest: 'crash' }) });
    });
    allowed = origin.count() + 1;
    const outcome = await page.evaluate(async (input) => {
      const { clf, crash } = window as unknown as { clf: import('../../src/index.js').Classifier; crash: () => void };
      const threads = clf.threads;
      crash();
      await new Promise((r) => setTimeout(r, 100));
      const started = performance.now();
      const error = await clf.classify(Float32Array.from(input)).then(() => null, (e: Error) => ({ name: e.name, message: e.message }));
      const ms = performance.now() - started;
      await clf.dispose();
      return { threads, error, ms };
    }, golden.inputs[3]!);
    expect(outcome.threads).toBeGreaterThan(1);
    expect(outcome.error).toMatchObject({ name: 'BackendError' });
    expect(outcome.error!.message).toMatch(/WASM threads could not start: a thread could not load .*worker-crashable\.js/);
    expect(outcome.ms).toBeLessThan(10_000);
  } finally {
    origin.close();
  }
});
