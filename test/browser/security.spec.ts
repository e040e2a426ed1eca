// Security: a strict CSP, no network while classifying, namespaced caches and clearCache().
import { expect, golden, openSdkPage, test } from './fixtures.js';

test('the SDK and the demo run under a strict Content-Security-Policy without violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && violations.push(m.text()));
  const response = await page.goto('/test/pages/csp.html');
  expect(response!.headers()['content-security-policy']).toBe("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'");
  await page.waitForFunction(() => window.seEdgeReady === true);
  const label = await page.evaluate(async (x) => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to ${e.violatedDirective}: ${e.blockedURI}`));
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const { label } = await clf.classify(Float32Array.from(x));
    await clf.dispose();
    return label;
  }, golden.inputs[3]!);
  expect(label).toBe(String(golden.labels[3]));

  const demo = await page.goto('/demo/');
  expect(demo!.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await expect(page.getByTestId('atlas-status')).toHaveText(/^Done/);
  await page.getByTestId('gallery').getByRole('button').first().click();
  await expect(page.getByTestId('prediction')).toHaveText('0');
  expect(violations).toEqual([]);
});

test('classifying sends nothing over the network', async ({ page }) => {
  await openSdkPage(page);
  await page.evaluate(async () => {
    (window as unknown as { clf: unknown }).clf = await window.seEdge.createClassifier({ backend: 'wasm' });
  });
  const requests: string[] = [];
  page.context().on('request', (r) => requests.push(r.url()));
  const labels = await page.evaluate(async (digits) => {
    const clf = (window as unknown as { clf: Awaited<ReturnType<typeof window.seEdge.createClassifier>> }).clf;
    const drawings = digits.map((digit) => {
      const canvas = new OffscreenCanvas(280, 280);
      const small = new OffscreenCanvas(28, 28);
      const pixels = new ImageData(28, 28);
      digit.forEach((v, p) => pixels.data.set([255 * (1 - v), 255 * (1 - v), 255 * (1 - v), 255], p * 4));
      small.getContext('2d')!.putImageData(pixels, 0, 0);
      canvas.getContext('2d')!.drawImage(small, 0, 0, 280, 280);
      return canvas;
    });
    const predictions = await Promise.all(drawings.map((d) => clf.classify(d)));
    return predictions.map((p) => p.label);
  }, golden.inputs.slice(0, 10));
  expect(labels).toEqual(golden.labels.slice(0, 10).map(String));
  expect(requests).toEqual([]);
});

test("clearCache() removes exactly the SDK's databases and nothing of the app's", async ({ page }) => {
  await openSdkPage(page);
  const outcome = await page.evaluate(async () => {
    // The app's own database, with data in it.
    await new Promise<void>((ok) => {
      const request = indexedDB.open('my-app');
      request.onupgradeneeded = () => request.result.createObjectStore('notes').put('keep me', 'note');
      request.onsuccess = () => (request.result.close(), ok());
    });
    const live = await window.seEdge.createClassifier({ backend: 'wasm' }); // left running on purpose
    const named = await window.seEdge.createClassifier({ backend: 'wasm', cache: { name: 'drafts' } });
    await named.dispose();
    const before = (await indexedDB.databases()).map((d) => d.name).sort();
    const removed = (await window.seEdge.clearCache()).sort();
    const after = (await indexedDB.databases()).map((d) => d.name).sort();
    const note = await new Promise((ok) => {
      const request = indexedDB.open('my-app');
      request.onsuccess = () => {
        const get = request.result.transaction('notes').objectStore('notes').get('note');
        get.onsuccess = () => (request.result.close(), ok(get.result));
      };
    });
    // The live classifier let go of its database and still works.
    const x = new Float32Array(784);
    for (let y = 4; y < 24; y++) x[y * 28 + 14] = 1;
    const label = (await live.classify(x)).label;
    await live.dispose();
    return { before, removed, after, note, label };
  });
  expect(outcome.before).toEqual(['my-app', 'se-edge-cache', 'se-edge-cache:drafts']);
  expect(outcome.removed).toEqual(['se-edge-cache', 'se-edge-cache:drafts']);
  expect(outcome.after).toEqual(['my-app']);
  expect(outcome.note).toBe('keep me');
  expect(outcome.label).toBe('1');
});
