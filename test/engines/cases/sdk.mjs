// The SDK's core in every engine: loading (what runs and why) and its errors; then, on one
// classifier, classify and classifyBatch, the numbers against PyTorch's, bad input and its
// typed errors, abort, timeout, dispose.
import assert from 'node:assert/strict';
import { cacheEntries, createAndClassify, loadError } from '../in-page.mjs';
import { golden, manifest } from '../harness.mjs';

const softmax = (row) => {
  const max = Math.max(...row);
  const exps = row.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
};
const argmax = (row) => row.indexOf(Math.max(...row));

/** In the page: counts the workers it starts from here on (and marks those terminated), then creates window.clf. */
async function setUpClassifier() {
  const started = (window.startedWorkers = []);
  const NativeWorker = (window.NativeWorker = window.Worker);
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      started.push(this);
      this.terminate = () => ((this.terminated = true), NativeWorker.prototype.terminate.call(this));
    }
  };
  window.clf = await window.seEdge.createClassifier({ backend: 'wasm' });
}

export const cases = [
  {
    name: 'loading: what runs and why (WASM on several threads; no WebGPU where the browser has none), load errors that name the URL or field, and wasmPaths',
    timeout: 120_000,
    async run(t) {
      const page = await t.setUp(() => t.openSdk());
      // First, while nothing is cached on this origin: failures that must leave nothing behind.
      await t.step('a manifest that does not load gives a typed ModelLoadError naming the URL', async () => {
        const error = await page.evaluate(loadError, { model: '/no/such/manifest.json' });
        assert.deepEqual({ name: error.name, code: error.code, typed: error.typed }, { name: 'ModelLoadError', code: 'MODEL_LOAD', typed: true });
        assert.match(error.message, /\/no\/such\/manifest\.json.*HTTP 404/);
      });
      await t.step('model bytes that do not match the pinned sha256 give an IntegrityError and are not cached', async () => {
        const error = await page.evaluate(loadError, { model: '/__test__/pinned.manifest.json' });
        assert.deepEqual({ name: error.name, code: error.code, typed: error.typed }, { name: 'IntegrityError', code: 'INTEGRITY', typed: true });
        assert.match(error.message, /se-lenet-mnist\.onnx has SHA-256 [0-9a-f]{64} but (ab){32} was expected/);
        const keys = Object.keys((await page.evaluate(cacheEntries)) ?? {}).filter((k) => k.startsWith('file/se-lenet-mnist/'));
        assert.deepEqual(keys, []);
      });
      await t.step('a manifest the worker cannot serve is refused at load, naming the field, before anything is downloaded', async () => {
        const mark = t.server.requests.mark();
        const rgb = await page.evaluate(loadError, { model: '/__test__/rgb.manifest.json', cache: false });
        assert.equal(rgb.name, 'ModelLoadError');
        assert.match(rgb.message, /rgb\.manifest\.json cannot be used: "input\.shape" must be \[N, 1, 28, 28\] for "mnist-digit" preprocessing; got \[N, 3, 32, 32\]/);
        assert.deepEqual(t.server.requests.since(mark, /\.onnx$/), [], 'nothing downloaded');
        const renamed = await page.evaluate(loadError, { model: '/__test__/renamed.manifest.json', cache: false });
        assert.equal(renamed.name, 'ModelLoadError');
        assert.match(renamed.message, /"outputs\.logits\.name" is "scores" but the model's outputs are \["logits","se1","se2","se3"\]/);
      });
      await t.step("load: WASM on several threads ('auto': the model is small for a GPU), no WebGPU where the browser has none, and each says why", async () => {
        const info = await page.evaluate(async (input) => {
          const auto = await window.seEdge.createClassifier();
          const label = (await auto.classify(Float32Array.from(input))).label;
          const result = {
            backend: auto.backend,
            reason: auto.backendReason,
            threads: auto.threads,
            warnings: [...auto.warnings],
            label,
            gpu: 'gpu' in navigator,
            isolated: crossOriginIsolated,
          };
          await auto.dispose();
          if (!result.gpu) {
            // Asked for WebGPU where there is none: WASM, and the reason says so.
            const webgpu = await window.seEdge.createClassifier({ backend: 'webgpu' });
            Object.assign(result, { webgpuBackend: webgpu.backend, webgpuReason: webgpu.backendReason });
            await webgpu.dispose();
          }
          return result;
        }, golden.inputs[7]);
        assert.equal(info.label, String(golden.labels[7]));
        assert.equal(info.isolated, true);
        assert.equal(info.backend, 'wasm');
        assert.ok(info.threads > 1, `threads: ${info.threads}`);
        assert.deepEqual(info.warnings, []);
        // Whatever the browser's WebGPU, 'auto' weighs the model first (test/browser/backend.spec.ts
        // checks it with a real adapter, and a model large enough).
        assert.match(info.reason, /^auto chose WASM: the model is small for a GPU \(0\.43 M multiply-accumulates per image x expectedBatch 1 = 0\.43 M per run, below the 20 G/);
        if (t.engine !== 'chromium') {
          assert.equal(info.gpu, false, `${t.engine} has no WebGPU (navigator.gpu)`);
          assert.equal(info.webgpuBackend, 'wasm');
          assert.equal(info.webgpuReason, 'WebGPU was requested but no WebGPU in this browser (navigator.gpu is missing); running on WASM');
        }
      });
      await t.step('wasmPaths chooses where the runtime .wasm comes from, and a wrong folder is a clear load error', async () => {
        const result = await page.evaluate(createAndClassify, { input: golden.inputs[2], options: { cache: false, wasmPaths: '/dist' } });
        assert.equal(result.label, String(golden.labels[2]));
        const wrong = await page.evaluate(loadError, { cache: false, wasmPaths: '/nowhere/' });
        assert.equal(wrong.name, 'ModelLoadError');
        assert.match(wrong.message, /\/nowhere\/ort-wasm-simd-threaded\.wasm failed: HTTP 404/);
      });
    },
  },
  {
    name: "one classifier, in turn: the golden digits within 1e-4 of PyTorch, the model card's accuracy, the input length, bad input, abort, timeout, a load cancelled, dispose with calls in flight and after",
    timeout: 150_000,
    async run(t) {
      const page = await t.setUp(async () => {
        const page = await t.openSdk();
        await page.evaluate(setUpClassifier);
        return page;
      });
      await t.step('wasm: probabilities and attention of the 64 golden digits are within 1e-4 of PyTorch, by classify and classifyBatch', async () => {
        const { single, batch } = await page.evaluate(async (inputs) => {
          const { clf } = window;
          const plain = (p) => ({
            index: p.index,
            label: p.label,
            top: p.top,
            probabilities: Array.from(p.probabilities),
            attention: Object.fromEntries(Object.entries(p.attention).map(([name, v]) => [name, Array.from(v)])),
          });
          const single = await Promise.all(inputs.map((row) => clf.classify(Float32Array.from(row))));
          const batch = await clf.classifyBatch(inputs.map((row) => Float32Array.from(row)), { topK: 2 });
          return { single: single.map(plain), batch: batch.map(plain) };
        }, golden.inputs);
        assert.equal(single.length, 64);
        for (const predictions of [single, batch]) {
          const worst = { probabilities: 0 };
          predictions.forEach((p, i) => {
            const expected = softmax(golden.logits[i]);
            p.probabilities.forEach((v, c) => (worst.probabilities = Math.max(worst.probabilities, Math.abs(v - expected[c]))));
            for (const block of manifest.attention) {
              assert.equal(p.attention[block.name].length, block.channels, block.name);
              p.attention[block.name].forEach((v, c) => (worst[block.name] = Math.max(worst[block.name] ?? 0, Math.abs(v - golden.attention[block.name][i][c]))));
            }
          });
          for (const [output, difference] of Object.entries(worst)) assert.ok(difference < 1e-4, `${output}: ${difference}`);
          assert.deepEqual(predictions.map((p) => p.index), golden.logits.map(argmax));
          assert.deepEqual(predictions.map((p) => p.label), golden.logits.map((row) => String(argmax(row))));
        }
        assert.equal(single[0].top.length, 3);
        assert.equal(batch[0].top.length, 2);
        assert.ok(batch[0].top[0].probability >= batch[0].top[1].probability);
      });
      await t.step('accuracy through the SDK on the 10,000 standard MNIST test digits equals the model card figure', async () => {
        const { correct, count } = await page.evaluate(async () => {
          const bytes = await (await fetch('/__test__/mnist-test.bin')).arrayBuffer();
          const count = bytes.byteLength / (784 * 4 + 1);
          const images = new Float32Array(bytes, 0, count * 784);
          const labels = new Uint8Array(bytes, count * 784 * 4, count);
          const inputs = Array.from({ length: count }, (_, i) => images.subarray(i * 784, (i + 1) * 784));
          const predictions = await window.clf.classifyBatch(inputs);
          return { correct: predictions.filter((p, i) => p.index === labels[i]).length, count };
        });
        assert.equal(count, 10_000);
        assert.equal(count, manifest.metrics.test.count);
        assert.equal(correct, manifest.metrics.test.correct);
      });
      await t.step("the classifier states its model's input length, and classify(Float32Array) holds to it", async () => {
        const outcome = await page.evaluate(async () => {
          const { clf } = window;
          const { inputLength, model } = clf;
          const message = await clf.classify(new Float32Array(inputLength + 1)).then(() => 'resolved', (e) => e.message);
          const label = (await clf.classify(new Float32Array(inputLength))).label;
          return { inputLength, shape: model.input.shape, range: model.input.range, message, label };
        });
        assert.equal(outcome.inputLength, 784);
        assert.deepEqual(outcome.shape, ['N', 1, 28, 28]);
        assert.deepEqual(outcome.range, [0, 1]);
        assert.equal(outcome.message, "input: expected 784 values (the model's input), got a Float32Array of 785");
        assert.match(outcome.label, /^\d$/);
      });
      await t.step('each kind of bad input rejects with an exported error class, and the next call succeeds', async () => {
        const outcomes = await page.evaluate(async (valid) => {
          const { InputError, AbortError, OptionError } = window.seEdge;
          const { clf } = window;
          const good = Float32Array.from(valid);
          const withValue = (v) => Object.assign(good.slice(), { [100]: v });
          const blank = document.createElement('canvas'); // 300x150, no ink
          const zero = document.createElement('canvas');
          zero.width = 0;
          const cases = [
            ['short array', () => clf.classify(new Float32Array(10)), InputError],
            ['NaN', () => clf.classify(withValue(NaN)), InputError],
            ['Infinity', () => clf.classify(withValue(Infinity)), InputError],
            ['out of range', () => clf.classify(withValue(255)), InputError],
            ['plain array', () => clf.classify([1, 2, 3]), InputError],
            ['non-image object', () => clf.classify({ width: 28, height: 28 }), InputError],
            ['zero-size canvas', () => clf.classify(zero), InputError],
            ['blank canvas', () => clf.classify(blank), InputError],
            ['empty Blob', () => clf.classify(new Blob([])), InputError],
            ['Blob that is not an image', () => clf.classify(new Blob(['not a png'], { type: 'image/png' })), InputError],
            ['aborted signal', () => clf.classify(good, { signal: AbortSignal.abort() }), AbortError],
            ['bad topK', () => clf.classify(good, { topK: 0 }), OptionError],
          ];
          const results = [];
          for (const [name, call, type] of cases) {
            try {
              await call();
              results.push({ name, outcome: 'resolved' });
            } catch (e) {
              const next = await clf.classify(good).then((p) => p.label, (err) => `failed: ${err}`);
              results.push({
                name,
                outcome: 'rejected',
                right: e instanceof type && e instanceof window.seEdge.SeEdgeError,
                errorName: e.name,
                code: e.code,
                message: e.message,
                next,
              });
            }
          }
          return results;
        }, golden.inputs[4]);
        for (const outcome of outcomes) {
          assert.deepEqual(
            { outcome: outcome.outcome, right: outcome.right, next: outcome.next },
            { outcome: 'rejected', right: true, next: String(golden.labels[4]) },
            `${outcome.name}: ${JSON.stringify(outcome)}`,
          );
          assert.ok(outcome.message.length > 15, outcome.name);
        }
        const byName = Object.fromEntries(outcomes.map((o) => [o.name, o]));
        assert.equal(byName['short array'].errorName, 'InputError');
        assert.equal(byName['short array'].code, 'INVALID_INPUT');
        assert.match(byName['short array'].message, /expected 784 values/);
        assert.match(byName['NaN'].message, /value 100 is NaN/);
        assert.match(byName['blank canvas'].message, /blank/);
        // Decoding fails in the worker: the class survives the trip back.
        assert.match(byName['Blob that is not an image'].message, /could not be decoded/);
        assert.equal(byName['aborted signal'].errorName, 'AbortError');
        assert.equal(byName['aborted signal'].code, 'ABORTED');
      });
      await t.step('aborting a queued call rejects it alone; its batch-mates resolve', async () => {
        const labels = await page.evaluate(async (inputs) => {
          const controller = new AbortController();
          const calls = inputs.map((row, i) =>
            window.clf.classify(Float32Array.from(row), i === 1 ? { signal: controller.signal } : {}).then((p) => p.label, (e) => e.name),
          );
          controller.abort();
          return Promise.all(calls);
        }, golden.inputs.slice(0, 3));
        assert.deepEqual(labels, [String(golden.labels[0]), 'AbortError', String(golden.labels[2])]);
      });
      await t.step('a call whose timeoutMs expires rejects with TimeoutError, alone or with a signal, and does not poison the queue', async () => {
        const outcome = await page.evaluate(async (input) => {
          const { clf } = window;
          const x = Float32Array.from(input);
          // 0 ms: expires before any worker can answer.
          const timedOut = await clf.classify(x, { timeoutMs: 0 }).then(() => 'resolved', (e) => [e.name, e.code, e instanceof window.seEdge.TimeoutError]);
          const burst = await Promise.all(
            Array.from({ length: 50 }, (_, i) => clf.classify(x, i % 2 ? { timeoutMs: 0 } : { timeoutMs: 5000 }).then((p) => p.label, (e) => e.name)),
          );
          // A signal and a time limit together: whichever comes first.
          const controller = new AbortController();
          const both = [
            await clf.classify(x, { signal: controller.signal, timeoutMs: 0 }).then(() => 'resolved', (e) => e.name),
            await clf.classify(x, { signal: controller.signal, timeoutMs: 5000 }).then((p) => p.label, (e) => e.name),
          ];
          const aborted = clf.classify(x, { signal: controller.signal, timeoutMs: 5000 }).then(() => 'resolved', (e) => e.name);
          controller.abort();
          both.push(await aborted);
          const next = (await clf.classify(x, { timeoutMs: 5000 })).label;
          return { timedOut, burst: [...new Set(burst)].sort(), both, next };
        }, golden.inputs[8]);
        const label = String(golden.labels[8]);
        assert.deepEqual(outcome.timedOut, ['TimeoutError', 'TIMEOUT', true]);
        assert.deepEqual(outcome.burst, [label, 'TimeoutError'].sort());
        assert.deepEqual(outcome.both, ['TimeoutError', label, 'AbortError']);
        assert.equal(outcome.next, label);
      });
      await t.step('dispose() during loading: a load cancelled by its signal rejects with AbortError at once; its worker ends its cache work and is stopped within a second', async () => {
        const cancelled = await page.evaluate(async () => {
          const controller = new AbortController();
          const before = window.startedWorkers.length;
          const loading = window.seEdge.createClassifier({ backend: 'wasm', signal: controller.signal }).then(() => 'loaded', (e) => e.name);
          setTimeout(() => controller.abort(), 5);
          const outcome = await loading;
          const worker = window.startedWorkers[before];
          const aborted = performance.now();
          while (!worker.terminated && performance.now() - aborted < 1500) await new Promise((done) => setTimeout(done, 20));
          return { outcome, stoppedWithinMs: worker.terminated ? Math.round(performance.now() - aborted) : null };
        });
        assert.equal(cancelled.outcome, 'AbortError');
        assert.ok(cancelled.stoppedWithinMs !== null && cancelled.stoppedWithinMs <= 1100, `stopped after ${cancelled.stoppedWithinMs} ms`);
      });
      // Last: the classifier goes.
      await t.step('dispose() with calls in flight: everything settles (resolved or DisposedError), every worker is terminated', async () => {
        const outcome = await page.evaluate(async (input) => {
          const { clf, startedWorkers: started } = window;
          const x = Float32Array.from(input);
          const calls = Array.from({ length: 1000 }, () => clf.classify(x).then(() => 'resolved', (e) => e.name));
          await clf.dispose();
          window.Worker = window.NativeWorker;
          return { settled: [...new Set(await Promise.all(calls))], workers: started.length, left: started.filter((w) => !w.terminated).length };
        }, golden.inputs[0]);
        for (const s of outcome.settled) assert.ok(['resolved', 'DisposedError'].includes(s), s);
        assert.equal(outcome.workers, 2, 'the classifier and the cancelled load each started one');
        assert.equal(outcome.left, 0);
      });
      await t.step('calls after dispose reject with DisposedError', async () => {
        const after = await page.evaluate(
          (input) => window.clf.classify(Float32Array.from(input)).then(() => 'resolved', (e) => [e.name, e.code, e instanceof window.seEdge.DisposedError]),
          golden.inputs[0],
        );
        assert.deepEqual(after, ['DisposedError', 'DISPOSED', true]);
      });
    },
  },
];
