// The engine cases (test/engines/cases/): what users do with the SDK, written once and run the
// same way in Chromium (here, through Playwright, like the rest of this folder), Firefox and
// WebKit (test/engines/run.mjs). The other specs in this folder need what only Chromium has
// here (WebGPU on SwiftShader, CDP heap reads) or test bundlers rather than engines.
import { test } from '@playwright/test';
import { playwrightEngine } from '../engines/drivers.mjs';
import { loadCases, runCase } from '../engines/harness.mjs';

for (const testCase of await loadCases('chromium')) {
  test(testCase.title, async ({ browser }) => {
    test.setTimeout((testCase.timeout ?? 90_000) + 30_000);
    await runCase(playwrightEngine(browser), testCase);
  });
}
