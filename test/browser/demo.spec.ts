// The demo (npm start), driven as a person would: drawing with the mouse, picking samples,
// reading the charts and the atlas, switching backends, going offline.
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DIGIT_STROKES } from '../support/ink-drawing.mjs';
import { digitPng, expect, test } from './fixtures.js';

type Stroke = [number, number][];
const DIGITS: Record<string, Stroke[]> = {
  '1': [[[0.5, 0.18], [0.52, 0.82]]],
  '7': [[[0.28, 0.22], [0.72, 0.22], [0.45, 0.82]]],
  '0': [Array.from({ length: 25 }, (_, i) => {
    const a = (i / 24) * 2 * Math.PI;
    return [0.5 + 0.22 * Math.sin(a), 0.5 - 0.3 * Math.cos(a)] as [number, number];
  })],
};

async function draw(page: Page, strokes: Stroke[]) {
  await page.getByTestId('draw-canvas').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('draw-canvas').boundingBox())!;
  for (const stroke of strokes) {
    const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
    await page.mouse.move(...at(stroke[0]!));
    await page.mouse.down();
    for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 8 });
    await page.mouse.up();
  }
}

/** Writes `text` on the wide number pad with the mouse: digits 0.6 of its height, a third of one apart. */
async function writeNumber(page: Page, text: string) {
  await page.getByTestId('number-canvas').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('number-canvas').boundingBox())!;
  const size = 0.6 * box.height, width = 0.7 * size;
  let left = box.x + 0.06 * box.width;
  for (const c of text) {
    if (c !== ' ') {
      for (const stroke of (DIGIT_STROKES as unknown as Record<string, number[][][]>)[c]!) {
        const at = ([u, v]: number[]) => [left + u! * width, box.y + 0.2 * box.height + v! * size] as const;
        await page.mouse.move(...at(stroke[0]!));
        await page.mouse.down();
        for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 4 });
        await page.mouse.up();
      }
    }
    left += width * 1.35;
  }
}

async function openDemo(page: Page) {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/demo/');
  await expect(page.getByTestId('backend')).toHaveText(/^wasm \(fallback adapter/);
  await expect(page.getByTestId('atlas-status')).toHaveText(/^Done: 500 digits/);
  return errors;
}

/** The heights of the value bars of one attention chart, in order. */
const attentionValues = (page: Page, block: string) =>
  page.getByTestId(`attention-${block}`).locator('.mark > i.value').evaluateAll((bars) => bars.map((b) => (b as HTMLElement).style.height));

test('drawing a 1, a 7 and a 0 with the mouse gives those predictions', async ({ page }) => {
  const errors = await openDemo(page);
  for (const [digit, strokes] of Object.entries(DIGITS)) {
    await page.getByTestId('clear').click();
    await expect(page.getByTestId('prediction')).toHaveText('–');
    await draw(page, strokes);
    await expect(page.getByTestId('prediction'), `drawn ${digit}`).toHaveText(digit);
  }
  expect(errors).toEqual([]);
});

test('attention charts show one mark per channel and change with the drawing', async ({ page }) => {
  await openDemo(page);
  await draw(page, DIGITS['1']!);
  await expect(page.getByTestId('prediction')).toHaveText('1');
  const channels = { se1: 6, se2: 16, se3: 120 };
  for (const [block, count] of Object.entries(channels)) {
    await expect(page.getByTestId(`attention-${block}`).locator('.mark')).toHaveCount(count);
  }
  const before = { se2: await attentionValues(page, 'se2'), se3: await attentionValues(page, 'se3') };
  await page.getByTestId('clear').click();
  await draw(page, DIGITS['0']!);
  await expect(page.getByTestId('prediction')).toHaveText('0');
  expect(await attentionValues(page, 'se2')).not.toEqual(before.se2);
  expect(await attentionValues(page, 'se3')).not.toEqual(before.se3);
  // Hover reads out the channel and its difference from the test sample's mean.
  await page.getByTestId('attention-se2').locator('.mark').nth(5).hover();
  await expect(page.getByTestId('attention-readout')).toHaveText(/^se2 channel 5: 0\.\d{3} \(test mean 0\.\d{3}, [+-]0\.\d{3}\)$/);
});

test('the atlas completes over the bundled sample, its class rows differ, and a class can be picked', async ({ page }) => {
  await openDemo(page);
  await expect(page.getByTestId('atlas-progress')).toHaveJSProperty('value', 1);
  for (const block of ['se1', 'se2', 'se3']) {
    const rows = await page.getByTestId(`atlas-${block}`).evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const width = canvas.width * 4;
      return Array.from({ length: canvas.height }, (_, r) => Array.from(data.subarray(r * width, (r + 1) * width)).join());
    });
    expect(rows).toHaveLength(10);
    expect(new Set(rows).size, `${block}: distinct class rows`).toBe(10);
  }
  await page.getByRole('button', { name: 'Class 3: channels it relies on' }).first().click();
  await expect(page.getByTestId('atlas-detail')).toHaveText(/^Class 3 relies most.*se1: #\d.*se2: #\d.*se3: #\d/);
});

