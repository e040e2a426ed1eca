// The runtime's start never hangs (issue: zero-config bundlers). Whatever stops
// onnxruntime-web from starting (its script or glue missing, threads that cannot load their
// script, a build that serves another script in its place, a thread that never answers),
// createClassifier settles in bounded time: on one thread with a warning that names the
// file and the fix, or with a typed error that does. Faults are injected by a proxy in front
// of the test server that answers chosen runtime requests itself: Playwright's routes do not
// see the requests of the runtime's threads (workers started by a worker).
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { Page } from '@playwright/test';
import { isolationHeaders } from '../../scripts/serve.mjs';
import { expect, golden, SDK_PAGE, test } from './fixtures.js';

const GLUE = /\/dist\/ort-wasm-simd-threaded\.mjs(\?.*)?$/;
const SCRIPT = /\/dist\/ort\.wasm\.min\.mjs(\?.*)?$/;
const workerJs = readFileSync(new URL('../../dist/worker.js', import.meta.url), 'utf8');

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
 * Through an origin with `fault`: createClassifier (wasm, threads as the page allows) and one
 * classify; the outcome and how long createClassifier took to settle.
 */
async function start(page: Page, fault: [RegExp, Reply], loadTimeoutMs = 30_000) {
  const origin = await faultyOrigin(...fault);
  try {
    await page.goto(`${origin.url}${SDK_PAGE}`);
    await page.waitForFunction(() => (window as unknown as { seEdgeReady?: boolean }).seEdgeReady === true);
    return await page.evaluate(
      async ({ input, loadTimeoutMs }) => {
        const started = performance.now();
        try {
          const clf = await window.seEdge.createClassifier({ backend: 'wasm', cache: false, loadTimeoutMs });
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
      { input: golden.inputs[3]!, loadTimeoutMs },
    );
  } finally {
    origin.close();
  }
}
const label = String(golden.labels[3]);
const healthy: [RegExp, Reply] = [/^$/, () => 'pass'];

test('a healthy start on a cross-origin isolated page runs on several threads, without warnings', async ({ page }) => {
  const outcome = await start(page, healthy);
  expect(outcome).toMatchObject({ ok: true, label, warnings: [] });
  expect(outcome.ok && outcome.threads).toBeGreaterThan(1);
});

test("the runtime's script missing: a ModelLoadError that names the file and the fix, at once", async ({ page }) => {
  const outcome = await start(page, [SCRIPT, notFound]);
  expect(outcome).toMatchObject({ ok: false, name: 'ModelLoadError', code: 'MODEL_LOAD', typed: true });
  expect(!outcome.ok && outcome.message).toMatch(/ort\.wasm\.min\.mjs could not be loaded .*Serve the files of se-edge's dist\/ folder .*or set the wasmPaths option/);
  expect(outcome.ms).toBeLessThan(10_000);
});

test("the threads' script served once, then 404: the start goes on on one thread and says why", async ({ page }) => {
  const outcome = await start(page, [GLUE, firstOnly(notFound)]);
  expect(outcome).toMatchObject({ ok: true, label, threads: 1 });
  expect(outcome.ok && outcome.warnings.join('\n')).toMatch(/WASM threads could not start \(a thread could not run .*ort-wasm-simd-threaded\.mjs.*\); running on one thread\. Serve the files/);
  expect(outcome.ms).toBeLessThan(10_000);
});

test("a build that serves the worker in place of the threads' script: one thread, at once, not a hang", async ({ page }) => {
  // What Vite 8's production build did: the runtime folded into the worker, whose file the threads then ran.
  const outcome = await start(page, [GLUE, firstOnly(script(workerJs))]);
  expect(outcome).toMatchObject({ ok: true, label, threads: 1 });
  expect(outcome.ok && outcome.warnings.join('\n')).toMatch(/WASM threads could not start \(a thread could not run .*started as an onnxruntime-web thread/);
  expect(outcome.ms).toBeLessThan(10_000);
});

test('threads whose script never answers: one thread once the load time limit passes', async ({ page }) => {
  const outcome = await start(page, [GLUE, firstOnly(script('/* loads, then never answers */'))], 3000);
  expect(outcome).toMatchObject({ ok: true, label, threads: 1 });
  expect(outcome.ok && outcome.warnings.join('\n')).toMatch(/no answer within 3000 ms from its \d+ threads/);
  expect(outcome.ms).toBeGreaterThan(2900);
  expect(outcome.ms).toBeLessThan(13_000);
});

test("the threads' script missing altogether: a BackendError that names it and the fix, in bounded time", async ({ page }) => {
  const outcome = await start(page, [GLUE, notFound], 3000);
  expect(outcome).toMatchObject({ ok: false, name: 'BackendError', code: 'BACKEND', typed: true });
  expect(!outcome.ok && outcome.message).toMatch(/onnxruntime-web did not start.*ort-wasm-simd-threaded\.mjs.*Serve the files of se-edge's dist\/ folder/);
  expect(outcome.ms).toBeLessThan(13_000);
});

test('a worker restarted after a crash, when threads can no longer start: it settles, on one thread', async ({ page }) => {
  // Healthy until the crash; then the restarted worker's runtime loads the glue once, and
  // its threads get 404.
  let allowed = Infinity;
  const origin = await faultyOrigin(GLUE, (n, res) => (n <= allowed ? 'pass' : notFound(n, res)));
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
      Object.assign(window, { clf, crash: () => worker.postMessage({ seEdgeTest: 'crash' }), current: () => worker });
    });
    allowed = origin.count() + 1;
    const outcome = await page.evaluate(async (input) => {
      const { clf, crash, current } = window as unknown as { clf: import('../../src/index.js').Classifier; crash: () => void; current: () => Worker };
      const threads = clf.threads;
      const first = current();
      crash();
      await new Promise((r) => setTimeout(r, 100));
      const started = performance.now();
      const { label } = await clf.classify(Float32Array.from(input));
      const ms = performance.now() - started;
      await clf.dispose();
      return { threads, label, ms, restarted: current() !== first };
    }, golden.inputs[3]!);
    expect(outcome.threads).toBeGreaterThan(1);
    expect(outcome).toMatchObject({ label, restarted: true });
    expect(outcome.ms).toBeLessThan(10_000);
  } finally {
    origin.close();
  }
});
