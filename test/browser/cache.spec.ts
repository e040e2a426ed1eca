// The model and runtime cache (IndexedDB): a second load fetches no bytes, a tampered entry
// is replaced, `cache: false` stores nothing, and a cached model starts offline.
import { cacheEntries, countRequests, expect, golden, manifest, openSdkPage, test } from './fixtures.js';

const BYTES = /\.(onnx|wasm)$/;

async function createAndClassify(page: import('@playwright/test').Page, options: Record<string, unknown> = {}) {
  return page.evaluate(
    async ({ input, options }) => {
      const clf = await window.seEdge.createClassifier({ backend: 'wasm', ...options });
      const prediction = await clf.classify(Float32Array.from(input));
      const result = {
        label: prediction.label,
        modelSource: clf.modelSource,
        runtimeSource: clf.runtimeSource,
        warnings: [...clf.warnings],
      };
      await clf.dispose();
      return result;
    },
    { input: golden.inputs[5]!, options },
  );
}

test('a second page load fetches no model or runtime bytes', async ({ page }) => {
  await openSdkPage(page);
  const first = await createAndClassify(page);
  expect(first).toMatchObject({ label: String(golden.labels[5]), modelSource: 'network', runtimeSource: 'network' });

  const bytes = countRequests(page, BYTES);
  await page.reload();
  await openSdkPage(page);
  const second = await createAndClassify(page);
  expect(second).toMatchObject({ label: String(golden.labels[5]), modelSource: 'cache', runtimeSource: 'cache' });
  expect(bytes.urls).toEqual([]);
});

test('a tampered cache entry is detected, deleted and replaced', async ({ page }) => {
  await openSdkPage(page);
  await createAndClassify(page);
  const key = `file/${manifest.name}/${manifest.model.sha256}`;
  expect((await cacheEntries(page))?.[key]).toBe(manifest.model.sha256);

  // Flip one byte of the cached model, as disk corruption or a meddling extension would.
  await page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((ok) => {
      const request = indexedDB.open('se-edge-cache');
      request.onsuccess = () => ok(request.result);
    });
    const store = db.transaction('files', 'readwrite').objectStore('files');
    const bytes = await new Promise<Uint8Array>((ok) => {
      const request = store.get(key);
      request.onsuccess = () => ok(request.result);
    });
    bytes[bytes.length >> 1] ^= 0xff;
    await new Promise((ok) => (store.put(bytes, key).onsuccess = ok));
    db.close();
  }, key);
  expect((await cacheEntries(page))?.[key]).not.toBe(manifest.model.sha256);

  const model = countRequests(page, /\.onnx$/);
  const again = await createAndClassify(page);
  expect(again.modelSource).toBe('network');
  expect(again.label).toBe(String(golden.labels[5]));
  expect(again.warnings.join('\n')).toMatch(/cached model .* was corrupt/);
  expect(model.count()).toBe(1);
  expect((await cacheEntries(page))?.[key]).toBe(manifest.model.sha256);
});

test('with cache: false nothing is written to IndexedDB', async ({ page }) => {
  await openSdkPage(page);
  const result = await createAndClassify(page, { cache: false });
  expect(result.modelSource).toBe('network');
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).toEqual([]);
});

test('a named cache uses its own database', async ({ page }) => {
  await openSdkPage(page);
  await createAndClassify(page, { cache: { name: 'my-app-models' } });
  // Namespaced: clearCache() finds it by the prefix, and it cannot clash with the app's databases.
  expect(await cacheEntries(page)).toBeNull();
  const entries = await cacheEntries(page, 'se-edge-cache:my-app-models');
  expect(entries?.[`file/${manifest.name}/${manifest.model.sha256}`]).toBe(manifest.model.sha256);
});

test('offline after a first load: a new classifier starts from the SDK cache and classifies', async ({ page, context }) => {
  await openSdkPage(page);
  await createAndClassify(page);
  await context.setOffline(true);
  const offline = await createAndClassify(page);
  expect(offline).toMatchObject({ label: String(golden.labels[5]), modelSource: 'cache', runtimeSource: 'cache' });
  // Sanity: the network really is cut for the page.
  expect(await page.evaluate(() => fetch('/package.json').then(() => 'online', () => 'offline'))).toBe('offline');
});

test('a new version of a model evicts the old one from the cache', async ({ page }) => {
  // Version 2: the same network with another producer name, so other bytes and sha256.
  const { readFileSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  const v2 = Buffer.from(readFileSync(new URL('../../models/se-lenet-mnist.onnx', import.meta.url)));
  v2.write('PYTORCH', v2.indexOf('pytorch'), 'latin1');
  const sha256 = createHash('sha256').update(v2).digest('hex');
  const headers = { 'Cross-Origin-Resource-Policy': 'same-origin' };
  await page.route('**/__test__/v2/model.onnx', (route) => route.fulfill({ body: v2, headers }));
  await page.route('**/__test__/v2/manifest.json', (route) =>
    route.fulfill({ json: { ...manifest, version: '2.0.0', model: { ...manifest.model, url: 'model.onnx', sha256 } }, headers }),
  );
  await openSdkPage(page);
  await createAndClassify(page);
  const v1Key = `file/${manifest.name}/${manifest.model.sha256}`;
  expect(Object.keys((await cacheEntries(page))!)).toContain(v1Key);

  const second = await createAndClassify(page, { model: '/__test__/v2/manifest.json' });
  expect(second).toMatchObject({ label: String(golden.labels[5]), modelSource: 'network' });
  const keys = Object.keys((await cacheEntries(page))!).filter((k) => k.startsWith(`file/${manifest.name}/`));
  expect(keys).toEqual([`file/${manifest.name}/${sha256}`]);
});

for (const [fault, script, expected] of [
  ['missing', 'worker-without-indexeddb.js', /IndexedDB is not available/],
  ['full', 'worker-with-full-indexeddb.js', /could not be stored in IndexedDB \(QuotaExceededError/],
] as const) {
  test(`with IndexedDB ${fault}, the classifier works from the network and warns through onProgress`, async ({ page }) => {
    await openSdkPage(page);
    const result = await page.evaluate(
      async ({ input, script }) => {
        const warnings: string[] = [];
        const clf = await window.seEdge.createClassifier({
          backend: 'wasm',
          worker: () => new Worker(new URL(`/test/pages/${script}`, location.href), { type: 'module' }),
          onProgress: (event) => event.warning && warnings.push(event.warning),
        });
        const prediction = await clf.classify(Float32Array.from(input));
        const out = { label: prediction.label, modelSource: clf.modelSource, warnings, kept: [...clf.warnings] };
        await clf.dispose();
        return out;
      },
      { input: golden.inputs[5]!, script },
    );
    expect(result.label).toBe(String(golden.labels[5]));
    expect(result.modelSource).toBe('network');
    expect(result.warnings).toHaveLength(1); // once, not once per file
    expect(result.warnings[0]).toMatch(expected);
    expect(result.kept).toEqual(result.warnings);
  });
}
