// The main-thread bundle's size budget: dist/index.js (Comlink included), minified, brotli.
// Run by npm test (test/unit/project.test.mjs) and on its own: node scripts/check-size.mjs
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

// 4 KB until inspect and channelEffects joined the API (4,132 bytes then).
export const BUDGET_BROTLI_BYTES = 4198;

export function mainBundleSize() {
  const js = readFileSync(new URL('../dist/index.js', import.meta.url));
  const brotli = brotliCompressSync(js, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return { minified: js.length, brotli };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { minified, brotli } = mainBundleSize();
  console.log(`dist/index.js: ${minified} bytes minified, ${brotli} bytes brotli (budget ${BUDGET_BROTLI_BYTES})`);
  if (brotli > BUDGET_BROTLI_BYTES) process.exit(1);
}
