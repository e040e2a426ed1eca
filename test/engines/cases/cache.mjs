// The model and runtime cache (IndexedDB) in every engine: a second load fetches no bytes, a
// tampered entry is replaced, `cache: false` stores nothing, a cached model starts offline,
// and where IndexedDB is missing, full or refuses to open, the SDK works from the network.
import assert from 'node:assert/strict';
import { cacheEntries, createAndClassify, databaseNames, storedKind } from '../in-page.mjs';
import { golden, manifest } from '../harness.mjs';
import { modelV2 } from '../server.mjs';

const BYTES = /\.(onnx|wasm)$/;
const input = golden.inputs[5];
const label = String(golden.labels[5]);
const modelKey = `file/${manifest.name}/${manifest.model.sha256}`;

export const cases = [
  {
    name: 'a second page load fetches no model or runtime bytes',
    async run(t) {
      const page = await t.openSdk();
      const first = await page.evaluate(createAndClassify, { input });
      assert.deepEqual([first.label, first.modelSource, first.runtimeSource], [label, 'network', 'network']);
      const mark = t.server.requests.mark();
      await page.reload();
      await page.waitFor(() => window.seEdgeReady === true);
      const second = await page.evaluate(createAndClassify, { input });
      assert.deepEqual([second.label, second.modelSource, second.runtimeSource], [label, 'cache', 'cache']);
      assert.deepEqual(t.server.requests.since(mark, BYTES), []);
    },
  },
  {
    name: 'a tampered cache entry is detected, deleted and replaced',
    async run(t) {
      const page = await t.openSdk();
      await page.evaluate(createAndClassify, { input });
      assert.equal((await page.evaluate(cacheEntries))?.[modelKey], manifest.model.sha256);
      // Flip one byte of the cached model, as disk corruption or a meddling extension would.
      await page.evaluate(async (key) => {
        const db = await new Promise((ok) => {
          const request = indexedDB.open('se-edge-cache');
          request.onsuccess = () => ok(request.result);
        });
        const stored = await new Promise((ok) => (db.transaction('files').objectStore('files').get(key).onsuccess = (event) => ok(event.target.result)));
        const bytes = stored instanceof Blob ? new Uint8Array(await stored.arrayBuffer()) : stored;
        bytes[bytes.length >> 1] ^= 0xff;
        // A new transaction: the read's ended while the Blob's bytes were awaited.
        const writing = db.transaction('files', 'readwrite').objectStore('files');
        await new Promise((ok) => (writing.put(stored instanceof Blob ? new Blob([bytes]) : bytes, key).onsuccess = ok));
        db.close();
      }, modelKey);
      assert.notEqual((await page.evaluate(cacheEntries))?.[modelKey], manifest.model.sha256);
      const mark = t.server.requests.mark();
      const again = await page.evaluate(createAndClassify, { input });
      assert.equal(again.modelSource, 'network');
      assert.equal(again.label, label);
      assert.match(again.warnings.join('\n'), /cached model .* was corrupt/);
      assert.equal(t.server.requests.since(mark, /\.onnx$/).length, 1);
      assert.equal((await page.evaluate(cacheEntries))?.[modelKey], manifest.model.sha256);
      // Chromium and Firefox keep files as Blobs (the faster read); WebKit's automation contexts
      // are ephemeral, where it refuses Blobs, so the SDK stores the bytes instead.
      const kind = await page.evaluate(storedKind, modelKey);
      assert.equal(kind, t.engine === 'webkit' ? 'Uint8Array' : 'Blob');

      await t.step('an entry stored as a Uint8Array (as versions before Blob storage did) is still read from the cache', async () => {
        await page.evaluate(async (key) => {
          const db = await new Promise((ok) => {
            const request = indexedDB.open('se-edge-cache');
            request.onsuccess = () => ok(request.result);
          });
          const stored = await new Promise((ok) => (db.transaction('files').objectStore('files').get(key).onsuccess = (event) => ok(event.target.result)));
          const bytes = stored instanceof Blob ? new Uint8Array(await stored.arrayBuffer()) : stored;
          await new Promise((ok) => (db.transaction('files', 'readwrite').objectStore('files').put(bytes, key).onsuccess = ok));
          db.close();
        }, modelKey);
        const from = t.server.requests.mark();
        const old = await page.evaluate(createAndClassify, { input });
        assert.deepEqual([old.label, old.modelSource, old.warnings], [label, 'cache', []]);
        assert.deepEqual(t.server.requests.since(from, BYTES), []);
      });
    },
  },
  {
    name: 'offline after a first load: a new classifier starts from the SDK cache and classifies',
    async run(t) {
      const page = await t.openSdk();
      await page.evaluate(createAndClassify, { input });
      // The SDK's JavaScript is part of the app: an app keeps it for offline visits (HTTP cache
      // or a service worker; the demo's case covers the service worker). WebKit's automation
      // sessions are ephemeral and have no HTTP cache at all (each fetch of dist/index.js
      // reaches the server), so there the app's own files stay reachable; model, runtime,
      // manifest and everything else are cut in every engine.
      t.server.setOffline(true, { except: t.engine === 'webkit' ? /^\/dist\/[^/]+\.js$/ : null });
      try {
        const offline = await page.evaluate(createAndClassify, { input });
        assert.deepEqual([offline.label, offline.modelSource, offline.runtimeSource], [label, 'cache', 'cache']);
        // Sanity: the network really is cut for the page.
        assert.equal(await page.evaluate(() => fetch('/package.json', { cache: 'no-store' }).then(() => 'online', () => 'offline')), 'offline');
      } finally {
        t.server.setOffline(false);
      }
    },
  },
  {
    name: 'a new version of a model evicts the old one from the cache',
    async run(t) {
      const page = await t.openSdk();
      await page.evaluate(createAndClassify, { input });
      assert.ok(Object.keys(await page.evaluate(cacheEntries)).includes(modelKey));
      const second = await page.evaluate(createAndClassify, { input, options: { model: '/__test__/v2/manifest.json' } });
      assert.deepEqual([second.label, second.modelSource], [label, 'network']);
      const keys = Object.keys(await page.evaluate(cacheEntries)).filter((k) => k.startsWith(`file/${manifest.name}/`));
      assert.deepEqual(keys, [`file/${manifest.name}/${modelV2().sha256}`]);
    },
  },
  {
    name: 'where the bytes are kept, in one page: with cache: false nowhere, with a named cache in its own database; with IndexedDB missing, full, refusing to open or not answering, the classifier works from the network and warns once, through onProgress',
    timeout: 120_000,
    async run(t) {
      const page = await t.setUp(() => t.openSdk());
      // First, while the origin has no database.
      await t.step('with cache: false nothing is written to IndexedDB; a named cache uses its own database', async () => {
        const result = await page.evaluate(createAndClassify, { input, options: { cache: false } });
        assert.equal(result.modelSource, 'network');
        assert.deepEqual(await page.evaluate(databaseNames), []);
        await page.evaluate(createAndClassify, { input, options: { cache: { name: 'my-app-models' } } });
        // Namespaced: clearCache() finds it by the prefix, and it cannot clash with the app's databases.
        assert.deepEqual(await page.evaluate(databaseNames), ['se-edge-cache:my-app-models']);
        const entries = await page.evaluate(cacheEntries, 'se-edge-cache:my-app-models');
        assert.equal(entries?.[modelKey], manifest.model.sha256);
      });
      // Each fault is a worker whose IndexedDB has it (test/pages/worker-*.js): none of them can
      // store anything, so each starts, as on a fresh origin, with nothing cached.
      for (const [fault, script, expected] of [
        ['missing', 'worker-without-indexeddb.js', /IndexedDB is not available/],
        ['full', 'worker-with-full-indexeddb.js', /could not be stored in IndexedDB \(QuotaExceededError/],
        ['refusing to open', 'worker-idb-open-throws.js', /IndexedDB could not be opened \(SecurityError: IndexedDB is disabled by policy\)/],
      ]) {
        await t.step(`with IndexedDB ${fault}, the classifier works from the network and warns once, through onProgress`, async () => {
          const result = await page.evaluate(
            async ({ input, script }) => {
              const warnings = [];
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
            { input, script },
          );
          assert.equal(result.label, label);
          assert.equal(result.modelSource, 'network');
          assert.equal(result.warnings.length, 1, result.warnings.join('\n')); // once, not once per file
          assert.match(result.warnings[0], expected);
          assert.deepEqual(result.kept, result.warnings);
        });
      }
      await t.step('with IndexedDB not answering, the load waits at most loadTimeoutMs for it, works from the network and warns once; with IndexedDB answering again, the next load stores the model', async () => {
        const result = await page.evaluate(
          async ({ input }) => {
            const warnings = [];
            const started = performance.now();
            const clf = await window.seEdge.createClassifier({
              backend: 'wasm',
              worker: () => new Worker(new URL('/test/pages/worker-idb-never-answers.js', location.href), { type: 'module' }),
              loadTimeoutMs: 3000, // what the cache waits for; the runtime's start must fit it too
              onProgress: (event) => event.warning && warnings.push(event.warning),
            });
            const loadMs = performance.now() - started;
            const prediction = await clf.classify(Float32Array.from(input));
            const out = { label: prediction.label, modelSource: clf.modelSource, warnings, loadMs };
            await clf.dispose();
            return out;
          },
          { input },
        );
        assert.equal(result.label, label);
        assert.equal(result.modelSource, 'network');
        assert.equal(result.warnings.length, 1, result.warnings.join('\n'));
        assert.match(result.warnings[0], /IndexedDB could not be opened \(TimeoutError: IndexedDB did not answer within 3000 ms\); the model is loaded from the network each time/);
        assert.ok(result.loadMs >= 3000, `load: ${result.loadMs} ms`);
        const next = await page.evaluate(createAndClassify, { input });
        assert.equal(next.label, label);
        assert.deepEqual(next.warnings, []);
        assert.equal((await page.evaluate(cacheEntries))?.[modelKey], manifest.model.sha256);
      });
    },
  },
];
