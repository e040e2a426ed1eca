// Faults the SDK must survive, in every engine: a model server that fails in each way a
// network can, a worker that dies mid-flight, two pages loading the model at the same moment.
import assert from 'node:assert/strict';
import { cacheEntries } from '../in-page.mjs';
import { golden, manifest } from '../harness.mjs';
import { startFaultServer } from '../server.mjs';

const modelKey = `file/se-lenet-mnist/${manifest.model.sha256}`;
const cachedModelKeys = async (page) => Object.keys((await page.evaluate(cacheEntries)) ?? {}).filter((k) => k.startsWith('file/se-lenet-mnist/'));

/** Tries to create a classifier of `model`; the error (name, code, message, ms, typed) or the label. */
function attempt({ model, loadTimeoutMs, input }) {
  const started = performance.now();
  return window.seEdge.createClassifier({ model, backend: 'wasm', loadTimeoutMs }).then(
    async (clf) => {
      const { label } = await clf.classify(Float32Array.from(input));
      await clf.dispose();
      return { ok: true, label };
    },
    (error) => ({ ok: false, name: error.name, code: error.code, message: error.message, ms: performance.now() - started, typed: error instanceof window.seEdge.SeEdgeError }),
  );
}

export const cases = [
  {
    name: 'model URL faults give a typed load error naming the URL, cache nothing, and a fixed server then works',
    async run(t) {
      const server = await startFaultServer();
      try {
        const page = await t.openSdk();
        const expected = {
          404: ['ModelLoadError', /\/404\/model\.onnx failed: HTTP 404/],
          500: ['ModelLoadError', /\/500\/model\.onnx failed: HTTP 500/],
          html: ['IntegrityError', /\/html\/model\.onnx has SHA-256 [0-9a-f]{64} but [0-9a-f]{64} was expected/],
          truncated: ['ModelLoadError', /Download of .*\/truncated\/model\.onnx failed after \d+ bytes/],
          hang: ['ModelLoadError', /No answer from .*\/hang\/model\.onnx within 1500 ms/],
        };
        const input = golden.inputs[1];
        for (const [fault, [name, message]] of Object.entries(expected)) {
          const result = await page.evaluate(attempt, { model: server.manifestUrl(fault), loadTimeoutMs: 1500, input });
          assert.deepEqual([result.ok, result.name, result.typed], [false, name, true], `${fault}: ${JSON.stringify(result)}`);
          assert.match(result.message, message, `${fault}: ${result.message}`);
          assert.ok(result.ms < 10_000, `${fault}: settled in ${result.ms} ms`);
          assert.deepEqual(await cachedModelKeys(page), [], `${fault}: nothing cached`);
        }
        const flaky = await page.evaluate(attempt, { model: server.manifestUrl('flaky'), loadTimeoutMs: 20_000, input });
        assert.deepEqual([flaky.ok, flaky.code], [false, 'MODEL_LOAD']);
        server.state.fixed = true;
        assert.deepEqual(await page.evaluate(attempt, { model: server.manifestUrl('flaky'), loadTimeoutMs: 20_000, input }), { ok: true, label: String(golden.labels[1]) });
        assert.deepEqual(await cachedModelKeys(page), [modelKey]);
      } finally {
        server.close();
      }
    },
  },
  {
    name: 'two pages of the origin loading the model at the same moment: both work, one valid cache entry',
    async run(t) {
      const a = await t.openSdk();
      const b = await t.openSdk();
      // Both loads start before either is awaited (a driver runs one command at a time).
      const start = (input) => {
        window.loading = window.seEdge.createClassifier({ backend: 'wasm' }).then(async (clf) => {
          const { label } = await clf.classify(Float32Array.from(input));
          await clf.dispose();
          return label;
        });
      };
      await a.evaluate(start, golden.inputs[3]);
      await b.evaluate(start, golden.inputs[3]);
      const labels = [await a.evaluate(() => window.loading), await b.evaluate(() => window.loading)];
      assert.deepEqual(labels, [String(golden.labels[3]), String(golden.labels[3])]);
      assert.deepEqual(await cachedModelKeys(a), [modelKey]);
      // And the entry is intact: a third load uses it.
      const third = await a.evaluate(async () => {
        const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
        await clf.dispose();
        return [clf.modelSource, clf.warnings.length];
      });
      assert.deepEqual(third, ['cache', 0]);
    },
  },
  {
    name: 'the worker dies mid-flight: pending calls reject with WorkerError, the next call starts a fresh worker',
    async run(t) {
      const page = await t.openSdk();
      const outcome = await page.evaluate(async (input) => {
        let worker;
        const clf = await window.seEdge.createClassifier({
          backend: 'wasm',
          worker: () => (worker = new Worker('/test/pages/worker-crashable.js', { type: 'module' })),
        });
        const x = Float32Array.from(input);
        const pending = Array.from({ length: 3000 }, () =>
          clf.classify(x).then(() => 'resolved', (e) => `${e.name}:${e.code}:${e instanceof window.seEdge.WorkerError}`),
        );
        await new Promise((r) => setTimeout(r, 0));
        const first = worker;
        first.postMessage({ seEdgeTest: 'crash' });
        const settled = await Promise.all(pending);
        const next = await clf.classify(x);
        const restarted = worker !== first;
        await clf.dispose();
        return { settled: [...new Set(settled)], rejected: settled.filter((s) => s !== 'resolved').length, label: next.label, restarted };
      }, golden.inputs[4]);
      assert.ok(outcome.rejected > 0, 'some calls were in flight when it died');
      for (const s of outcome.settled) assert.ok(['resolved', 'WorkerError:WORKER:true'].includes(s), s);
      assert.equal(outcome.label, String(golden.labels[4]));
      assert.equal(outcome.restarted, true);
    },
  },
];
