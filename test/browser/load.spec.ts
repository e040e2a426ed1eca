// Load and hostile input: a long soak, property-based fuzzing of the public API, huge inputs.
import fc from 'fast-check';
import { workerHeapReader } from '../support/worker-heap.mjs';
import { expect, golden, openSdkPage, test } from './fixtures.js';

test('soak: 100,000 predictions of random valid inputs in bursts; all settle, golden digits stay right, memory stays flat', async ({ page, browser }) => {
  test.setTimeout(300_000);
  await openSdkPage(page);
  await page.evaluate(async () => {
    (window as unknown as { soakClf: unknown }).soakClf = await window.seEdge.createClassifier({ backend: 'wasm' });
  });
  const heap = await workerHeapReader(browser);
  const round = (predictions: number) =>
    page.evaluate(
      async ({ predictions, golden }) => {
        const clf = (window as unknown as { soakClf: Awaited<ReturnType<typeof window.seEdge.createClassifier>> }).soakClf;
        let settled = 0;
        let goldenWrong = 0;
        const random = () => Float32Array.from({ length: 784 }, () => Math.random());
        const pool = Array.from({ length: 64 }, random);
        for (let done = 0; done < predictions; ) {
          const burst = 1 + Math.floor(Math.random() * 2000); // bursts of 1 to 2,000 concurrent calls
          const calls = Array.from({ length: Math.min(burst, predictions - done) }, (_, i) =>
            i % 97 === 0
              ? clf.classify(Float32Array.from(golden.inputs[i % golden.inputs.length]!)).then((p) => {
                  if (p.index !== golden.labels[i % golden.inputs.length]) goldenWrong++;
                })
              : clf.classify(pool[i % pool.length]!),
          );
          await Promise.all(calls);
          settled += calls.length;
          done += calls.length;
        }
        return { settled, goldenWrong };
      },
      { predictions, golden: { inputs: golden.inputs.slice(0, 16), labels: golden.labels.slice(0, 16) } },
    );
  await round(5_000); // warm-up
  const before = await heap.read();
  const result = await round(100_000);
  const after = await heap.read();
  await heap.close();
  expect(result).toEqual({ settled: 100_000, goldenWrong: 0 });
  expect(after.total - before.total, `worker heap grew from ${before.total} to ${after.total} bytes`).toBeLessThan(5 * 2 ** 20);
});

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

test('fuzz: random shapes, types, values, sizes and abort timings always settle with a result or an SDK error', async ({ page }) => {
  test.setTimeout(240_000);
  await openSdkPage(page);
  await page.evaluate(async () => {
    (window as unknown as { fuzzClf: unknown }).fuzzClf = await window.seEdge.createClassifier({ backend: 'wasm' });
    (window as unknown as { build: unknown }).build = (d: Record<string, unknown>) => {
      switch (d.kind) {
        case 'floats':
          return new Float32Array(d.length as number).fill(d.fill as number);
        case 'canvas': {
          const canvas = document.createElement('canvas');
          canvas.width = d.width as number;
          canvas.height = d.height as number;
          const context = canvas.getContext('2d')!;
          for (let i = 0; i < (d.strokes as number); i++) context.fillRect(i * 13 % 97, i * 29 % 89, 8 + i, 30);
          return canvas;
        }
        case 'imagedata': {
          const data = new ImageData(d.width as number, d.height as number);
          let s = d.seed as number;
          for (let i = 0; i < data.data.length; i++) data.data[i] = (s = (s * 1103515245 + 12345) & 0x7fffffff) & 255;
          return data;
        }
        case 'blob':
          return new Blob([new Uint8Array(d.bytes as number[])], { type: d.type as string });
        default:
          return d.value;
      }
    };
  });
  await fc.assert(
    fc.asyncProperty(inputArb, optionsArb, async (input, options) => {
      const outcome = await page.evaluate(
        async ({ input, options }) => {
          const w = window as unknown as { fuzzClf: Awaited<ReturnType<typeof window.seEdge.createClassifier>>; build: (d: unknown) => unknown };
          const controller = new AbortController();
          if ((options.abortAfterMs ?? -1) >= 0) setTimeout(() => controller.abort(), options.abortAfterMs);
          const call = w.fuzzClf
            .classify(w.build(input) as Float32Array, { topK: options.topK, timeoutMs: options.timeoutMs, signal: controller.signal })
            .then(
              (p) => (p.probabilities.length === 10 ? 'ok' : 'bad result'),
              (e) => (e instanceof window.seEdge.SeEdgeError && typeof e.code === 'string' && e.message.length > 10 ? `sdk:${e.code}` : `untyped:${e}`),
            );
          return Promise.race([call, new Promise((r) => setTimeout(() => r('hang'), 10_000))]);
        },
        { input, options },
      );
      expect(outcome === 'ok' || String(outcome).startsWith('sdk:'), String(outcome)).toBe(true);
    }),
    { numRuns: 150, seed: 20261129 },
  );
  // And the worker is still alive and right.
  const label = await page.evaluate(async (x) => (await (window as unknown as { fuzzClf: Awaited<ReturnType<typeof window.seEdge.createClassifier>> }).fuzzClf.classify(Float32Array.from(x))).label, golden.inputs[9]!);
  expect(label).toBe(String(golden.labels[9]));
});

test('huge inputs: a 16384x16384 canvas is scaled down in the worker, a batch of 100,000 is chunked', async ({ page }) => {
  test.setTimeout(180_000);
  await openSdkPage(page);
  const outcome = await page.evaluate(async () => {
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 16384;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 16384, 16384);
    context.fillStyle = '#000';
    context.fillRect(7000, 2000, 1600, 12000); // a "1"
    const huge = (await clf.classify(canvas)).label;
    const one = new Float32Array(784);
    for (let y = 4; y < 24; y++) one[y * 28 + 14] = 1;
    const batch = await clf.classifyBatch(Array(100_000).fill(one), { topK: 1 });
    await clf.dispose();
    return { huge, count: batch.length, labels: [...new Set(batch.map((p) => p.label))] };
  });
  expect(outcome).toEqual({ huge: '1', count: 100_000, labels: ['1'] });
});
