// The demo page (npm start) through the built package: it loads, and a drawn "1" reads as 1.
import { expect, test } from './fixtures.js';

test('the demo loads the model and recognises a drawn vertical stroke as 1', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto('/demo/');
  await expect(page.getByTestId('backend')).toHaveText(/^wasm \(fallback adapter/);
  const box = (await page.getByTestId('draw-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.8, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByTestId('prediction')).toHaveText('1');
  await expect(page.locator('[data-block="se3"] .bar')).toHaveCount(120);
  expect(consoleErrors.filter((text) => !/favicon/.test(text))).toEqual([]);
});
