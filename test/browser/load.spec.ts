// A long soak, in Chromium: the worker's heap is read over CDP, which only Chromium has. The
// fuzzing of the public API and the huge inputs run in all three engines:
// test/engines/cases/load.mjs.
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
