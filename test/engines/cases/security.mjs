// Security in every engine: a strict CSP (the demo's visit is checked in its case, demo.mjs);
// then, on one classifier, no network while classifying and clearCache() removing exactly the
// SDK's databases.
import assert from 'node:assert/strict';
import { onlyInlineScriptReported } from '../csp.mjs';
import { golden } from '../harness.mjs';

export const cases = [
  {
    // The demo runs under the same policy: its case checks its whole visit (demo.mjs).
    name: 'the SDK runs under a strict Content-Security-Policy without violations',
    async run(t) {
      const reported = t.server.cspReports.length;
      const page = await t.open('/test/pages/csp.html');
      await page.waitFor(() => window.seEdgeReady === true);
      const label = await page.evaluate(async (x) => {
        const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
        const { label } = await clf.classify(Float32Array.from(x));
        await clf.dispose();
        return label;
      }, golden.inputs[3]);
      assert.equal(label, String(golden.labels[3]));
      await onlyInlineScriptReported(t, page, reported);
    },
  },
  {
    name: "one classifier sends nothing over the network while classifying; clearCache() then removes exactly the SDK's databases, nothing of the app's, and the classifier still works",
    timeout: 120_000,
    async run(t) {
      const page = await t.setUp(async () => {
        const page = await t.openSdk();
        await page.evaluate(async () => {
          // The app's own database, with data in it.
          await new Promise((ok) => {
            const request = indexedDB.open('my-app');
            request.onupgradeneeded = () => request.result.createObjectStore('notes').put('keep me', 'note');
            request.onsuccess = () => (request.result.close(), ok());
          });
          window.live = await window.seEdge.createClassifier({ backend: 'wasm' }); // left running until the end, on purpose
        });
        return page;
      });
      await t.step('classifying sends nothing over the network', async () => {
        const mark = t.server.requests.mark();
        const labels = await page.evaluate(async (digits) => {
          const drawings = digits.map((digit) => {
            const { canvas, context } = window.paper(280, 280);
            context.drawImage(window.digitCanvas(digit, { dark: true }), 0, 0, 280, 280);
            return canvas;
          });
          const predictions = await Promise.all(drawings.map((d) => window.live.classify(d)));
          return predictions.map((p) => p.label);
        }, golden.inputs.slice(0, 10));
        assert.deepEqual(labels, golden.labels.slice(0, 10).map(String));
        assert.deepEqual(t.server.requests.since(mark), []);
      });
      await t.step("clearCache() removes exactly the SDK's databases and nothing of the app's", async () => {
        const outcome = await page.evaluate(async () => {
          const { live } = window;
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
        assert.deepEqual(outcome.before, ['my-app', 'se-edge-cache', 'se-edge-cache:drafts']);
        assert.deepEqual(outcome.removed, ['se-edge-cache', 'se-edge-cache:drafts']);
        assert.deepEqual(outcome.after, ['my-app']);
        assert.equal(outcome.note, 'keep me');
        assert.equal(outcome.label, '1');
      });
    },
  },
];
