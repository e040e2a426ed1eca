// Runs the engine cases (test/engines/cases/) in Firefox and WebKit, from Debian's packages
// through their standard drivers (test/engines/drivers.mjs); Chromium runs the same cases
// through Playwright (test/browser/engines.spec.ts). Prints one line per case, and writes the
// counts as JSON for scripts/test.mjs. Needs the build (npm run build).
//
//   node test/engines/run.mjs [--engines firefox,webkit,webkitgtk] [--grep TEXT] [--out FILE]
//   --engines  which engines: chromium, firefox, webkit (with SharedArrayBuffer on cross-origin
//              isolated pages, as Safari), webkitgtk (WebKit as WebKitGTK ships it, without;
//              only the cases about it); default firefox,webkit,webkitgtk
//   --grep     only the cases whose title contains TEXT
//   --out      where the counts go; default test-results/engines-report.json
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchEngine } from './drivers.mjs';
import { loadCases, runCase } from './harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const engines = option('--engines', 'firefox,webkit,webkitgtk').split(',');
const grep = option('--grep', '');
const out = option('--out', fileURLToPath(new URL('../../test-results/engines-report.json', import.meta.url)));

if (!existsSync(new URL('../../dist/index.js', import.meta.url))) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(1);
}

const report = { passed: 0, failed: 0, engines: {} };
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
for (const name of engines) {
  const cases = (await loadCases(name)).filter((c) => c.title.includes(grep));
  if (cases.length === 0) continue;
  const started = Date.now();
  const row = (report.engines[name] = { version: null, passed: 0, failed: 0, ms: 0, tests: [] });
  let engine;
  try {
    engine = await launchEngine(name);
    row.version = engine.version;
    console.log(`\n${name} ${engine.version}: ${cases.length} cases`);
  } catch (error) {
    // The engine could not start: each of its cases fails, with the reason.
    console.log(`\n✖ ${name} did not start: ${error.message}`);
    for (const c of cases) row.tests.push({ title: c.title, ok: false, ms: 0, error: `${name} did not start: ${error.message}` });
    row.failed = cases.length;
    report.failed += cases.length;
    continue;
  }
  try {
    for (const c of cases) {
      const t0 = Date.now();
      try {
        // One try: a case that needs a second one is a failure to find, not to hide.
        await runCase(engine, c);
        const ms = Date.now() - t0;
        row.tests.push({ title: c.title, ok: true, ms });
        row.passed++;
        console.log(`  ✔ ${name} › ${c.title} (${seconds(ms)})`);
      } catch (error) {
        const ms = Date.now() - t0;
        const message = String(error?.stack ?? error);
        row.tests.push({ title: c.title, ok: false, ms, error: message });
        row.failed++;
        console.log(`  ✖ ${name} › ${c.title} (${seconds(ms)})\n${message.replace(/^/gm, '      ')}`);
      }
    }
  } finally {
    await engine.close().catch(() => undefined);
  }
  row.ms = Date.now() - started;
  report.passed += row.passed;
  report.failed += row.failed;
  console.log(`  ${name}: ${row.passed} passed, ${row.failed} failed in ${seconds(row.ms)}`);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
console.log(`\nEngines: ${report.passed} passed, ${report.failed} failed`);
process.exit(report.failed === 0 ? 0 : 1);
