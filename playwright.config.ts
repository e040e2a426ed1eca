import { defineConfig } from '@playwright/test';

// Browser tests run in Debian's Chromium (never a downloaded browser), against pages served
// from 127.0.0.1 by scripts/serve.mjs with the cross-origin isolation headers.
export const PORT = Number(process.env.SE_EDGE_TEST_PORT ?? 4179);

export default defineConfig({
  testDir: 'test/browser',
  outputDir: 'test-results/browser',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list'], ['json']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--enable-unsafe-webgpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node scripts/serve.mjs --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/package.json`,
    reuseExistingServer: false,
    stdout: 'ignore',
  },
});
