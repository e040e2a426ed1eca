// Faults that need Chromium's WebGPU (SwiftShader here; Firefox and WebKit have no WebGPU):
// a lost GPU device. The engine-neutral faults (model URL faults, IndexedDB, two pages, a
// worker that dies, dispose, timeouts) run in all three engines: test/engines/cases/.
import { expect, golden, openSdkPage, test } from './fixtures.js';

test('WebGPU device lost: the classifier falls back to WASM, says why, and calls keep working, inspect among them', async ({ page }) => {
  test.slow();
  await openSdkPage(page);
  const outcome = await page.evaluate(async (input) => {
    let worker!: Worker;
    const clf = await window.seEdge.createClassifier({
      backend: 'webgpu',
      worker: () => (worker = new Worker('/test/pages/worker-losable-gpu.js', { type: 'module' })),
    });
    const before = clf.backend;
    const x = Float32Array.from(input);
    // The inspection graph's session opens on the GPU too, before the loss.
    const inspectedBefore = (await clf.inspect(x)).backend;
    worker.postMessage({ seEdgeTest: 'lose-device' });
    const during = await Promise.all([
      ...Array.from({ length: 4 }, () => clf.classify(x).then((p) => p.label, (e) => e.name)),
      clf.inspect(x).then((i) => i.prediction.label, (e) => e.name),
    ]);
    await new Promise((r) => setTimeout(r, 200));
    const after = await clf.classify(x);
    const inspected = await clf.inspect(x);
    const result = {
      before,
      inspectedBefore,
      during,
      backend: clf.backend,
      reason: clf.backendReason,
      label: after.label,
      inspected: { backend: inspected.backend, label: inspected.prediction.label },
    };
    await clf.dispose();
    return result;
  }, golden.inputs[6]!);
  expect(outcome.before).toBe('webgpu');
  for (const d of outcome.during) expect([String(golden.labels[6]), 'WorkerError', 'BackendError']).toContain(d);
  expect(outcome.inspectedBefore).toBe('webgpu');
  expect(outcome).toMatchObject({ backend: 'wasm', label: String(golden.labels[6]), inspected: { backend: 'wasm', label: String(golden.labels[6]) } });
  expect(outcome.reason).toMatch(/WebGPU device lost .*running on WASM/);
});
