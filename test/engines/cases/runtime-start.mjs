// The runtime's start never hangs, in every engine. The runtime's WASM threads are workers
// started by the SDK's worker, from the worker's own file; engines differ in how nested and
// module workers start (Firefox's module workers did not say they were modules), so each
// fault is tried in each. Faults are injected by a proxy origin in front of the test server.
import assert from 'node:assert/strict';
import { golden } from '../harness.mjs';
import { replies, startFaultyOrigin } from '../server.mjs';

const WORKER = /\/dist\/worker\.js(\?.*)?$/;
const WASM = /\/dist\/ort-wasm-simd-threaded\.wasm(\?.*)?$/;
const label = String(golden.labels[3]);

/** Through an origin with `fault`: createClassifier and one classify; the outcome and how long the load took to settle. */
async function start(t, [pattern, reply], options = {}) {
  const origin = await startFaultyOrigin(t.server.url, pattern, reply);
  try {
    const page = await t.openSdk(origin.url);
    return await page.evaluate(
      async ({ input, options }) => {
        const started = performance.now();
        try {
          const clf = await window.seEdge.createClassifier({ backend: 'wasm', cache: false, ...options });
          const ms = performance.now() - started;
          const { label } = await clf.classify(Float32Array.from(input));
          const out = { ok: true, ms, label, threads: clf.threads, warnings: [...clf.warnings] };
          await clf.dispose();
          return out;
        } catch (error) {
          return { ok: false, ms: performance.now() - started, name: error.name, code: error.code, message: error.message, typed: error instanceof window.seEdge.SeEdgeError };
        }
      },
      { input: golden.inputs[3], options },
    );
  } finally {
    origin.close();
  }
}

export const cases = [
  {
    name: 'a healthy start on a cross-origin isolated page runs on several threads, started from the worker file',
    async run(t) {
      const outcome = await start(t, [/^$/, replies.pass]);
      assert.deepEqual([outcome.ok, outcome.label, outcome.warnings], [true, label, []], JSON.stringify(outcome));
      assert.ok(outcome.threads > 1, `threads: ${outcome.threads}`);
    },
  },
  {
    name: "the runtime's .wasm missing: a ModelLoadError that names its URL, at once",
    async run(t) {
      const outcome = await start(t, [WASM, replies.notFound]);
      assert.deepEqual([outcome.ok, outcome.name, outcome.code, outcome.typed], [false, 'ModelLoadError', 'MODEL_LOAD', true], JSON.stringify(outcome));
      assert.match(outcome.message, /\/dist\/ort-wasm-simd-threaded\.wasm failed: HTTP 404/);
      assert.ok(outcome.ms < 10_000, `${outcome.ms} ms`);
    },
  },
  {
    name: 'the worker file served once, then 404 to its threads: a BackendError that names it and the fix, at once',
    async run(t) {
      const outcome = await start(t, [WORKER, replies.firstOnly(replies.notFound)]);
      assert.deepEqual([outcome.ok, outcome.name, outcome.code, outcome.typed], [false, 'BackendError', 'BACKEND', true], JSON.stringify(outcome));
      assert.match(
        outcome.message,
        /WASM threads could not start: a thread could not load .*\/dist\/worker\.js.*Serve .*worker\.js to every request \(each thread loads it again\), or pass numThreads: 1/,
      );
      assert.ok(outcome.ms < 10_000, `${outcome.ms} ms`);
    },
  },
  {
    name: 'threads whose script never answers: a BackendError once the load time limit passes',
    async run(t) {
      const outcome = await start(t, [WORKER, replies.firstOnly(replies.script('/* loads, then never answers */'))], { loadTimeoutMs: 3000 });
      assert.deepEqual([outcome.ok, outcome.name, outcome.typed], [false, 'BackendError', true], JSON.stringify(outcome));
      assert.match(outcome.message, /onnxruntime-web did not start within 3000 ms \(its \d+ WASM threads start from .*worker\.js\)\. Serve/);
      assert.ok(outcome.ms > 2900 && outcome.ms < 13_000, `${outcome.ms} ms`);
    },
  },
  {
    name: 'with numThreads: 1 no thread is started, so a worker file served once is enough',
    async run(t) {
      const outcome = await start(t, [WORKER, replies.firstOnly(replies.notFound)], { loadTimeoutMs: 3000, numThreads: 1 });
      assert.deepEqual([outcome.ok, outcome.label, outcome.threads, outcome.warnings], [true, label, 1, []], JSON.stringify(outcome));
    },
  },
  {
    name: 'a worker restarted after a crash, when threads can no longer start: the call settles with the same error',
    async run(t) {
      // Healthy until the crash; then the restarted worker's file loads once, and its threads get 404.
      let allowed = Infinity;
      const origin = await startFaultyOrigin(t.server.url, /\/test\/pages\/worker-crashable\.js(\?.*)?$/, (n, res) => (n <= allowed ? 'pass' : replies.notFound(n, res)));
      try {
        const page = await t.openSdk(origin.url);
        await page.evaluate(async () => {
          let worker;
          const clf = await window.seEdge.createClassifier({
            backend: 'wasm',
            cache: false,
            worker: () => (worker = new Worker('/test/pages/worker-crashable.js', { type: 'module' })),
          });
          Object.assign(window, { clf, crash: () => worker.postMessage({ seEdgeTest: 'crash' }) });
        });
        allowed = origin.count() + 1;
        const outcome = await page.evaluate(async (input) => {
          const { clf, crash } = window;
          const threads = clf.threads;
          crash();
          await new Promise((r) => setTimeout(r, 100));
          const started = performance.now();
          const error = await clf.classify(Float32Array.from(input)).then(() => null, (e) => ({ name: e.name, message: e.message }));
          const ms = performance.now() - started;
          await clf.dispose();
          return { threads, error, ms };
        }, golden.inputs[3]);
        assert.ok(outcome.threads > 1, `threads: ${outcome.threads}`);
        assert.equal(outcome.error?.name, 'BackendError', JSON.stringify(outcome));
        assert.match(outcome.error.message, /WASM threads could not start: a thread could not load .*worker-crashable\.js/);
        assert.ok(outcome.ms < 10_000, `${outcome.ms} ms`);
      } finally {
        origin.close();
      }
    },
  },
];
