// The SDK's numbers against PyTorch's (the golden file) on WebGPU, which only Chromium has
// here (SwiftShader). WASM's numbers and the accuracy over the held-out split are checked in
// all three engines: test/engines/cases/sdk.mjs.
import { readFileSync } from 'node:fs';
import { expect, golden, manifest, openSdkPage, softmax, test } from './fixtures.js';

const readJson = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));

async function classifyGolden(page: import('@playwright/test').Page, backend: 'webgpu') {
  await openSdkPage(page);
  return page.evaluate(
    async ({ inputs, backend }) => {
      const clf = await window.seEdge.createClassifier({ backend });
      const predictions = await Promise.all(inputs.map((row) => clf.classify(Float32Array.from(row))));
      await clf.dispose();
      return {
        backend: clf.backend,
        predictions: predictions.map((p) => ({
          index: p.index,
          probabilities: Array.from(p.probabilities),
          attention: Object.fromEntries(Object.entries(p.attention).map(([name, v]) => [name, Array.from(v)])),
        })),
      };
    },
    { inputs: golden.inputs, backend },
  );
}

function worstDifferences(predictions: Awaited<ReturnType<typeof classifyGolden>>['predictions']) {
  const worst: Record<string, number> = { probabilities: 0 };
  predictions.forEach((p, i) => {
    const expected = softmax(golden.logits[i]!);
    p.probabilities.forEach((v, c) => (worst.probabilities = Math.max(worst.probabilities!, Math.abs(v - expected[c]!))));
    for (const block of manifest.attention) {
      const reference = golden.attention[block.name]![i]!;
      expect(p.attention[block.name]).toHaveLength(block.channels);
      p.attention[block.name]!.forEach((v, c) => {
        worst[block.name] = Math.max(worst[block.name] ?? 0, Math.abs(v - reference[c]!));
      });
    }
  });
  return worst;
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));

test('webgpu: probabilities and attention of the 64 golden digits are within 1e-3 of PyTorch', async ({ page }) => {
  test.slow(); // SwiftShader: software WebGPU
  const { backend, predictions } = await classifyGolden(page, 'webgpu');
  expect(backend).toBe('webgpu');
  for (const [output, difference] of Object.entries(worstDifferences(predictions))) {
    expect(difference, output).toBeLessThan(1e-3);
  }
  expect(predictions.map((p) => p.index)).toEqual(golden.logits.map(argmax));
});

// inspect on WebGPU: every part of every block, with and without interventions, within each
// manifest's probe tolerance of PyTorch, for the three models the export tool wrote.
const INSPECT_MODELS = [
  { golden: 'models/se-lenet-mnist.inspect-golden.json', manifest: 'models/se-lenet-mnist.manifest.json' },
  { golden: 'models/se-lenet-fashion.inspect-golden.json', manifest: 'models/se-lenet-fashion.manifest.json', url: '/dist/models/se-lenet-fashion.manifest.json' },
  { golden: 'test/fixtures/rgb-se-cnn/se-cnn.inspect-golden.json', manifest: 'test/fixtures/rgb-se-cnn/se-cnn.manifest.json', url: '/test/fixtures/rgb-se-cnn/se-cnn.manifest.json' },
];

test("webgpu: inspect's maps, squeezes, gates, scaled maps and intervened logits are within the manifest's probe tolerance of PyTorch (MNIST, Fashion-MNIST, RGB fixture)", async ({ page }) => {
  test.slow(); // SwiftShader: software WebGPU
  await openSdkPage(page);
  for (const model of INSPECT_MODELS) {
    const inspectGolden = readJson(model.golden);
    const { tolerance } = readJson(model.manifest).probe;
    const { backends, worst } = await page.evaluate(
      async ({ golden, url }) => {
        const clf = await window.seEdge.createClassifier({ backend: 'webgpu', ...(url ? { model: url } : {}) });
        const worst: Record<string, number> = {};
        const backends = new Set<string>([`classifier ${clf.backend}`]);
        const note = (part: string, actual: Float32Array, expected: number[]) =>
          expected.forEach((v, i) => (worst[part] = Math.max(worst[part] ?? 0, Number.isNaN(actual[i]) ? Infinity : Math.abs(actual[i]! - v))));
        for (const c of golden.cases) {
          const inspection = await clf.inspect(Float32Array.from(golden.inputs[c.input]), { gates: c.overrides });
          backends.add(`inspection ${inspection.backend}`);
          note('logits', inspection.logits, c.logits);
          for (const block of inspection.blocks) {
            for (const part of ['maps', 'squeeze', 'gate', 'applied', 'scaled'] as const) note(part, block[part], c.blocks[block.name][part]);
          }
        }
        await clf.dispose();
        return { backends: [...backends], worst };
      },
      { golden: inspectGolden, url: model.url },
    );
    expect(backends, model.golden).toEqual(['classifier webgpu', 'inspection webgpu']);
    expect(Object.keys(worst).sort()).toEqual(['applied', 'gate', 'logits', 'maps', 'scaled', 'squeeze']);
    for (const [part, difference] of Object.entries(worst)) expect(difference, `${model.golden} ${part}`).toBeLessThanOrEqual(tolerance);
  }
});
