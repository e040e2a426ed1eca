// Which backend runs and why, where WebGPU exists (Chromium, on SwiftShader here): 'auto' must
// not pick a software WebGPU adapter; 'webgpu' must run WebGPU; a WebGPU session that fails the
// manifest's self-check must not serve. Where the browser has no WebGPU (Firefox, WebKit), the
// choice is checked by test/engines/cases/sdk.mjs.
import { expect, golden, manifest, openSdkPage, test } from './fixtures.js';

test("backend 'auto' on a machine with only a fallback adapter runs WASM and says why", async ({ page }) => {
  await openSdkPage(page);
  const info = await page.evaluate(async () => {
    const adapter = await (navigator as unknown as { gpu: { requestAdapter(): Promise<{ info: { isFallbackAdapter: boolean } }> } }).gpu.requestAdapter();
    const clf = await window.seEdge.createClassifier({ backend: 'auto' });
    const result = { fallback: adapter?.info.isFallbackAdapter, backend: clf.backend, reason: clf.backendReason };
    await clf.dispose();
    return result;
  });
  expect(info.fallback, 'this machine has only SwiftShader').toBe(true);
  expect(info.backend).toBe('wasm');
  expect(info.reason).toMatch(/fallback adapter/);
});

test("backend 'webgpu' runs WebGPU and classifies", async ({ page }) => {
  test.slow();
  await openSdkPage(page);
  const info = await page.evaluate(async (input) => {
    const clf = await window.seEdge.createClassifier({ backend: 'webgpu' });
    const prediction = await clf.classify(Float32Array.from(input));
    const result = { backend: clf.backend, reason: clf.backendReason, label: prediction.label };
    await clf.dispose();
    return result;
  }, golden.inputs[7]!);
  expect(info.backend).toBe('webgpu');
  expect(info.reason).toMatch(/^requested/);
  expect(info.label).toBe(String(golden.labels[7]));
});

test('a WebGPU session that fails the self-check falls back to WASM and says so', async ({ page }) => {
  test.slow();
  // The same model, but a manifest whose reference outputs are perturbed: WebGPU computes
  // the true outputs, which no longer match, exactly as a miscomputing GPU would look.
  const perturbed = structuredClone(manifest);
  perturbed.model.url = '/dist/models/se-lenet-mnist.onnx';
  perturbed.probe.logits = perturbed.probe.logits.map((row: number[]) => row.map((v) => v + 0.5));
  await page.route('**/__test__/perturbed.manifest.json', (route) =>
    route.fulfill({ json: perturbed, headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }),
  );
  await openSdkPage(page);
  const info = await page.evaluate(async (input) => {
    const clf = await window.seEdge.createClassifier({ backend: 'webgpu', model: '/__test__/perturbed.manifest.json' });
    const prediction = await clf.classify(Float32Array.from(input));
    const result = { backend: clf.backend, reason: clf.backendReason, label: prediction.label };
    await clf.dispose();
    return result;
  }, golden.inputs[3]!);
  expect(info.backend).toBe('wasm');
  expect(info.reason).toMatch(/self-check failed: logits differ.*tolerance 0\.001.*running on WASM/);
  expect(info.label).toBe(String(golden.labels[3]));
});
