// A model of one's own through the SDK: the RGB fixture (a small SE-CNN on 3x32x32, random
// weights, exported by models/export.py; test/fixtures/rgb-se-cnn/make.py) loads by its
// manifest URL, and classify(picture) in Chromium gives PyTorch's probabilities and
// attention for the same pictures, through the manifest's `fit` preprocessing and mean/std.
import { readFileSync } from 'node:fs';
import { expect, openSdkPage, test } from './fixtures.js';

const MANIFEST = '/test/fixtures/rgb-se-cnn/se-cnn.manifest.json';
const fixture = JSON.parse(readFileSync(new URL('../fixtures/rgb-se-cnn/pictures.json', import.meta.url), 'utf8')) as {
  pictures: { width: number; height: number; rgba: string; probabilities: number[]; attention: Record<string, number[]> }[];
};

type Outputs = { label: string; probabilities: number[]; attention: Record<string, number[]> };

/** The largest difference between the SDK's outputs and PyTorch's, over every picture and output. */
function worst(outputs: Outputs[]) {
  let diff = 0;
  outputs.forEach((o, i) => {
    const p = fixture.pictures[i]!;
    o.probabilities.forEach((v, c) => (diff = Math.max(diff, Math.abs(v - p.probabilities[c]!))));
    for (const [name, gates] of Object.entries(p.attention)) {
      expect(o.attention[name]).toHaveLength(gates.length);
      o.attention[name]!.forEach((v, c) => (diff = Math.max(diff, Math.abs(v - gates[c]!))));
    }
  });
  return diff;
}

test("an RGB SE model loads by its manifest URL, and classify(picture) gives PyTorch's outputs within 1e-4", async ({ page }) => {
  await openSdkPage(page);
  const result = await page.evaluate(
    async ({ url, pictures }) => {
      const clf = await window.seEdge.createClassifier({ model: url, backend: 'wasm', cache: false });
      const asImageData = (p: (typeof pictures)[number]) =>
        new ImageData(Uint8ClampedArray.from(atob(p.rgba), (c) => c.charCodeAt(0)), p.width, p.height);
      const toPlain = (p: Awaited<ReturnType<typeof clf.classify>>) => ({
        label: p.label,
        probabilities: Array.from(p.probabilities),
        attention: Object.fromEntries(Object.entries(p.attention).map(([n, v]) => [n, Array.from(v)])),
      });
      // ImageData, and the same pictures as PNG files (decoded in the worker).
      const images = pictures.map(asImageData);
      const fromImageData = (await clf.classifyBatch(images)).map(toPlain);
      const pngs = await Promise.all(
        images.map((image) => {
          const canvas = new OffscreenCanvas(image.width, image.height);
          canvas.getContext('2d')!.putImageData(image, 0, 0);
          return canvas.convertToBlob({ type: 'image/png' });
        }),
      );
      const fromPng = await Promise.all(pngs.map(async (png) => toPlain(await clf.classify(png))));
      const summary = { name: clf.model.name, inputLength: clf.inputLength, labels: clf.model.labels, blocks: clf.model.attention.map((b) => b.name) };
      await clf.dispose();
      return { summary, fromImageData, fromPng };
    },
    { url: MANIFEST, pictures: fixture.pictures },
  );
  expect(result.summary).toEqual({ name: 'se-cnn', inputLength: 3072, labels: ['red', 'green', 'blue', 'stripes', 'spots'], blocks: ['se1', 'se2', 'se3'] });
  const differences = { imageData: worst(result.fromImageData), png: worst(result.fromPng) };
  test.info().annotations.push({ type: 'largest difference from PyTorch', description: JSON.stringify(differences) });
  expect(differences.imageData).toBeLessThan(1e-4);
  expect(differences.png).toBeLessThan(1e-4);
  const argmax = (row: number[]) => row.indexOf(Math.max(...row));
  expect(result.fromImageData.map((o) => o.label)).toEqual(fixture.pictures.map((p) => result.summary.labels[argmax(p.probabilities)]));
});

test('readDigits on a model whose preprocessing is not mnist-digit is an UnsupportedError naming it', async ({ page }) => {
  await openSdkPage(page);
  const error = await page.evaluate(async (url) => {
    const clf = await window.seEdge.createClassifier({ model: url, backend: 'wasm', cache: false });
    const message = await clf.readDigits(new ImageData(32, 32)).then(() => 'resolved', (e: Error) => `${e.name}: ${e.message}`);
    await clf.dispose();
    return message;
  }, MANIFEST);
  expect(error).toMatch(/^UnsupportedError: input: readDigits needs a model that reads one handwritten symbol at a time .*this model's is "fit"/);
});

test("a manifest the worker cannot serve, or whose model's outputs differ from it, fails at load naming the field", async ({ page }) => {
  const manifest = JSON.parse(readFileSync(new URL('../fixtures/rgb-se-cnn/se-cnn.manifest.json', import.meta.url), 'utf8'));
  const served = (edit: (m: typeof manifest) => void) => {
    const copy = structuredClone(manifest);
    copy.model.url = '/test/fixtures/rgb-se-cnn/se-cnn.onnx';
    edit(copy);
    return copy;
  };
  const cases: [string, unknown, RegExp][] = [
    ['unknown', served((m) => (m.input.preprocessing.type = 'imagenet-crop')), /"input\.preprocessing\.type" is "imagenet-crop"; this version of se-edge knows "mnist-digit", "fit"/],
    ['four-channels', served((m) => (m.input.shape = ['N', 4, 32, 32])), /"input\.shape" must have 3 channels for "fit" preprocessing with color "rgb"; got \[N, 4, 32, 32\]/],
    ['channels', served((m) => ((m.attention[1].channels = 12), (m.attention[1].map[0] = 12))), /does not match its manifest: "attention\[1\]\.channels" is 12 but the output "se2" gives 16 values per input/],
    ['outputs', served((m) => (m.attention[2].output = 'gate3')), /"attention\[2\]\.output" is "gate3" but the model's outputs are \["logits","se1","se2","se3"\]/],
  ];
  for (const [name, manifest] of cases) {
    await page.route(`**/__test__/${name}.manifest.json`, (route) => route.fulfill({ json: manifest, headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }));
  }
  await openSdkPage(page);
  const errors = await page.evaluate(async (names) => {
    const out: Record<string, { name: string; right: boolean; message: string }> = {};
    for (const name of names) {
      try {
        await window.seEdge.createClassifier({ model: `/__test__/${name}.manifest.json`, backend: 'wasm', cache: false });
        out[name] = { name: 'loaded', right: false, message: '' };
      } catch (e) {
        out[name] = { name: (e as Error).name, right: e instanceof window.seEdge.ModelLoadError, message: (e as Error).message };
      }
    }
    return out;
  }, cases.map(([name]) => name));
  for (const [name, , expected] of cases) {
    expect(errors[name], name).toMatchObject({ name: 'ModelLoadError', right: true });
    expect(errors[name]!.message, name).toMatch(expected);
  }
});
