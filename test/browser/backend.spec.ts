// Which backend runs and why, where WebGPU exists (Chromium, on SwiftShader here): 'auto' runs
// WASM unless one run of the model is large enough for a GPU (worker/load/gpu-worth.ts), and
// then only on a real adapter, never a software one; 'webgpu' must run WebGPU; a WebGPU session
// that fails the manifest's self-check must not serve. Where the browser has no WebGPU (Firefox,
// WebKit), the choice is checked by test/engines/cases/sdk.mjs.
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { isolationHeaders, startServer, staticFiles } from '../../scripts/serve.mjs';
import { expect, golden, manifest, openSdkPage, SDK_PAGE, test } from './fixtures.js';

/** The bundled MNIST model, but a manifest that declares it 30 G multiply-accumulates per image. */
const largeManifest = { ...manifest, model: { ...manifest.model, url: '/dist/models/se-lenet-mnist.onnx', macs: 30e9 } };
delete (largeManifest as { inspection?: unknown }).inspection;

/**
 * A server of this test's own (a fresh origin: an empty SDK cache) that counts every request
 * and serves the SDK's two worker files with this machine's SwiftShader adapter reported as a
 * real GPU, as a user's browser with a graphics card would report it.
 */
async function serveWithRealAdapter(): Promise<{ url: string; requests: string[]; server: Server }> {
  const files = staticFiles();
  const requests: string[] = [];
  const patch = `// Test: the adapter reported as a real GPU (not a fallback adapter).
for (const type of [self.GPUAdapter, self.GPUAdapterInfo]) if (type) Object.defineProperty(type.prototype, 'isFallbackAdapter', { get: () => false });
`;
  const { server, url } = await startServer({
    port: 0,
    handler: (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push(path);
      if (path === '/__test__/large.manifest.json') {
        res.writeHead(200, { 'Content-Type': 'application/json', ...isolationHeaders });
        return res.end(JSON.stringify(largeManifest));
      }
      const worker = /^\/dist\/(worker(-webgpu)?\.js)$/.exec(path);
      if (!worker) return files(req, res);
      const body = patch + readFileSync(new URL(`../../dist/${worker[1]}`, import.meta.url), 'utf8');
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store', ...isolationHeaders });
      res.end(body);
    },
  });
  return { url, requests, server };
}

async function backendOf(page: Page, options: Record<string, unknown>, input: number[]) {
  return page.evaluate(
    async ({ options, input }) => {
      const clf = await window.seEdge.createClassifier(options);
      const { label } = await clf.classify(Float32Array.from(input));
      const result = { backend: clf.backend, reason: clf.backendReason, label };
      await clf.dispose();
      return result;
    },
    { options, input },
  );
}

const WEBGPU_FILES = /worker-webgpu\.js|\.jsep\.(wasm|mjs)$/;

test("backend 'auto' with a real adapter: WASM for the bundled and the Fashion model, saying why, with no request for WebGPU's files; WebGPU for a model that declares 30 G MACs", async ({ page }) => {
  test.slow(); // the large model runs on SwiftShader's WebGPU
  const { url, requests, server } = await serveWithRealAdapter();
  try {
    await page.goto(`${url}${SDK_PAGE}`);
    await page.waitForFunction(() => (window as unknown as { seEdgeReady?: boolean }).seEdgeReady === true);
    const real = await page.evaluate(async () => {
      const adapter = await (navigator as unknown as { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter();
      return adapter !== null;
    });
    expect(real, 'this machine has a WebGPU adapter (SwiftShader)').toBe(true);

    const bundled = await backendOf(page, { backend: 'auto' }, golden.inputs[0]!);
    expect(bundled).toEqual({
      backend: 'wasm',
      reason: "auto chose WASM: the model is small for a GPU (0.43 M multiply-accumulates per image x expectedBatch 1 = 0.43 M per run, below the 20 G from which WebGPU can be faster; models this small ran 3 to 38 times slower on a GPU); pass backend: 'webgpu' to run on the GPU anyway",
      label: String(golden.labels[0]),
    });
    const fashion = await backendOf(page, { backend: 'auto', model: '/dist/models/se-lenet-fashion.manifest.json', expectedBatch: 256 }, golden.inputs[0]!);
    expect(fashion.backend).toBe('wasm');
    expect(fashion.reason).toMatch(/^auto chose WASM: the model is small for a GPU \(2\.5 M multiply-accumulates per image x expectedBatch 256 = 641 M per run/);
    expect(requests.filter((path) => WEBGPU_FILES.test(path)), 'auto chose WASM: no WebGPU file was fetched').toEqual([]);
    expect(requests.filter((path) => path.endsWith('.wasm'))).toEqual(['/dist/ort-wasm-simd-threaded.wasm']);

    const large = await backendOf(page, { backend: 'auto', model: '/__test__/large.manifest.json' }, golden.inputs[1]!);
    expect(large.backend).toBe('webgpu');
    expect(large.reason).toMatch(/^auto: the model is large enough for a GPU \(30 G multiply-accumulates per image x expectedBatch 1 = 30 G per run, at least 20 G\), and a WebGPU adapter \(/);
    expect(large.label).toBe(String(golden.labels[1]));
    expect(requests.filter((path) => WEBGPU_FILES.test(path)).length, 'the WebGPU worker and its runtime, once WebGPU is to run').toBeGreaterThanOrEqual(2);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("backend 'auto' with a large model on a machine with only a fallback adapter runs WASM and says why", async ({ page }) => {
  await page.route('**/__test__/large.manifest.json', (route) =>
    route.fulfill({ json: largeManifest, headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }),
  );
  await openSdkPage(page);
  const fallback = await page.evaluate(async () => {
    const adapter = await (navigator as unknown as { gpu: { requestAdapter(): Promise<{ info: { isFallbackAdapter: boolean } }> } }).gpu.requestAdapter();
    return adapter?.info.isFallbackAdapter;
  });
  expect(fallback, 'this machine has only SwiftShader').toBe(true);
  const info = await backendOf(page, { backend: 'auto', model: '/__test__/large.manifest.json' }, golden.inputs[2]!);
  expect(info.backend).toBe('wasm');
  expect(info.reason).toMatch(/^auto: the model is large enough for a GPU .*, but the adapter is a fallback adapter \(.*\): software WebGPU is slower than WASM; running on WASM$/);
  expect(info.label).toBe(String(golden.labels[2]));
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
