// Browser support: what the SDK does where a browser lacks something it relies on (the
// table of docs/browser-support.md). Each missing feature is simulated the same way in every
// engine, by a worker whose scope lacks it (test/pages/worker-without-*.js) or a page that
// lacks it; WebKit as WebKitGTK ships it (no SharedArrayBuffer) is also run for real.
import assert from 'node:assert/strict';
import { golden } from '../harness.mjs';
import { PLAIN } from '../server.mjs';

const input = golden.inputs[6];
const label = String(golden.labels[6]);

/**
 * createClassifier with the worker `script` (test/pages/) and `options`, one classify; what came
 * of it. With `keep`, the classifier stays, as window.kept, for the next behaviour.
 */
function withWorker({ script, options = {}, input, image = false, keep = false }) {
  const warnings = [];
  return window.seEdge
    .createClassifier({
      backend: 'wasm',
      cache: false,
      ...options,
      ...(script ? { worker: () => new Worker(`/test/pages/${script}`, { type: 'module' }) } : {}),
      onProgress: ({ warning }) => warning && warnings.push(warning),
    })
    .then(
      async (clf) => {
        const out = { ok: true, threads: clf.threads, warnings, kept: [...clf.warnings] };
        out.label = (await clf.classify(Float32Array.from(input))).label;
        if (image) {
          out.image = await clf.classify(window.digitCanvas(input)).then((p) => p.label, (e) => ({ name: e.name, code: e.code, message: e.message }));
        }
        if (keep) window.kept = clf;
        else await clf.dispose();
        return out;
      },
      (e) => ({ ok: false, name: e.name, code: e.code, message: e.message, typed: e instanceof window.seEdge.SeEdgeError }),
    );
}

