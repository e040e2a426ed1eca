// Shared pieces of the Playwright specs (Chromium): the SDK test page, the golden digits and the
// standard MNIST and Fashion-MNIST test sets (served to the page by request interception, so
// nothing is duplicated on disk). The engine cases (test/engines/) have engine-neutral ones.
import { test as base, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadFashion, loadMnist } from '../../models/mnist-idx.mjs';
import { HANDS, numberStrokes, shadowRect } from '../support/handwriting.mjs';
import { mulberry32 } from '../support/number-images.mjs';

export const manifest = JSON.parse(
  readFileSync(new URL('../../models/se-lenet-mnist.manifest.json', import.meta.url), 'utf8'),
);
export const golden: { inputs: number[][]; labels: number[]; logits: number[][]; attention: Record<string, number[][]> } =
  JSON.parse(readFileSync(new URL('../../models/se-lenet-mnist.golden.json', import.meta.url), 'utf8'));

export const SDK_PAGE = '/test/pages/sdk.html';
/** The standard MNIST test set: its 10,000 digits as raw float32 (10000 x 784), then their labels as bytes. */
export const TEST_SET_URL = '/__test__/mnist-test.bin';

export function softmax(row: number[]): number[] {
  const max = Math.max(...row);
  const exps = row.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}

/** Opens the SDK test page (the built dist/index.js, as an app loads it). */
export async function openSdkPage(page: Page): Promise<void> {
  await page.goto(SDK_PAGE);
  await page.waitForFunction(() => (window as unknown as { seEdgeReady?: boolean }).seEdgeReady === true);
}

/** Serves a standard test set at TEST_SET_URL: MNIST's, or Fashion-MNIST's (Debian's dataset-fashion-mnist). */
export async function serveTestSet(page: Page, set: 'mnist' | 'fashion' = 'mnist'): Promise<void> {
  const { images, labels } = set === 'mnist' ? loadMnist('test') : loadFashion('test');
  const body = Buffer.concat([Buffer.from(images.buffer, images.byteOffset, images.byteLength), Buffer.from(labels)]);
  await page.route(`**${TEST_SET_URL}`, (route) =>
    route.fulfill({ body, contentType: 'application/octet-stream', headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }),
  );
}

/**
 * A digit as an app would have it: a PNG of dark ink on white paper, `scale` pixels per
 * MNIST pixel, drawn by the page's browser from 784 values. Resolves with its base64. A
 * Fashion-MNIST image comes out as a product photo: a dark garment on white.
 */
export async function digitPng(page: Page, values: number[], scale = 1): Promise<string> {
  return page.evaluate(([values, scale]) => {
    const image = new ImageData(28, 28);
    values.forEach((v, i) => image.data.set([255 * (1 - v), 255 * (1 - v), 255 * (1 - v), 255], i * 4));
    const small = Object.assign(document.createElement('canvas'), { width: 28, height: 28 });
    small.getContext('2d')!.putImageData(image, 0, 0);
    const canvas = Object.assign(document.createElement('canvas'), { width: 28 * scale, height: 28 * scale });
    const context = canvas.getContext('2d')!;
    context.imageSmoothingEnabled = false; // each MNIST pixel a sharp square
    context.drawImage(small, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png').split(',')[1]!;
  }, [values, scale] as const);
}

/**
 * Writes `text` with the mouse on the pad of the `<se-digit-input>` that `field` finds, stroke by
 * stroke (pointer events), in the regular hand of test/support/handwriting.mjs.
 */
export async function writeInField(page: Page, field: string, text: string, seed = text.length): Promise<void> {
  const pad = await page.evaluate(shadowRect, [field, '[part~="pad"]']);
  for (const [first, ...rest] of numberStrokes(text, pad, HANDS[0], mulberry32(seed))) {
    await page.mouse.move(...(first as [number, number]));
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(...(point as [number, number]));
    await page.mouse.up();
  }
}

/** Fails the test on any uncaught error or unhandled rejection in the page. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

declare global {
  interface Window {
    seEdge: typeof import('../../src/index.js');
    seEdgeReady?: boolean;
  }
}
