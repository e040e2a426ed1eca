// Looking inside the SE blocks, in every engine: inspect() gives PyTorch's maps, squeeze,
// gates and rescaled maps, with and without interventions, for the three models the export
// tool wrote (MNIST, Fashion-MNIST, the RGB fixture); channelEffects ranks every channel in
// one run; bad gates are typed errors; the inspection graph is fetched only by the first
// inspect, once, and then comes from the cache.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { golden as mnistGolden } from '../harness.mjs';

const read = (path) => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));
/** Each model: where the page loads it from (none: the bundled one), and PyTorch's answers. */
const MODELS = [
  { name: 'se-lenet-mnist', golden: read('models/se-lenet-mnist.inspect-golden.json') },
  { name: 'se-lenet-fashion', url: '/dist/models/se-lenet-fashion.manifest.json', golden: read('models/se-lenet-fashion.inspect-golden.json') },
  { name: 'se-cnn', url: '/test/fixtures/rgb-se-cnn/se-cnn.manifest.json', golden: read('test/fixtures/rgb-se-cnn/se-cnn.inspect-golden.json') },
];
const INSPECT_ONNX = /\.inspect\.onnx$/;
const TOLERANCE = 1e-4;

/**
 * In the page: every golden case through inspect(); the largest difference from PyTorch per
 * part, and what the arrays are (own buffers, lengths).
 */
async function inspectAgainst({ url, golden }) {
  const clf = await window.seEdge.createClassifier({ backend: 'wasm', ...(url ? { model: url } : {}) });
  const worst = {};
  const note = (part, actual, expected) => {
    if (actual.length !== expected.length) throw new Error(`${part}: ${actual.length} values, PyTorch has ${expected.length}`);
    for (let i = 0; i < expected.length; i++) worst[part] = Math.max(worst[part] ?? 0, Math.abs(actual[i] - expected[i]) || (Number.isNaN(actual[i]) ? Infinity : 0));
  };
  const shapes = {};
  let ownBuffers = true;
  for (const c of golden.cases) {
    const inspection = await clf.inspect(Float32Array.from(golden.inputs[c.input]), { gates: c.overrides });
    note('logits', inspection.logits, c.logits);
    for (const block of inspection.blocks) {
      const expected = c.blocks[block.name];
      for (const part of ['maps', 'squeeze', 'gate', 'applied', 'scaled']) {
        note(part, block[part], expected[part]);
        ownBuffers &&= block[part].byteOffset === 0 && block[part].buffer.byteLength === block[part].byteLength;
      }
      shapes[block.name] = block.shape;
      // The prediction's attention is the gate that was applied.
      note('attention', inspection.prediction.attention[block.name], expected.applied);
    }
  }
  await clf.dispose();
  return { worst, shapes, ownBuffers };
}