export const cases = [
  {
    name: 'features missing, in one page: without WebAssembly SIMD or WebAssembly a BackendError before any download; without SharedArrayBuffer one thread and a warning; without AbortSignal.any signal and timeoutMs still stop a call; without OffscreenCanvas in the worker images refused, values work',
    timeout: 120_000,
    async run(t) {
      const page = await t.setUp(() => t.openSdk());
      await t.step('without WebAssembly SIMD, or WebAssembly at all, createClassifier fails at once with a BackendError naming what is missing, before any download', async () => {
        const mark = t.server.requests.mark();
        const simd = await page.evaluate(withWorker, { script: 'worker-without-simd.js', input });
        assert.deepEqual([simd.ok, simd.name, simd.code, simd.typed], [false, 'BackendError', 'BACKEND', true], JSON.stringify(simd));
        assert.match(simd.message, /onnxruntime-web cannot run: this browser's WebAssembly has no SIMD, which onnxruntime-web needs \(Chrome 91, Firefox 89, Safari 16\.4 or later\)/);
        const none = await page.evaluate(withWorker, { script: 'worker-without-webassembly.js', input });
        assert.deepEqual([none.ok, none.name, none.typed], [false, 'BackendError', true], JSON.stringify(none));
        assert.match(none.message, /onnxruntime-web cannot run: WebAssembly is not available in this browser/);
        assert.deepEqual(t.server.requests.since(mark, /\.(onnx|wasm)$/), []);
      });
      await t.step('no SharedArrayBuffer on a cross-origin isolated page (as WebKitGTK ships): WASM on one thread, and a warning that says why', async () => {
        const outcome = await page.evaluate(withWorker, { script: 'worker-without-shared-array-buffer.js', input, keep: true });
        assert.equal(outcome.ok, true, JSON.stringify(outcome));
        assert.deepEqual([outcome.label, outcome.threads], [label, 1]);
        assert.equal(outcome.warnings.length, 1, outcome.warnings.join('\n'));
        assert.match(outcome.warnings[0], /^WASM runs on one thread, not the \d asked for: this browser gives no SharedArrayBuffer even to this cross-origin isolated page/);
        assert.deepEqual(outcome.kept, outcome.warnings);
      });
      // On the classifier just made: which worker runs does not matter to a call's signal and time limit, which the page keeps.
      await t.step('without AbortSignal.any (Safari before 17.4, Firefox before 124), a call with both a signal and timeoutMs still stops at the first', async () => {
        const outcome = await page.evaluate(async (input) => {
          const clf = window.kept;
          const any = AbortSignal.any;
          delete AbortSignal.any;
          try {
            const x = Float32Array.from(input);
            const controller = new AbortController();
            const timedOut = await clf.classify(x, { signal: controller.signal, timeoutMs: 0 }).then(() => 'resolved', (e) => e.name);
            const aborted = clf.classify(x, { signal: controller.signal, timeoutMs: 5000 }).then(() => 'resolved', (e) => e.name);
            controller.abort();
            return { any: typeof AbortSignal.any, timedOut, aborted: await aborted, next: (await clf.classify(x, { signal: new AbortController().signal, timeoutMs: 5000 })).label };
          } finally {
            if (any) AbortSignal.any = any;
            await clf.dispose();
          }
        }, input);
        assert.deepEqual(outcome, { any: 'undefined', timedOut: 'TimeoutError', aborted: 'AbortError', next: label });
      });
      await t.step('without OffscreenCanvas in the worker, images are refused with an InputError that says what to pass instead; Float32Array inputs work', async () => {
        const outcome = await page.evaluate(withWorker, { script: 'worker-without-offscreen-canvas.js', input, image: true });
        assert.deepEqual([outcome.ok, outcome.label], [true, label], JSON.stringify(outcome));
        assert.deepEqual([outcome.image.name, outcome.image.code], ['InputError', 'INVALID_INPUT']);
        assert.match(outcome.image.message, /^input: this browser cannot read images in a worker \(it has no OffscreenCanvas.*pass the model's input as a Float32Array instead$/);
      });
    },
  },
  {
    name: 'a page that is not cross-origin isolated: one thread and no warning by default; numThreads: 4 gives one thread and a warning naming the headers',
    async run(t) {
      const page = await t.open(`${PLAIN}test/pages/sdk.html`);
      await page.waitFor(() => window.seEdgeReady === true);
      assert.equal(await page.evaluate(() => crossOriginIsolated), false);
      const plain = await page.evaluate(withWorker, { input });
      assert.deepEqual([plain.ok, plain.label, plain.threads, plain.warnings], [true, label, 1, []], JSON.stringify(plain));
      const asked = await page.evaluate(withWorker, { input, options: { numThreads: 4 } });
      assert.deepEqual([asked.ok, asked.label, asked.threads], [true, label, 1], JSON.stringify(asked));
      assert.deepEqual(asked.warnings, [
        'WASM runs on one thread, not the 4 asked for: threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages (serve the page with the COOP and COEP headers)',
      ]);
    },
  },
  {
    name: 'WebKit as WebKitGTK ships it (no SharedArrayBuffer): the SDK loads, runs on one thread, says why, and classifies drawings',
    engines: ['webkitgtk'],
    async run(t) {
      const page = await t.openSdk();
      const outcome = await page.evaluate(async (input) => {
        const clf = await window.seEdge.createClassifier();
        const { canvas, context } = window.paper(140, 140);
        context.fillStyle = '#000';
        context.fillRect(64, 20, 12, 100); // a "1"
        const out = {
          sab: typeof SharedArrayBuffer,
          isolated: crossOriginIsolated,
          threads: clf.threads,
          warnings: [...clf.warnings],
          label: (await clf.classify(Float32Array.from(input))).label,
          drawn: (await clf.classify(canvas)).label,
        };
        await clf.dispose();
        return out;
      }, input);
      assert.deepEqual([outcome.sab, outcome.isolated, outcome.threads, outcome.label, outcome.drawn], ['undefined', true, 1, label, '1']);
      assert.equal(outcome.warnings.length, 1);
      assert.match(outcome.warnings[0], /this browser gives no SharedArrayBuffer even to this cross-origin isolated page \(WebKitGTK and WPE do not yet; Safari does\)/);
    },
  },
];
