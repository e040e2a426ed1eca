// The runtime's start never hangs, here for the one fault only Chromium can meet: the WebGPU
// worker file missing (the page starts it only where WebGPU runs; Firefox and WebKit have no
// WebGPU). The other faults (the .wasm missing, threads that cannot load their script or
// never answer, a restart after a crash) run in all three engines:
// test/engines/cases/runtime-start.mjs, through the same proxy origin, which answers chosen
// requests itself (Playwright's routes do not see the requests of workers started by a worker).
import { replies, startFaultyOrigin } from '../engines/server.mjs';
import { expect, golden, SDK_PAGE, test } from './fixtures.js';

const WEBGPU_WORKER = /\/dist\/worker-webgpu\.js(\?.*)?$/;

test('the WebGPU worker file missing: a WorkerError that names it and what to serve, at once', async ({ page }) => {
  const origin = await startFaultyOrigin(test.info().project.use.baseURL!, WEBGPU_WORKER, replies.notFound);
  try {
    await page.goto(`${origin.url}${SDK_PAGE}`);
    await page.waitForFunction(() => window.seEdgeReady === true);
    const outcome = await page.evaluate(async (input) => {
      const started = performance.now();
      try {
        const clf = await window.seEdge.createClassifier({ backend: 'webgpu', cache: false });
        await clf.classify(Float32Array.from(input));
        await clf.dispose();
        return { ok: true as const, ms: performance.now() - started };
      } catch (e) {
        const error = e as InstanceType<typeof window.seEdge.SeEdgeError>;
        const ms = performance.now() - started;
        return { ok: false as const, ms, name: error.name, code: error.code, message: error.message, typed: error instanceof window.seEdge.SeEdgeError };
      }
    }, golden.inputs[3]!);
    expect(outcome).toMatchObject({ ok: false, name: 'WorkerError', code: 'WORKER', typed: true });
    expect(!outcome.ok && outcome.message).toMatch(/did not start \(is se-edge's worker-webgpu\.js served beside index\.js\?\)/);
    expect(outcome.ms).toBeLessThan(10_000);
  } finally {
    origin.close();
  }
});