test('picking a test sample from the gallery (keyboard) classifies it', async ({ page }) => {
  await openDemo(page);
  const sample = page.getByTestId('gallery').getByRole('button', { name: /, a 4$/ }).first();
  await sample.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('prediction')).toHaveText('4');
});

test('the backend switch reloads the classifier and reports what runs', async ({ page }) => {
  await openDemo(page);
  await page.getByTestId('backend-select').selectOption('wasm');
  await expect(page.getByTestId('backend')).toHaveText('wasm (requested)');
  await expect(page.getByTestId('model-status')).toHaveText(/model from cache, runtime from cache, ready in \d+ ms/);
  await draw(page, DIGITS['7']!);
  await expect(page.getByTestId('prediction')).toHaveText('7');
});

test('offline after the first visit: a reload still loads and classifies a drawing', async ({ page, context }) => {
  await openDemo(page);
  await page.waitForFunction(() => document.documentElement.dataset.offlineReady === 'true');
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('network')).toHaveText('offline: running from cache');
  await expect(page.getByTestId('backend')).toHaveText(/^wasm/);
  await expect(page.getByTestId('model-status')).toHaveText(/model from cache, runtime from cache/);
  await draw(page, DIGITS['1']!);
  await expect(page.getByTestId('prediction')).toHaveText('1');
});

test('writing a number on the wide pad reads it live, boxes each digit, and a picked digit shows its prediction', async ({ page }) => {
  const errors = await openDemo(page);
  await writeNumber(page, '2026');
  await expect(page.getByTestId('number-reading')).toHaveText('2026');
  await expect(page.getByTestId('number-digits').getByRole('button')).toHaveCount(4);
  await expect(page.getByTestId('number-status')).toHaveText(/^4 digits · worker [\d.]+ ms/);
  // Each digit's box is drawn over the ink, on the overlay (the pad itself stays as written).
  const boxed = await page.getByTestId('number-boxes').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) coloured++;
    return coloured;
  });
  expect(boxed).toBeGreaterThan(1000);
  // Picking the third digit shows its probabilities and attention, as for a drawn digit.
  await page.getByTestId('number-digit-2').click();
  await expect(page.getByTestId('number-digit-2')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('shown')).toHaveText('Digit 3 of the number "2026"');
  await expect(page.getByTestId('probabilities').locator('.mark.top')).toHaveCount(1);
  await expect(page.getByTestId('attention-se3').locator('.mark')).toHaveCount(120);
  const before = await attentionValues(page, 'se2');
  await page.getByTestId('number-digit-1').click();
  expect(await attentionValues(page, 'se2')).not.toEqual(before);
  // More ink updates the reading live; Clear empties it.
  await writeNumber(page, '20264');
  await expect(page.getByTestId('number-reading')).toHaveText(/^20264|2026 ?4$/);
  await page.getByTestId('number-clear').click();
  await expect(page.getByTestId('number-reading')).toHaveText('–');
  await expect(page.getByTestId('number-digits').getByRole('button')).toHaveCount(0);
  expect(errors).toEqual([]);
});