export const cases = [
  {
    name: "inspect: every map before and after each gate, squeeze, gate and the logits equal PyTorch's within 1e-4, with and without interventions (MNIST, Fashion-MNIST, RGB fixture)",
    timeout: 120_000,
    async run(t) {
      const page = await t.openSdk();
      for (const model of MODELS) {
        await t.step(model.name, async () => {
          const { worst, shapes, ownBuffers } = await page.evaluate(inspectAgainst, { url: model.url, golden: model.golden });
          for (const [part, error] of Object.entries(worst)) assert.ok(error <= TOLERANCE, `${model.name} ${part}: off by ${error}`);
          assert.deepEqual(Object.keys(worst).sort(), ['applied', 'attention', 'gate', 'logits', 'maps', 'scaled', 'squeeze']);
          const manifest = model.golden.cases[0].blocks;
          for (const [name, shape] of Object.entries(shapes)) assert.equal(shape.reduce((a, b) => a * b), manifest[name].maps.length, `${name} shape ${shape}`);
          assert.ok(ownBuffers, 'each array has a buffer of its own (transferred, not a view into a copy)');
        });
      }
    },
  },
  {
    name: 'inspect and channelEffects on one classifier: an intervention reaches every later block and the prediction; effects ranked in one run and consistent with inspect; bad gates are InputErrors and the worker stays usable; a worker that dies mid-flight is restarted; the inspection graph is fetched once, only when first needed, then cached',
    timeout: 120_000,
    async run(t) {
      const input = mnistGolden.inputs[0];
      const page = await t.openSdk();
      const mark = t.server.requests.mark();
      await page.evaluate(async () => {
        // With a progress callback, as apps pass one: the first inspect, long after the load,
        // must not report to it (its proxy is released once the load returns).
        window.loadEvents = 0;
        window.clf = await window.seEdge.createClassifier({ backend: 'wasm', onProgress: () => window.loadEvents++ });
        await window.clf.classify(new Float32Array(784));
      });
      await t.step('a classifier that never inspects never fetches the inspection graph', async () => {
        assert.deepEqual(t.server.requests.since(mark, INSPECT_ONNX), []);
      });

      await t.step('switching a channel off: its gate is 0, its scaled map is all 0, the later blocks change, earlier ones do not', async () => {
        const outcome = await page.evaluate(async (x) => {
          const own = await window.clf.inspect(Float32Array.from(x));
          const se1 = own.blocks[0];
          const strongest = se1.gate.indexOf(Math.max(...se1.gate));
          const off = await window.clf.inspect(Float32Array.from(x), { gates: { se1: { [strongest]: 0 } } });
          const [a, b] = [own.blocks, off.blocks];
          const size = a[0].shape[1] * a[0].shape[2];
          const differs = (p, q) => p.some((v, i) => Math.abs(v - q[i]) > 1e-6);
          return {
            label: own.prediction.label,
            appliedOff: b[0].applied[strongest],
            gateKept: b[0].gate[strongest] === a[0].gate[strongest],
            scaledOff: b[0].scaled.subarray(strongest * size, (strongest + 1) * size).every((v) => v === 0),
            mapsSame: !differs(a[0].maps, b[0].maps),
            laterGatesChanged: [differs(a[1].gate, b[1].gate), differs(a[2].gate, b[2].gate)],
            logitsChanged: differs(own.logits, off.logits),
            probabilityMatchesLogits: Math.abs(off.prediction.probabilities[off.prediction.index] - Math.exp(off.logits[off.prediction.index]) / off.logits.reduce((s, v) => s + Math.exp(v), 0)) < 1e-5,
          };
        }, input);
        assert.equal(outcome.label, String(mnistGolden.labels[0]));
        assert.deepEqual(outcome, { ...outcome, appliedOff: 0, gateKept: true, scaledOff: true, mapsSame: true, laterGatesChanged: [true, true], logitsChanged: true, probabilityMatchesLogits: true });
      });

      await t.step('the inspection graph came once, on the first inspect', async () => {
        assert.equal(t.server.requests.since(mark, INSPECT_ONNX).length, 1);
      });

      await t.step('channelEffects: all 142 channels, ranked by the drop in probability, each equal to inspect with that channel off', async () => {
        const outcome = await page.evaluate(async (x) => {
          const input = Float32Array.from(x);
          const all = await window.clf.channelEffects(input);
          const only = await window.clf.channelEffects(input, { blocks: ['se2'] });
          const top = all.effects[0];
          const check = await window.clf.inspect(input, { gates: { [top.block]: { [top.channel]: 0 } } });
          const k = all.prediction.index;
          return {
            count: all.effects.length,
            perBlock: ['se1', 'se2', 'se3'].map((b) => all.effects.filter((e) => e.block === b).length),
            ranked: all.effects.every((e, i) => i === 0 || all.effects[i - 1].probabilityChange <= e.probabilityChange),
            topMatches: Math.abs(check.prediction.probabilities[k] - top.probability) < 1e-5 && Math.abs(check.logits[k] - top.logit) < 1e-4,
            changesAdd: all.effects.every((e) => Math.abs(e.probability - e.probabilityChange - all.prediction.probabilities[k]) < 1e-6),
            onlySe2: only.effects.length === 16 && only.effects.every((e) => e.block === 'se2'),
            label: all.prediction.label,
            inferMs: all.timings.inferMs,
          };
        }, input);
        assert.deepEqual(outcome, { ...outcome, count: 142, perBlock: [6, 16, 120], ranked: true, topMatches: true, changesAdd: true, onlySe2: true, label: String(mnistGolden.labels[0]) });
        assert.ok(outcome.inferMs > 0);
      });

      await t.step('an unknown block or channel, a gate outside [0, 1] or NaN: an InputError naming it; the classifier still works', async () => {
        const errors = await page.evaluate(async (x) => {
          const input = Float32Array.from(x);
          const failure = (promise) => promise.then(() => null, (e) => `${e.name} ${e.code}: ${e.message}`);
          return {
            block: await failure(window.clf.inspect(input, { gates: { se7: { 0: 0 } } })),
            channel: await failure(window.clf.inspect(input, { gates: { se2: { 16: 0 } } })),
            value: await failure(window.clf.inspect(input, { gates: { se2: { 3: 1.5 } } })),
            nan: await failure(window.clf.inspect(input, { gates: { se3: { 3: NaN } } })),
            effectsBlock: await failure(window.clf.channelEffects(input, { blocks: ['conv1'] })),
            values: await failure(window.clf.inspect(new Float32Array(784).fill(2))),
            topK: await failure(window.clf.inspect(input, { topK: 11 })),
            after: (await window.clf.inspect(input)).prediction.label,
          };
        }, input);
        assert.match(errors.block, /^InputError INVALID_INPUT: input: the model has no SE block "se7"; its blocks are se1, se2, se3/);
        assert.match(errors.channel, /^InputError .*gates\.se2: channel "16" does not exist; se2 has channels 0 to 15/);
        assert.match(errors.value, /^InputError .*gates\.se2\[3\] is 1\.5; a gate is a number in \[0, 1\]/);
        assert.match(errors.nan, /^InputError .*gates\.se3\[3\] is NaN/);
        assert.match(errors.effectsBlock, /^InputError .*no SE block "conv1"/);
        assert.match(errors.values, /^InputError .*value 0 is 2, outside \[0, 1\]/);
        assert.match(errors.topK, /^OptionError .*topK must be an integer from 1 to 10/);
        assert.equal(errors.after, String(mnistGolden.labels[0]));
      });

      await t.step('an inspect call in a batch with classify calls: each gets its own answer', async () => {
        const labels = await page.evaluate(async (xs) => {
          const [a, b, c] = xs.map((x) => Float32Array.from(x));
          const results = await Promise.all([window.clf.classify(a), window.clf.inspect(b), window.clf.classify(c), window.clf.channelEffects(a, { blocks: ['se1'] })]);
          return [results[0].label, results[1].prediction.label, results[2].label, results[3].prediction.label, results[3].effects.length];
        }, mnistGolden.inputs.slice(0, 3));
        assert.deepEqual(labels, [...mnistGolden.labels.slice(0, 3).map(String), String(mnistGolden.labels[0]), 6]);
      });

      await t.step('abort and time limit as for classify', async () => {
        const outcome = await page.evaluate(async (x) => {
          const controller = new AbortController();
          controller.abort();
          const aborted = await window.clf.inspect(Float32Array.from(x), { signal: controller.signal }).then(() => null, (e) => e.name);
          const late = await window.clf.channelEffects(Float32Array.from(x), { timeoutMs: 0 }).then(() => null, (e) => e.name);
          return { aborted, late, after: (await window.clf.inspect(Float32Array.from(x))).prediction.label };
        }, input);
        assert.deepEqual(outcome, { aborted: 'AbortError', late: 'TimeoutError', after: String(mnistGolden.labels[0]) });
      });

      await t.step('the worker dies while its first inspect and channelEffects calls wait for the inspection graph: they reject with WorkerError, the next inspect starts a fresh worker, whose inspection graph comes from the cache', async () => {
        const from = t.server.requests.mark();
        const outcome = await page.evaluate(async (x) => {
          let worker;
          const clf = await window.seEdge.createClassifier({
            backend: 'wasm',
            worker: () => (worker = new Worker('/test/pages/worker-crashable.js', { type: 'module' })),
          });
          const input = Float32Array.from(x);
          const first = worker;
          const settle = (promise) => promise.then(() => 'resolved', (e) => `${e.name}:${e instanceof window.seEdge.WorkerError}`);
          // The first inspect of a worker reads the inspection graph from the cache and starts its
          // session (tasks, not microtasks), so the crash lands while these calls wait for it.
          const pending = Array.from({ length: 20 }, (_, i) => settle(i % 2 ? clf.channelEffects(input) : clf.inspect(input)));
          await new Promise((r) => setTimeout(r, 0));
          const died = new Promise((r) => first.addEventListener('error', r, { once: true }));
          first.postMessage({ seEdgeTest: 'crash' });
          const settled = await Promise.all(pending);
          await died;
          const next = await clf.inspect(input, { gates: { se1: { 0: 0 } } });
          const restarted = worker !== first;
          await clf.dispose();
          return { settled: [...new Set(settled)], cut: settled.filter((s) => s !== 'resolved').length, label: next.prediction.label, gate: next.blocks[0].applied[0], restarted };
        }, input);
        for (const s of outcome.settled) assert.ok(['resolved', 'WorkerError:true'].includes(s), s);
        assert.ok(outcome.cut > 0, 'some calls were in flight when it died');
        assert.deepEqual([outcome.label, outcome.gate, outcome.restarted], [String(mnistGolden.labels[0]), 0, true]);
        assert.deepEqual(t.server.requests.since(from, INSPECT_ONNX), [], 'the inspection graph came from the cache, before and after the restart');
      });

      await t.step('a second page load inspects from the cache: no request for the inspection graph', async () => {
        await page.evaluate(() => window.clf.dispose());
        await page.reload();
        await page.waitFor(() => window.seEdgeReady === true);
        const from = t.server.requests.mark();
        const label = await page.evaluate(async (x) => {
          const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
          const { prediction } = await clf.inspect(Float32Array.from(x));
          await clf.dispose();
          return prediction.label;
        }, input);
        assert.equal(label, String(mnistGolden.labels[0]));
        assert.deepEqual(t.server.requests.since(from, /\.onnx$/), []);
      });
    },
  },
  {
    name: 'a model exported without an inspection graph: inspect and channelEffects reject with an UnsupportedError that says how to re-export; classify still works',
    async run(t) {
      const page = await t.openSdk();
      const outcome = await page.evaluate(async (x) => {
        const clf = await window.seEdge.createClassifier({ backend: 'wasm', model: '/__test__/uninspectable.manifest.json' });
        const failure = (promise) => promise.then(() => null, (e) => `${e.name} ${e.code}: ${e.message}`);
        const result = {
          inspect: await failure(clf.inspect(Float32Array.from(x))),
          effects: await failure(clf.channelEffects(Float32Array.from(x))),
          label: (await clf.classify(Float32Array.from(x))).label,
        };
        await clf.dispose();
        return result;
      }, mnistGolden.inputs[1]);
      assert.match(outcome.inspect, /^UnsupportedError UNSUPPORTED: input: The model se-lenet-mnist was exported without an inspection graph; re-export it with se-edge's models\/export\.py/);
      assert.match(outcome.effects, /^UnsupportedError/);
      assert.equal(outcome.label, String(mnistGolden.labels[1]));
    },
  },
];
