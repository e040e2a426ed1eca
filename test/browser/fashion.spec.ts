// The Fashion-MNIST model the package ships beside the bundled one, loaded as an app loads
// it: createClassifier({ model: <its manifest URL> }). Its numbers against PyTorch's (the
// golden file), its accuracy over the whole standard test set through the SDK, and a test
// image given as a product photo (dark on white, larger) through the manifest's `fit` preprocessing.
import { readFileSync } from 'node:fs';
import { digitPng, expect, openSdkPage, serveTestSet, softmax, test, TEST_SET_URL } from './fixtures.js';

const MANIFEST = '/dist/models/se-lenet-fashion.manifest.json';
const models = new URL('../../models/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('se-lenet-fashion.manifest.json', models), 'utf8'));
const golden: { inputs: number[][]; labels: number[]; logits: number[][]; attention: Record<string, number[][]> } = JSON.parse(
  readFileSync(new URL('se-lenet-fashion.golden.json', models), 'utf8'),
);

test('loads by its manifest URL; probabilities and attention of the 64 golden test images are within 1e-4 of PyTorch', async ({ page }) => {
  await openSdkPage(page);
  const out = await page.evaluate(
    async ({ url, inputs }) => {
      const clf = await window.seEdge.createClassifier({ model: url, backend: 'wasm' });
      const predictions = await clf.classifyBatch(inputs.map((row) => Float32Array.from(row)));
      const { name, labels, input } = clf.model;
      await clf.dispose();
      return {
        model: { name, labels, preprocessing: input.preprocessing, inputLength: clf.inputLength },
        predictions: predictions.map((p) => ({
          probabilities: Array.from(p.probabilities),
          attention: Object.fromEntries(Object.entries(p.attention).map(([n, v]) => [n, Array.from(v)])),
        })),
      };
    },
    { url: MANIFEST, inputs: golden.inputs },
  );
  expect(out.model).toEqual({ name: 'se-lenet-fashion', labels: manifest.labels, preprocessing: { type: 'fit', color: 'grayscale', invert: true }, inputLength: 784 });
  let worst = 0;
  out.predictions.forEach((p, i) => {
    const expected = softmax(golden.logits[i]!);
    p.probabilities.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - expected[c]!))));
    for (const block of manifest.attention) {
      expect(p.attention[block.name]).toHaveLength(block.channels);
      p.attention[block.name]!.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - golden.attention[block.name]![i]![c]!))));
    }
  });
  expect(worst).toBeLessThan(1e-4);
});

test('accuracy through the SDK on the 10,000 standard Fashion-MNIST test images equals the model card figure', async ({ page }) => {
  await serveTestSet(page, 'fashion');
  await openSdkPage(page);
  const { correct, count } = await page.evaluate(
    async ({ data, url }) => {
      const bytes = await (await fetch(data)).arrayBuffer();
      const count = bytes.byteLength / (784 * 4 + 1);
      const images = new Float32Array(bytes, 0, count * 784);
      const labels = new Uint8Array(bytes, count * 784 * 4, count);
      const clf = await window.seEdge.createClassifier({ model: url, backend: 'wasm' });
      const predictions = await clf.classifyBatch(Array.from({ length: count }, (_, i) => images.subarray(i * 784, (i + 1) * 784)));
      await clf.dispose();
      return { correct: predictions.filter((p, i) => p.index === labels[i]).length, count };
    },
    { data: TEST_SET_URL, url: MANIFEST },
  );
  expect(count).toBe(10_000);
  expect(correct).toBe(manifest.metrics.test.correct);
});

test('a test image as a product photo (dark on white, 4x, PNG) is inverted and fitted to what the model was tested on', async ({ page }) => {
  await openSdkPage(page);
  const inputs = golden.inputs.slice(0, 8);
  const photos = await Promise.all(inputs.map((values) => digitPng(page, values, 4)));
  const out = await page.evaluate(
    async ({ url, inputs, photos }) => {
      const clf = await window.seEdge.createClassifier({ model: url, backend: 'wasm' });
      const results = [];
      for (const [k, values] of inputs.entries()) {
        const png = new Blob([Uint8Array.from(atob(photos[k]!), (c) => c.charCodeAt(0))], { type: 'image/png' });
        const [asPhoto, asValues] = await Promise.all([clf.classify(png), clf.classify(Float32Array.from(values))]);
        const seen = await clf.preprocess(png);
        results.push({
          labels: [asPhoto.label, asValues.label],
          probabilities: Math.max(...asPhoto.probabilities.map((p, c) => Math.abs(p - asValues.probabilities[c]!))),
          seen: Math.max(...seen.map((v, i) => Math.abs(v - values[i]!))),
        });
      }
      await clf.dispose();
      return results;
    },
    { url: MANIFEST, inputs, photos },
  );
  for (const r of out) {
    expect(r.labels[0]).toBe(r.labels[1]);
    expect(r.seen).toBeLessThan(1e-6);
    expect(r.probabilities).toBeLessThan(1e-4);
  }
});
