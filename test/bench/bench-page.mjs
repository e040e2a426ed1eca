// The benchmark page (test/bench/pages/bench.html) in Debian's Chromium, served from 127.0.0.1
// cross-origin isolated, with the standard MNIST test set at /__bench__/mnist-test.bin. Shared
// by the benchmark (run.mjs) and the side-by-side comparisons (threads.mjs, model-throughput.mjs).
import { chromium } from '@playwright/test';
import { loadMnist } from '../../models/mnist-idx.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { withinTime } from '../support/time-limit.mjs';

// The standard MNIST test set (10,000 digits), float32 images then label bytes.
const { images, labels } = loadMnist('test');
const testSetBody = Buffer.concat([Buffer.from(images.buffer, images.byteOffset, images.byteLength), Buffer.from(labels)]);

/** Starts the server and the browser; `openPage(context, query)` opens bench.html?query, ready. */
export async function startBench() {
  const { server, url } = await startServer({ port: 0 });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--enable-unsafe-webgpu',
      '--enable-blink-features=ForceEagerMeasureMemory',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  async function openPage(context, query) {
    const page = await context.newPage();
    await page.route('**/__bench__/mnist-test.bin', (route) =>
      route.fulfill({ body: testSetBody, headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }),
    );
    await page.goto(`${url}/test/bench/pages/bench.html?${query}`);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    return page;
  }
  /** One target's run (window.runBench) in a fresh context, bounded by `limitMs`. */
  async function runOnce(query, config, limitMs) {
    const context = await browser.newContext();
    try {
      const page = await openPage(context, query);
      return await withinTime(page.evaluate((cfg) => window.runBench(cfg), config), limitMs, query);
    } finally {
      await context.close();
    }
  }
  async function close() {
    await browser.close();
    server.closeAllConnections(); // keep-alive connections would hold the process open
    server.close();
  }
  return { browser, url, openPage, runOnce, close };
}

export const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
