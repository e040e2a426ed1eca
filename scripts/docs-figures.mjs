// The guides' figures, from the demo as built (npm run build first): Debian's Chromium at
// 1280x800, pages from 127.0.0.1. Run by hand when the demo's look changes; the figures are
// committed under docs/images/.
//
//   node scripts/docs-figures.mjs
import { chromium } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';

const images = fileURLToPath(new URL('../docs/images/', import.meta.url));
const { server, url } = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${url}/demo/`);
  await page.waitForFunction(() => /^Done/.test(document.querySelector('[data-testid="atlas-status"]').textContent), null, { timeout: 120_000 });
  // docs/inspecting-se-blocks.md: the first 7 of the bundled MNIST test sample, se2 channel 3 over it.
  // Picked twice: the timings shown are those of a warm session, not of the first call's start.
  for (let i = 0; i < 2; i++) {
    await page.locator('[data-testid="gallery"] button[aria-label$=", a 7"]').first().click();
    await page.waitForFunction(() => /^142 channels/.test(document.querySelector('[data-testid="effects-summary"]')?.textContent ?? ''));
    await page.waitForTimeout(500);
  }
  await page.selectOption('[data-testid="overlay-channel"]', 'se2:3');
  await page.locator('[data-testid="inspect-panel"]').screenshot({ path: `${images}inspect-view.png` });
  console.log(`wrote ${images}inspect-view.png`);
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
