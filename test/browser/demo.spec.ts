// The demo with the browser's network switched off (Playwright's network emulation, which only
// the Chromium runs have): navigator.onLine turns false and the status line says so. Everything
// else about the demo (drawing with pointer events, charts, atlas, gallery, backend switch,
// offline start through the service worker, layout and screenshots) runs in all three engines:
// test/engines/cases/demo.mjs.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

type Stroke = [number, number][];
const ONE: Stroke[] = [[[0.5, 0.18], [0.52, 0.82]]];

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

async function openDemo(page: Page) {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/demo/');
  await expect(page.getByTestId('backend')).toHaveText(/^wasm \(auto chose WASM: the model is small for a GPU/);
  await expect(page.getByTestId('atlas-status')).toHaveText(/^Done: 500 digits/);
  return errors;
}

test('with the browser offline after the first visit, the demo says so, and a reload still loads and classifies a drawing', async ({ page, context }) => {
  await openDemo(page);
  await page.waitForFunction(() => document.documentElement.dataset.offlineReady === 'true');
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('network')).toHaveText('offline: running from cache');
  await expect(page.getByTestId('backend')).toHaveText(/^wasm/);
  await expect(page.getByTestId('model-status')).toHaveText(/model from cache, runtime from cache/);
  await draw(page, ONE);
  await expect(page.getByTestId('prediction')).toHaveText('1');
});
