// The SDK's numbers against PyTorch's (the golden file), on each backend, and its accuracy
// over the whole standard MNIST test set.
import { expect, golden, manifest, openSdkPage, serveTestSet, softmax, test, TEST_SET_URL } from './fixtures.js';

async function classifyGolden(page: import('@playwright/test').Page, backend: 'wasm' | 'webgpu') {
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

test('wasm: probabilities and attention of the 64 golden digits are within 1e-4 of PyTorch', async ({ page }) => {
  const { backend, predictions } = await classifyGolden(page, 'wasm');
  expect(backend).toBe('wasm');
  expect(predictions).toHaveLength(64);
  for (const [output, difference] of Object.entries(worstDifferences(predictions))) {
    expect(difference, output).toBeLessThan(1e-4);
  }
  expect(predictions.map((p) => p.index)).toEqual(golden.logits.map(argmax));
});

test('webgpu: probabilities and attention of the 64 golden digits are within 1e-3 of PyTorch', async ({ page }) => {
  test.slow(); // SwiftShader: software WebGPU
  const { backend, predictions } = await classifyGolden(page, 'webgpu');
  expect(backend).toBe('webgpu');
  for (const [output, difference] of Object.entries(worstDifferences(predictions))) {
    expect(difference, output).toBeLessThan(1e-3);
  }
  expect(predictions.map((p) => p.index)).toEqual(golden.logits.map(argmax));
});

test('accuracy through the SDK on the 10,000 standard MNIST test digits equals the model card figure', async ({ page }) => {
  await serveTestSet(page);
  await openSdkPage(page);
  const { correct, count } = await page.evaluate(async (url) => {
    const bytes = await (await fetch(url)).arrayBuffer();
    const count = bytes.byteLength / (784 * 4 + 1);
    const images = new Float32Array(bytes, 0, count * 784);
    const labels = new Uint8Array(bytes, count * 784 * 4, count);
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const inputs = Array.from({ length: count }, (_, i) => images.subarray(i * 784, (i + 1) * 784));
    const predictions = await clf.classifyBatch(inputs);
    await clf.dispose();
    return { correct: predictions.filter((p, i) => p.index === labels[i]).length, count };
  }, TEST_SET_URL);
  const { test: figure } = manifest.metrics as { test: { count: number; correct: number } };
  expect(count).toBe(10_000);
  expect(count).toBe(figure.count);
  expect(correct).toBe(figure.correct);
});
