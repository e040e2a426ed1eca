// Images of any size and colours are preprocessed in the worker the way MNIST was made.
import { expect, golden, openSdkPage, test } from './fixtures.js';

const FIRST_TEN = golden.inputs.slice(0, 10); // the first ten standard MNIST test digits

test('dark digits on a white canvas, drawn large and off-centre, are classified correctly', async ({ page }) => {
  await openSdkPage(page);
  const labels = await page.evaluate(async (digits) => {
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const canvases = digits.map((digit, i) => {
      const small = new OffscreenCanvas(28, 28);
      const pixels = new ImageData(28, 28);
      digit.forEach((v, p) => {
        const shade = Math.round(255 * (1 - v)); // dark ink on white paper
        pixels.data.set([shade, shade, shade, 255], p * 4);
      });
      small.getContext('2d')!.putImageData(pixels, 0, 0);
      const canvas = document.createElement('canvas');
      canvas.width = 480;
      canvas.height = 360;
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#fff';
      context.fillRect(0, 0, 480, 360);
      context.imageSmoothingQuality = 'high';
      context.drawImage(small, 20 + 25 * i, 10 + 10 * i, 168, 168); // 6x larger, off-centre
      return canvas;
    });
    const predictions = await Promise.all(canvases.map((canvas) => clf.classify(canvas)));
    await clf.dispose();
    return predictions.map((p) => p.label);
  }, FIRST_TEN);
  expect(labels).toEqual(golden.labels.slice(0, 10).map(String));
});

test('ImageData, ImageBitmap, OffscreenCanvas, <img> and PNG Blob inputs all classify', async ({ page }) => {
  await openSdkPage(page);
  const labels = await page.evaluate(async (digit) => {
    const canvas = new OffscreenCanvas(140, 140);
    const context = canvas.getContext('2d')!;
    const small = new OffscreenCanvas(28, 28);
    const pixels = new ImageData(28, 28);
    digit.forEach((v, p) => pixels.data.set([255 * v, 255 * v, 255 * v, 255], p * 4)); // white on black
    small.getContext('2d')!.putImageData(pixels, 0, 0);
    context.drawImage(small, 0, 0, 140, 140);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    const image = new Image();
    image.src = URL.createObjectURL(blob);
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const inputs = [context.getImageData(0, 0, 140, 140), await createImageBitmap(canvas), canvas, image, blob];
    const predictions = await Promise.all(inputs.map((input) => clf.classify(input)));
    await clf.dispose();
    return predictions.map((p) => p.label);
  }, golden.inputs[2]!);
  expect(labels).toEqual(Array(5).fill(String(golden.labels[2])));
});

test('preprocess shows what the model saw: a 28x28 digit in a 20x20 box, centred by mass', async ({ page }) => {
  await openSdkPage(page);
  const seen = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(300, 200);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 300, 200);
    context.fillStyle = '#000';
    context.fillRect(200, 20, 16, 150); // a "1": dark vertical bar, far right
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const input = await clf.preprocess(canvas);
    const prediction = await clf.classify(canvas);
    await clf.dispose();
    return { input: Array.from(input), label: prediction.label };
  });
  expect(seen.input).toHaveLength(784);
  let mass = 0, mx = 0, my = 0, top = 28, bottom = -1;
  seen.input.forEach((v, i) => {
    const x = i % 28, y = Math.floor(i / 28);
    mass += v;
    mx += v * (x + 0.5);
    my += v * (y + 0.5);
    if (v > 0.1) {
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  });
  expect(Math.max(...seen.input)).toBeCloseTo(1, 2);
  expect(bottom - top + 1).toBe(20); // the longer side is fitted to 20 pixels
  expect(Math.abs(mx / mass - 14)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(my / mass - 14)).toBeLessThanOrEqual(0.5);
  expect(seen.label).toBe('1');
});
