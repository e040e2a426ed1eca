// The SDK's numbers against PyTorch's (the golden file) on WebGPU, which only Chromium has
// here (SwiftShader). WASM's numbers and the accuracy over the held-out split are checked in
// all three engines: test/engines/cases/sdk.mjs.
import { expect, golden, manifest, openSdkPage, softmax, test } from './fixtures.js';

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
