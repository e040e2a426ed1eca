// Hostile input in every engine, on one classifier: property-based fuzzing of the public API,
// then huge inputs (a canvas of 16384x16384, a batch of 100,000). The soak, which reads the
// worker's heap over CDP, is Chromium's alone: test/browser/load.spec.ts.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { golden } from '../harness.mjs';

/** What the fuzzer may throw at classify(): described in Node, built in the page. */
const inputArb = fc.oneof(
  fc.record({ kind: fc.constant('floats'), length: fc.oneof(fc.constant(784), fc.nat(2000)), fill: fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 0.5, 255)) }),
  fc.record({ kind: fc.constant('canvas'), width: fc.nat(400), height: fc.nat(400), strokes: fc.nat(5) }),
  fc.record({ kind: fc.constant('imagedata'), width: fc.integer({ min: 1, max: 64 }), height: fc.integer({ min: 1, max: 64 }), seed: fc.nat() }),
  fc.record({ kind: fc.constant('blob'), bytes: fc.uint8Array({ maxLength: 300 }), type: fc.constantFrom('', 'image/png', 'image/jpeg', 'text/plain') }),
  fc.record({ kind: fc.constant('junk'), value: fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.string(), fc.array(fc.double(), { maxLength: 800 }), fc.object()) }),
);
const optionsArb = fc.record(
  {
    topK: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.double()),
    timeoutMs: fc.oneof(fc.nat(30), fc.constant(5000)),
    abortAfterMs: fc.oneof(fc.constant(-1), fc.nat(20)),
  },
  { requiredKeys: [] },
);

/**
 * A description the drivers can carry: they send JSON (WebDriver classic turns NaN into null and
 * drops undefined), so non-finite numbers, -0, undefined and typed arrays travel tagged, and
 * the page unpacks them (`unpack` in setUpFuzz) before building the input.
 */
function pack(value) {
  if (value === undefined) return { $special: 'undefined' };
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return { $special: Object.is(value, -0) ? '-0' : String(value) };
  if (ArrayBuffer.isView(value)) return Array.from(value);
  if (Array.isArray(value)) return value.map(pack);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pack(v)]));
  return value;
}

/** In the page: a classifier for the fuzzer, `window.unpack` (see pack) and `window.build(description)`, which makes an input of it. */
async function setUpFuzz() {
  window.fuzzClf = await window.seEdge.createClassifier({ backend: 'wasm' });
  const special = { undefined: undefined, NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
  const unpack = (value) => {
    if (Array.isArray(value)) return value.map(unpack);
    if (!value || typeof value !== 'object') return value;
    if (Object.keys(value).length === 1 && '$special' in value) return special[value.$special];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unpack(v)]));
  };
  window.unpack = unpack;
  window.build = (d) => {
    switch (d.kind) {
      case 'floats':
        return new Float32Array(d.length).fill(d.fill);
      case 'canvas': {
        const canvas = document.createElement('canvas');
        canvas.width = d.width;
        canvas.height = d.height;
        const context = canvas.getContext('2d');
        for (let i = 0; i < d.strokes; i++) context.fillRect((i * 13) % 97, (i * 29) % 89, 8 + i, 30);
        return canvas;
      }
      case 'imagedata': {
        const data = new ImageData(d.width, d.height);
        let s = d.seed;
        for (let i = 0; i < data.data.length; i++) data.data[i] = (s = (s * 1103515245 + 12345) & 0x7fffffff) & 255;
        return data;
      }
      case 'blob':
        return new Blob([new Uint8Array(d.bytes)], { type: d.type });
      default:
        return d.value;
    }
  };
}

/** In the page: one fuzzed call; 'ok', 'sdk:<code>' for an SDK error, or what went wrong. */
function fuzzCall(packed) {
  const { input, options } = window.unpack(packed);
  const controller = new AbortController();
  if ((options.abortAfterMs ?? -1) >= 0) setTimeout(() => controller.abort(), options.abortAfterMs);
  const call = window.fuzzClf.classify(window.build(input), { topK: options.topK, timeoutMs: options.timeoutMs, signal: controller.signal }).then(
    (p) => (p.probabilities.length === 10 ? 'ok' : 'bad result'),
    (e) => (e instanceof window.seEdge.SeEdgeError && typeof e.code === 'string' && e.message.length > 10 ? `sdk:${e.code}` : `untyped:${e}`),
  );
  return Promise.race([call, new Promise((r) => setTimeout(() => r('hang'), 10_000))]);
}

export const cases = [
  {
    name: 'hostile input on one classifier: fuzzed shapes, types, values, sizes and abort timings always settle with a result or an SDK error; then a 16384x16384 canvas is scaled down in the worker and a batch of 100,000 is chunked',
    timeout: 540_000,
    async run(t) {
      const page = await t.setUp(async () => {
        const page = await t.openSdk();
        await page.evaluate(setUpFuzz);
        return page;
      });
      await t.step('fuzz: random shapes, types, values, sizes and abort timings always settle with a result or an SDK error', async () => {
        await fc.assert(
          fc.asyncProperty(inputArb, optionsArb, async (input, options) => {
            const outcome = await page.evaluate(fuzzCall, pack({ input, options }));
            assert.ok(outcome === 'ok' || String(outcome).startsWith('sdk:'), String(outcome));
          }),
          { numRuns: 150, seed: 20261129 },
        );
        // And the worker is still alive and right.
        const label = await page.evaluate(async (x) => (await window.fuzzClf.classify(Float32Array.from(x))).label, golden.inputs[9]);
        assert.equal(label, String(golden.labels[9]));
      }, { timeout: 300_000 });
      await t.step('huge inputs: a 16384x16384 canvas is scaled down in the worker, a batch of 100,000 is chunked', async () => {
        const outcome = await page.evaluate(async () => {
          const clf = window.fuzzClf;
          const { canvas, context } = window.paper(16384, 16384);
          context.fillStyle = '#000';
          context.fillRect(7000, 2000, 1600, 12000); // a "1"
          const huge = await clf.classify(canvas).then((p) => p.label, (e) => `${e.name}: ${e.message}`);
          const one = new Float32Array(784);
          for (let y = 4; y < 24; y++) one[y * 28 + 14] = 1;
          const batch = await clf.classifyBatch(Array(100_000).fill(one), { topK: 1 });
          return { huge, count: batch.length, labels: [...new Set(batch.map((p) => p.label))] };
        });
        assert.deepEqual(outcome, { huge: '1', count: 100_000, labels: ['1'] });
      }, { timeout: 240_000 });
      await page.evaluate(() => window.fuzzClf.dispose());
    },
  },
];