for (const [width, height] of [[390, 844], [1280, 800]] as const) {
  test(`screenshot at ${width}x${height}, with no horizontal scrolling`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    const errors = await openDemo(page);
    await draw(page, DIGITS['7']!);
    await expect(page.getByTestId('prediction')).toHaveText('7');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/screenshots/demo-${width}x${height}.png`, fullPage: true });
    await writeNumber(page, '1984');
    await expect(page.getByTestId('number-reading')).toHaveText('1984');
    await page.getByTestId('number-digit-1').click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.getByTestId('number-canvas').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screenshots/demo-number-${width}x${height}.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('the model switch: clothing with its own gallery and atlas, a picked test image, a chosen and a dropped picture; back to digits', async ({ page }) => {
  const errors = await openDemo(page);
  await page.getByTestId('model-select').selectOption('clothing');
  await expect(page.getByTestId('model-status')).toHaveText(/^se-lenet-fashion 1\.0\.0: model from network/);
  await expect(page.getByTestId('atlas-status')).toHaveText(/^Done: 500 images/);
  await expect(page.getByTestId('draw-input')).toBeHidden();
  await expect(page.getByTestId('number-panel')).toBeHidden();
  await expect(page.getByTestId('picture-input')).toBeVisible();
  await expect(page.getByTestId('input-title')).toHaveText('Picture');
  for (const [block, channels] of [['se1', 16], ['se2', 48], ['se3', 192]] as const) {
    await expect(page.getByTestId(`atlas-${block}`)).toHaveJSProperty('width', channels);
  }
  await page.getByRole('button', { name: 'Class Sneaker: channels it relies on' }).first().click();
  await expect(page.getByTestId('atlas-detail')).toHaveText(/^Class Sneaker relies most.*se1: #\d.*se2: #\d.*se3: #\d/);
  // A test image from the gallery: the Fashion-MNIST test images, labelled by name.
  await expect(page.getByTestId('gallery').getByRole('button')).toHaveCount(30);
  await page.getByTestId('gallery').getByRole('button', { name: /, a Trouser$/ }).first().click();
  await expect(page.getByTestId('prediction')).toHaveText('Trouser');
  await expect(page.getByTestId('shown')).toHaveText(/^Test image \d+, a Trouser$/);
  await expect(page.getByTestId('attention-se3').locator('.mark')).toHaveCount(192);
  // Pictures given as files.
  const golden = JSON.parse(readFileSync(new URL('../../models/se-lenet-fashion.golden.json', import.meta.url), 'utf8'));
  const argmax = (row: number[]) => row.indexOf(Math.max(...row));
  const firstRight = (label: number) => golden.labels.findIndex((l: number, i: number) => l === label && argmax(golden.logits[i]) === label);
  // Product photos of test images the model reads right: dark on white, 4x.
  const bag = Buffer.from(await digitPng(page, golden.inputs[firstRight(8)], 4), 'base64');
  await page.getByTestId('picture-file').setInputFiles({ name: 'bag.png', mimeType: 'image/png', buffer: bag });
  await expect(page.getByTestId('prediction')).toHaveText('Bag');
  await expect(page.getByTestId('shown')).toHaveText('The picture you gave');
  const sneaker = await digitPng(page, golden.inputs[firstRight(7)], 4);
  await page.getByTestId('picture').evaluate((canvas, base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const dropped = new DataTransfer();
    dropped.items.add(new File([bytes], 'sneaker.png', { type: 'image/png' }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
  }, sneaker);
  await expect(page.getByTestId('prediction')).toHaveText('Sneaker');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
  await page.screenshot({ path: 'test-results/screenshots/demo-clothing.png', fullPage: true });
  // Back to digits: the pads return, and drawing reads digits again.
  await page.getByTestId('model-select').selectOption('digits');
  await expect(page.getByTestId('model-status')).toHaveText(/^se-lenet-mnist 2\.0\.0: model from cache/);
  await expect(page.getByTestId('atlas-status')).toHaveText(/^Done: 500 digits/);
  await expect(page.getByTestId('draw-input')).toBeVisible();
  await expect(page.getByTestId('number-panel')).toBeVisible();
  await draw(page, DIGITS['7']!);
  await expect(page.getByTestId('prediction')).toHaveText('7');
  expect(errors).toEqual([]);
});
